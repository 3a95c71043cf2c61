// One remote console: a node:repl REPL running inside the node, fed with the client's keystrokes and
// writing to the client, so line editing, history and TAB completion happen here and a terminal
// client (the CLI, xterm.js) only carries bytes. In non-terminal mode (piped input) it reads lines
// and prints results without escape sequences.
import { randomUUID } from 'node:crypto';
import repl from 'node:repl';
import { PassThrough, Writable } from 'node:stream';
import type vm from 'node:vm';
import { createConsoleEvaluator, type ConsoleMode } from './console-eval.js';
import { createConsoleHelpers, INSPECTION_HELPERS, ALL_HELPERS, type ConsoleDeps } from './console-helpers.js';

export interface ConsoleSessionOptions {
  deps: ConsoleDeps;
  mode: ConsoleMode;
  /** Raw keystrokes with line editing (true), or plain lines (false). */
  terminal: boolean;
  cols: number;
  rows: number;
  peer?: string;
  /** Receives output; returns false when the client is too far behind (the chunk is dropped). */
  write(data: string): boolean;
  /** The REPL ended (.exit, Ctrl-D, end of input); called once, after the last output. */
  onExit(): void;
}

export interface ConsoleSession {
  readonly id: string;
  /** Keystrokes (terminal) or text (lines) from the client. */
  input(data: string): void;
  resize(cols: number, rows: number): void;
  /** The client has nothing more to send: finish the lines already sent, then exit. */
  endInput(): void;
  /** The client went away: stop now. */
  close(): void;
}

export const DEFAULT_EVAL_TIMEOUT_MS = 2000;
export const DEFAULT_AWAIT_TIMEOUT_MS = 30_000;

/** A writable that looks enough like a TTY for readline (columns, rows, 'resize'). */
class ConsoleOutput extends Writable {
  columns: number;
  rows: number;
  constructor(
    cols: number,
    rows: number,
    private readonly onChunk: (text: string) => void,
  ) {
    super({ decodeStrings: false });
    this.columns = cols;
    this.rows = rows;
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.onChunk(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    done();
  }
}

export function startConsoleSession(opts: ConsoleSessionOptions): ConsoleSession {
  const { deps, mode, terminal } = opts;
  const id = randomUUID();
  const log = deps.log;

  let pending = '';
  let droppedChars = 0;
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    if (pending === '') return;
    let text = terminal ? pending.replace(/\r?\n/g, '\r\n') : pending;
    pending = '';
    if (droppedChars > 0) text = `\r\n[console: ${droppedChars} characters of output dropped; the client was too slow]\r\n${text}`;
    if (opts.write(text)) droppedChars = 0;
    else droppedChars += text.length;
  };
  // Keystroke echoes and results arrive in many small writes; one message per tick is enough.
  const output = new ConsoleOutput(opts.cols, opts.rows, (text) => {
    pending += text;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  const input = new PassThrough();

  const helpers = createConsoleHelpers(deps);
  const evaluator = createConsoleEvaluator({
    sessionId: id,
    peer: opts.peer,
    mode,
    helpers,
    log,
    evalTimeoutMs: deps.evalTimeoutMs ?? DEFAULT_EVAL_TIMEOUT_MS,
    awaitTimeoutMs: deps.awaitTimeoutMs ?? DEFAULT_AWAIT_TIMEOUT_MS,
    print: (text) => output.write(`${text}\n`),
  });

  log.info({ what: 'console_opened', session_id: id, peer: opts.peer, mode, terminal });
  output.write(
    `meerkat-node ${deps.nodeName} remote console${mode === 'read_only' ? ' (read-only)' : ''}: type help() for the helpers, .exit or Ctrl-D to leave.\n`,
  );

  const server = repl.start({
    input,
    output,
    terminal,
    prompt: `meerkat(${deps.nodeName})> `,
    useGlobal: false,
    useColors: terminal,
    ignoreUndefined: true,
    preview: false,
    eval: evaluator.eval,
  });
  const install = (context: vm.Context) => {
    const names = mode === 'read_only' ? INSPECTION_HELPERS : ALL_HELPERS;
    for (const name of names) context[name] = helpers[name];
  };
  install(server.context);
  server.on('reset', install);
  if (mode === 'read_only') {
    // .save writes a file on the node and .load runs one: neither is an inspection.
    const commands = server.commands as Record<string, repl.REPLCommand>;
    delete commands.save;
    delete commands.load;
  }

  let exited = false;
  server.on('exit', () => {
    if (exited) return;
    exited = true;
    void evaluator.idle().then(() => {
      flush();
      log.info({ what: 'console_closed', session_id: id, peer: opts.peer, evaluated: evaluator.count });
      opts.onExit();
    });
  });

  // Like the REPL's own pause during top-level await: a line reaches the REPL only after the lines
  // before it have finished, so a burst of piped lines keeps its order and multi-line input works.
  const queued: string[] = [];
  let pumping = false;
  let inputEnded = false;
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    while (queued.length > 0 && !exited) {
      const text = queued[0];
      const eol = text.search(/[\r\n]/);
      if (eol < 0) {
        input.write(queued.shift()!);
        continue;
      }
      const end = text.startsWith('\r\n', eol) ? eol + 2 : eol + 1;
      input.write(text.slice(0, end));
      if (end === text.length) queued.shift();
      else queued[0] = text.slice(end);
      await new Promise((resolve) => setImmediate(resolve));
      await evaluator.idle();
    }
    pumping = false;
    if (inputEnded && !exited) input.end();
  };

  return {
    id,
    input(data) {
      if (exited || inputEnded) return;
      queued.push(data);
      void pump();
    },
    resize(cols, rows) {
      output.columns = cols;
      output.rows = rows;
      output.emit('resize');
    },
    endInput() {
      inputEnded = true;
      void pump();
    },
    close() {
      if (!exited) server.close();
    },
  };
}
