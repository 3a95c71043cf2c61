// The remote console's evaluator, in place of the REPL's default one: each line is logged before it
// runs, runs under a vm timeout so `while(true){}` cannot freeze the node (one JS thread serves every
// client), and a promise it returns is awaited so `users()` prints accounts, not `Promise {...}`.
// Lines run one after another even when a promise is pending. The read-only console evaluates
// nothing: it calls an inspection helper with the literal arguments of the line (helper-call.ts).
import { Recoverable, type REPLEval } from 'node:repl';
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
  log: Logger;
  evalTimeoutMs: number;
  awaitTimeoutMs: number;
  /** Writes a line to the console's output (errors, refusals). */
  print(text: string): void;
}

export interface ConsoleEvaluator {
  eval: REPLEval;
  /** Resolves when every line submitted so far has finished. */
  idle(): Promise<void>;
  /** Lines evaluated (or refused) so far. */
  readonly count: number;
}

/** Longest code kept in one log line; the rest is counted, not written. */
const MAX_LOGGED_CODE_CHARS = 8192;
/** What the REPL's completer evaluates to list members; a typed line always ends with a newline. */
const COMPLETION = /^try \{ ([\s\S]*) \} catch \{\}$/;
/** Completion may read a member chain (no calls, so nothing runs that the log would not show). */
const MEMBER_CHAIN = /^[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*$/;

/** The REPL's own rule: a line starting with `{` is an object literal, not a block. */
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

/** An error as the operator needs it: message and the frames of their code, not of the console's. */
export function describeError(err: unknown): string {
  if (!types.isNativeError(err)) return `Uncaught ${typeof err === 'string' ? JSON.stringify(err) : String(err)}`;
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
  let queue: Promise<void> = Promise.resolve();
  let count = 0;

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

  function completion(expr: string, context: vm.Context, filename: string): unknown {
    if (opts.mode === 'read_only' || !MEMBER_CHAIN.test(expr.trim())) return undefined;
    try {
      return new vm.Script(expr, { filename }).runInContext(context, { timeout: opts.evalTimeoutMs, displayErrors: false });
    } catch {
      return undefined;
    }
  }

  /** Returns [value] to print, [] to print nothing, or a Recoverable for the REPL to read more lines. */
  async function evaluate(code: string, context: vm.Context, filename: string): Promise<[unknown] | [] | Recoverable> {
    if (code.trim() === '') return [];
    if (opts.mode === 'read_only') {
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
    let script: vm.Script;
    try {
      script = compile(code, filename);
    } catch (err) {
      if (isIncomplete(err)) return new Recoverable(err as Error);
      logLine(code);
      throw err;
    }
    logLine(code);
    try {
      return [script.runInContext(context, { timeout: opts.evalTimeoutMs, displayErrors: false, breakOnSigint: false })];
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        opts.log.warn({ what: 'console_eval_timeout', session_id: opts.sessionId, peer: opts.peer, timeout_ms: opts.evalTimeoutMs });
        opts.print(`Interrupted: the line ran longer than ${opts.evalTimeoutMs} ms (the node kept serving).`);
        return [];
      }
      throw err;
    }
  }

  const evalFn: REPLEval = function (code, context, filename, callback) {
    const completing = COMPLETION.exec(code);
    if (completing !== null && !code.endsWith('\n')) {
      callback(null, completion(completing[1], context, filename));
      return;
    }
    queue = queue.then(async () => {
      let answer: [Error | null, unknown];
      try {
        const outcome = await evaluate(code, context, filename);
        if (outcome instanceof Recoverable) answer = [outcome, undefined];
        else if (outcome.length === 0) answer = [null, undefined];
        else {
          const value = await settle(outcome[0], opts.awaitTimeoutMs);
          if (value === STILL_PENDING) opts.print(`(the promise is still pending after ${opts.awaitTimeoutMs} ms; not waiting for it)`);
          answer = [null, value === STILL_PENDING ? undefined : value];
        }
      } catch (err) {
        opts.print(describeError(err));
        answer = [null, undefined];
      }
      try {
        callback(...answer);
      } catch {
        // The REPL closed while the line ran (client gone): there is no prompt to show.
      }
    });
  };

  return {
    eval: evalFn,
    idle: () => queue,
    get count() {
      return count;
    },
  };
}
