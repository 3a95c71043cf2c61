// TAB completion for the remote console, done on the node (readline calls it with the line so far).
// A read-write console completes global names and members of a dotted chain (`process.mem`), which
// it reads by evaluating the chain: no calls, so completion never runs anything the log would not
// show. A read-only console completes only the inspection helpers' names.
import vm from 'node:vm';
import { contextGlobalNames } from './console-context.js';
import { INSPECTION_HELPERS } from './console-helpers.js';

export type Completer = (line: string) => [string[], string];

const MEMBER = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.([\w$]*)$/;
const IDENTIFIER = /([A-Za-z_$][\w$]*)$/;
const VALID_NAME = /^[A-Za-z_$][\w$]*$/;
const MAX_CANDIDATES = 500;

function memberNames(value: unknown): string[] {
  const names = new Set<string>();
  let current: unknown = value;
  // Primitives complete like their wrappers ('abc'.len → length).
  if (current !== null && current !== undefined && typeof current !== 'object' && typeof current !== 'function') current = Object(current);
  for (let depth = 0; current !== null && current !== undefined && depth < 20 && names.size < MAX_CANDIDATES; depth++) {
    for (const name of Object.getOwnPropertyNames(current)) if (VALID_NAME.test(name)) names.add(name);
    current = Object.getPrototypeOf(current);
  }
  return [...names];
}

function matching(candidates: Iterable<string>, prefix: string): string[] {
  return [...new Set(candidates)].filter((name) => name.startsWith(prefix)).sort();
}

export function createCompleter(opts: { readOnly: boolean; context: vm.Context; evalTimeoutMs: number }): Completer {
  if (opts.readOnly) {
    return (line) => {
      const word = IDENTIFIER.exec(line)?.[1] ?? '';
      if (line.slice(0, line.length - word.length).trim() !== '') return [[], word];
      return [matching(INSPECTION_HELPERS, word), word];
    };
  }
  return (line) => {
    const member = MEMBER.exec(line);
    if (member !== null) {
      let value: unknown;
      try {
        value = new vm.Script(member[1]).runInContext(opts.context, { timeout: opts.evalTimeoutMs, displayErrors: false });
      } catch {
        return [[], member[2]];
      }
      return [matching(memberNames(value), member[2]), member[2]];
    }
    const word = IDENTIFIER.exec(line)?.[1];
    if (word === undefined) return [[], ''];
    return [matching(contextGlobalNames(opts.context), word), word];
  };
}
