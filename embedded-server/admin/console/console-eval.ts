// The remote console's evaluator: each line is logged before it runs, runs under a vm timeout so
// `while(true){}` cannot freeze the node (one JS thread serves every client), and a promise it
// returns is awaited so `users()` prints accounts, not `Promise {...}`. Lines run one after another
// even while a promise is pending. The read-only console evaluates nothing: it calls an inspection
// helper with the literal arguments of the line (helper-call.ts).
import { types } from 'node:util';
import vm from 'node:vm';
import type { Logger } from 'pino';
import { INSPECTION_HELPERS, type ConsoleHelpers } from './console-helpers.js';
import { parseHelperCall } from './helper-call.js';

export type ConsoleMode = 'read_write' | 'read_only';

export interface ConsoleEvalOptions {
  sessionId: string;
  peer: string | undefined;
  mode: ConsoleMode;
  helpers: ConsoleHelpers;
  /** Where read-write lines run. */
  context: vm.Context;
  log: Logger;
  evalTimeoutMs: number;
  awaitTimeoutMs: number;
  /** Writes a line to the console's output (errors, refusals). */
  print(text: string): void;
}

export type EvalOutcome =
  /** The code is not finished yet (an open bracket): read another line. */
  | { kind: 'incomplete' }
  /** Nothing to print (blank line, error or refusal already printed). */
  | { kind: 'none' }
  | { kind: 'value'; value: unknown };

export interface ConsoleEvaluator {
  /** Evaluates code (one or more lines); outcomes arrive in submission order. */
  evaluate(code: string): Promise<EvalOutcome>;
  /** Resolves when everything submitted so far has finished. */
  idle(): Promise<void>;
  /** Lines evaluated (or refused) so far. */
  readonly count: number;
}

/** Longest code kept in one log line; the rest is counted, not written. */
const MAX_LOGGED_CODE_CHARS = 8192;

/** node:repl's rule: a line starting with `{` is an object literal, not a block. */
function compile(code: string, filename: string): vm.Script {
  if (/^\s*\{/.test(code) && !/;\s*$/.test(code)) {
    try {
      return new vm.Script(`(${code.trim()})\n`, { filename });
    } catch {
      // Not an expression: compile it as written below.
    }
  }
  return new vm.Script(code, { filename });
}

function isIncomplete(err: unknown): boolean {
  return types.isNativeError(err) && err.name === 'SyntaxError' && /^(Unexpected end of input|Unterminated template literal)/.test(err.message);
}

/** An error as the operator needs it: message and the frames of their code, not the console's. */
export function describeError(err: unknown): string {
  if (!types.isNativeError(err)) return `Uncaught ${typeof err === 'string' ? JSON.stringify(err) : String(err)}`;
  if (err.name === 'SyntaxError') return `Uncaught SyntaxError: ${err.message}`;
  const lines = (err.stack ?? `${err.name}: ${err.message}`).split('\n');
  const cut = lines.findIndex((line) => /\(node:vm:|at Script\.runInContext|console-eval\.[tj]s/.test(line));
  return `Uncaught ${(cut > 0 ? lines.slice(0, cut) : lines).join('\n')}`;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

const STILL_PENDING = Symbol('still pending');

async function settle(value: unknown, limitMs: number): Promise<unknown> {
  if (!isThenable(value)) return value;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<typeof STILL_PENDING>((resolve) => (timer = setTimeout(() => resolve(STILL_PENDING), limitMs)));
  try {
    return await Promise.race([Promise.resolve(value), limit]);
  } finally {
    clearTimeout(timer);
  }
}

export function createConsoleEvaluator(opts: ConsoleEvalOptions): ConsoleEvaluator {
  let queue: Promise<unknown> = Promise.resolve();
  let count = 0;
  let scripts = 0;

  function logLine(code: string): void {
    const trimmed = code.replace(/\n$/, '');
    opts.log.info({
      what: 'console_eval',
      session_id: opts.sessionId,
      peer: opts.peer,
      mode: opts.mode,
      code: trimmed.length > MAX_LOGGED_CODE_CHARS ? trimmed.slice(0, MAX_LOGGED_CODE_CHARS) : trimmed,
      ...(trimmed.length > MAX_LOGGED_CODE_CHARS ? { code_chars: trimmed.length } : {}),
    });
    count++;
  }

  function readOnly(code: string): unknown[] {
    logLine(code);
    const call = parseHelperCall(code);
    if (call === undefined || !(INSPECTION_HELPERS as readonly string[]).includes(call.name)) {
      opts.log.warn({ what: 'console_eval_refused', session_id: opts.sessionId, peer: opts.peer });
      opts.print(
        `Refused: this console is read-only. It runs calls of ${INSPECTION_HELPERS.map((h) => `${h}()`).join(', ')} with literal arguments, e.g. top('mailbox', 3).`,
      );
      return [];
    }
    const helper = opts.helpers[call.name as (typeof INSPECTION_HELPERS)[number]] as (...args: unknown[]) => unknown;
    return [helper(...call.args)];
  }

  /** [value] to print, [] for nothing, 'incomplete' to read more lines. */
  function run(code: string): unknown[] | 'incomplete' {
    if (code.trim() === '') return [];
    if (opts.mode === 'read_only') return readOnly(code);
    let script: vm.Script;
    try {
      script = compile(code, `REPL${++scripts}`);
    } catch (err) {
      if (isIncomplete(err)) return 'incomplete';
      logLine(code);
      throw err;
    }
    logLine(code);
    try {
      return [script.runInContext(opts.context, { timeout: opts.evalTimeoutMs, displayErrors: false, breakOnSigint: false })];
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
      opts.log.warn({ what: 'console_eval_timeout', session_id: opts.sessionId, peer: opts.peer, timeout_ms: opts.evalTimeoutMs });
      opts.print(`Interrupted: the line ran longer than ${opts.evalTimeoutMs} ms (the node kept serving).`);
      return [];
    }
  }

  async function evaluateNow(code: string): Promise<EvalOutcome> {
    try {
      const result = run(code);
      if (result === 'incomplete') return { kind: 'incomplete' };
      if (result.length === 0) return { kind: 'none' };
      const value = await settle(result[0], opts.awaitTimeoutMs);
      if (value !== STILL_PENDING) return { kind: 'value', value };
      opts.print(`(the promise is still pending after ${opts.awaitTimeoutMs} ms; not waiting for it)`);
      return { kind: 'none' };
    } catch (err) {
      opts.print(describeError(err));
      return { kind: 'none' };
    }
  }

  return {
    evaluate(code) {
      const outcome = queue.then(() => evaluateNow(code));
      queue = outcome;
      return outcome;
    },
    idle: () => queue.then(() => undefined),
    get count() {
      return count;
    },
  };
}
