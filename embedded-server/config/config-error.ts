// A config problem as the operator should read it: which file, which key, and why, e.g.
// `node.toml: listen.c2s.port: expected an integer between 1 and 65535, got "abc"`.
import type * as z from 'zod';
import { MODULE_IDS } from './module-schemas.js';

export interface ConfigProblem {
  /** Dotted key path ("listen.c2s.port"); empty for problems with the file as a whole. */
  key: string;
  reason: string;
}

export class ConfigError extends Error {
  readonly key: string;
  readonly reason: string;
  readonly file: string;
  /** Further problems found in the same pass, beyond the one in the message. */
  readonly others: ConfigProblem[];

  constructor(file: string, problem: ConfigProblem, others: ConfigProblem[] = []) {
    super(problem.key === '' ? `${file}: ${problem.reason}` : `${file}: ${problem.key}: ${problem.reason}`);
    this.name = 'ConfigError';
    this.file = file;
    this.key = problem.key;
    this.reason = problem.reason;
    this.others = others;
  }
}

function keyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc === '' ? String(part) : `${acc}.${String(part)}`;
  }, '');
}

function describeValue(value: unknown): string | undefined {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    const text = JSON.stringify(value);
    return text.length <= 80 ? text : 'a list';
  }
  if (value instanceof Date) return `the date ${value.toISOString()}`;
  return undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The keys a (possibly wrapped) object schema accepts at `path`, to suggest a fix for a typo. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  const unwrap = () => {
    for (;;) {
      const def = (current as { _zod?: { def?: { innerType?: unknown } } })._zod?.def;
      if (def?.innerType === undefined) return;
      current = def.innerType;
    }
  };
  for (const part of path) {
    unwrap();
    const shape = (current as { shape?: Record<string, unknown> }).shape;
    if (shape === undefined || typeof part !== 'string' || !(part in shape)) return [];
    current = shape[part];
  }
  unwrap();
  return Object.keys((current as { shape?: Record<string, unknown> }).shape ?? {});
}

// Keys a MongooseIM operator may carry over, which a near-miss suggestion would only confuse.
const UNSUPPORTED_KEYS: Record<string, string> = {
  'listen.s2s': 'server-to-server (s2s) listeners are not supported by meerkat-node',
  'listen.http': 'unknown key; the WebSocket listener is [listen.websocket]',
};

function unknownKeyReason(schema: z.ZodType, path: readonly PropertyKey[], key: string): string {
  if (path.length === 1 && path[0] === 'modules') return `unknown module; known modules: ${MODULE_IDS.join(', ')}`;
  const unsupported = UNSUPPORTED_KEYS[keyPath([...path, key])];
  if (unsupported !== undefined) return unsupported;
  const known = knownKeysAt(schema, path);
  const closest = known
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  if (closest !== undefined && closest.distance <= Math.max(2, Math.floor(key.length / 3))) {
    return `unknown key; did you mean "${closest.candidate}"?`;
  }
  return known.length > 0 ? `unknown key; expected one of ${known.join(', ')}` : 'unknown key';
}

export function problemsFromIssues(schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ key: keyPath([...issue.path, key]), reason: unknownKeyReason(schema, issue.path, key) }));
    }
    const got = 'input' in issue ? describeValue(issue.input) : undefined;
    return [{ key: keyPath(issue.path), reason: got === undefined ? issue.message : `${issue.message}, got ${got}` }];
  });
}
