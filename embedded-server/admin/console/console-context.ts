// The global scope the remote console evaluates in: a vm context of its own (variables the operator
// defines do not land in the node's globals) holding the node's globals (process, Buffer, timers,
// URL...), require, a console that writes to the remote terminal, and the helpers. The same layout
// as node:repl's, built here because node:repl loads node:domain, which patches every EventEmitter
// (about twice the instructions to create and emit, under callgrind) and whose Domain enables an
// async hook for the rest of the process (a promise-heavy loop ran about 15 times slower).
import { Console } from 'node:console';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import vm from 'node:vm';
import type { ConsoleHelpers } from './console-helpers.js';
import { ALL_HELPERS } from './console-helpers.js';

/** Names every fresh context already has (Object, Array, JSON...): the context keeps its own. */
const CONTEXT_BUILTINS = new Set(vm.runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[]);

type Callback = (...args: unknown[]) => unknown;

/**
 * Timers whose callbacks report a throw to the console instead of the node's uncaught-exception
 * path: `setTimeout(() => oops(), 10)` typed by an operator must not end the node.
 */
function guardedTimers(report: (err: unknown) => void): Record<string, unknown> {
  const guard =
    (fn: unknown) =>
    (...args: unknown[]) => {
      try {
        return (fn as Callback)(...args);
      } catch (err) {
        report(err);
      }
    };
  const check = (fn: unknown, name: string) => {
    if (typeof fn !== 'function') throw new TypeError(`${name} needs a function`);
    return guard(fn);
  };
  return {
    setTimeout: (fn: unknown, ms?: number, ...args: unknown[]) => setTimeout(check(fn, 'setTimeout'), ms, ...args),
    setInterval: (fn: unknown, ms?: number, ...args: unknown[]) => setInterval(check(fn, 'setInterval'), ms, ...args),
    setImmediate: (fn: unknown, ...args: unknown[]) => setImmediate(check(fn, 'setImmediate'), ...args),
    queueMicrotask: (fn: unknown) => queueMicrotask(check(fn, 'queueMicrotask') as () => void),
  };
}

export function createConsoleContext(output: Writable, helpers: ConsoleHelpers, reportAsyncError: (err: unknown) => void): vm.Context {
  const sandbox: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (CONTEXT_BUILTINS.has(name) || name === 'console' || name === 'global') continue;
    Object.defineProperty(sandbox, name, Object.getOwnPropertyDescriptor(globalThis, name)!);
  }
  Object.assign(sandbox, guardedTimers(reportAsyncError));
  sandbox.console = new Console(output);
  // Resolves like a script in the node's working directory, as node:repl does.
  sandbox.require = createRequire(join(process.cwd(), 'console'));
  for (const name of ALL_HELPERS) sandbox[name] = helpers[name];
  const context = vm.createContext(sandbox, { name: 'meerkat remote console' });
  context.global = vm.runInContext('globalThis', context);
  return context;
}

/** Names visible as globals in the context, for completion (builtins, node globals, helpers, the operator's vars). */
export function contextGlobalNames(context: vm.Context): string[] {
  return vm.runInContext('Object.getOwnPropertyNames(globalThis)', context) as string[];
}
