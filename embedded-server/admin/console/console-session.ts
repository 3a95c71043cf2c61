// One remote console: a REPL running inside the node on node:readline, fed with the client's
// keystrokes and writing to the client, so line editing, history and TAB completion happen here and
// a terminal client (the CLI, xterm.js) only carries bytes. In non-terminal mode (piped input) it
// reads lines and prints results without escape sequences. (Not node:repl: see console-context.ts.)
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { PassThrough, Writable } from 'node:stream';
import { inspect } from 'node:util';
import { createCompleter } from './console-completer.js';
import { createConsoleContext } from './console-context.js';
import { createConsoleEvaluator, describeError, type ConsoleMode } from './console-eval.js';
import { createConsoleHelpers, type ConsoleDeps } from './console-helpers.js';

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
  /** The console ended (.exit, Ctrl-D, end of input); called once, after the last output. */
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

const COMMANDS_HELP = `.break   abandon the unfinished multi-line input
.clear   start over with fresh variables (read-write)
.exit    end the console (also Ctrl-D on an empty line)
.help    this list; help() lists the helpers`;

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
  const evalTimeoutMs = deps.evalTimeoutMs ?? DEFAULT_EVAL_TIMEOUT_MS;

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
  const print = (text: string) => output.write(`${text}\n`);
  const input = new PassThrough();

  const helpers = createConsoleHelpers(deps);
  const reportAsyncError = (err: unknown) => {
    log.warn({ what: 'console_async_error', session_id: id, peer: opts.peer, err });
    print(`\n${describeError(err)} (in a callback)`);
  };
  let context = createConsoleContext(output, helpers, reportAsyncError);
  const evaluator = createConsoleEvaluator({
    sessionId: id,
    peer: opts.peer,
    mode,
    helpers,
    get context() {
      return context;
    },
    log,
    evalTimeoutMs,
    awaitTimeoutMs: deps.awaitTimeoutMs ?? DEFAULT_AWAIT_TIMEOUT_MS,
    print,
  });
  let completer = createCompleter({ readOnly: mode === 'read_only', context, evalTimeoutMs });

  log.info({ what: 'console_opened', session_id: id, peer: opts.peer, mode, terminal });
  print(`meerkat-node ${deps.nodeName} remote console${mode === 'read_only' ? ' (read-only)' : ''}: type help() for the helpers, .exit or Ctrl-D to leave.`);

  const prompt = `meerkat(${deps.nodeName})> `;
  const rl = readline.createInterface({
    input,
    output,
    terminal,
    prompt,
    historySize: 1000,
    removeHistoryDuplicates: true,
    completer: (line: string) => completer(line),
  });
  const writeValue = (value: unknown) => print(inspect(value, { colors: terminal, showProxy: true }));

  let buffered = '';
  const showPrompt = () => {
    rl.setPrompt(buffered === '' ? prompt : '... ');
    rl.prompt();
  };
  const command = (line: string): boolean => {
    const name = /^\.([a-z]+)(?:\s.*)?$/.exec(line.trim())?.[1];
    if (name === undefined || buffered !== '') return false;
    if (name === 'exit') rl.close();
    else if (name === 'help') print(COMMANDS_HELP);
    else if (name === 'break') buffered = '';
    else if (name === 'clear' && mode === 'read_write') {
      context = createConsoleContext(output, helpers, reportAsyncError);
      completer = createCompleter({ readOnly: false, context, evalTimeoutMs });
      print('Clearing context...');
    } else print(`Unknown command .${name}; .help lists the commands.`);
    if (name !== 'exit') showPrompt();
    return true;
  };

  rl.on('line', (line) => {
    if (line.trim().startsWith('.') && command(line)) return;
    const code = `${buffered}${line}\n`;
    void evaluator.evaluate(code).then((outcome) => {
      if (outcome.kind === 'incomplete') buffered = code;
      else {
        buffered = '';
        if (outcome.kind === 'value' && outcome.value !== undefined) {
          if (mode === 'read_write') context._ = outcome.value;
          writeValue(outcome.value);
        }
      }
      if (!exited) showPrompt();
    });
  });
  let sawInterrupt = false;
  rl.on('SIGINT', () => {
    // Ctrl-C clears the line; twice on an empty line ends the console (as node:repl does).
    const empty = rl.line.length === 0 && buffered === '';
    buffered = '';
    if (empty && sawInterrupt) return rl.close();
    sawInterrupt = empty;
    // Leave what was typed on screen (like a shell's ^C) and start a fresh line.
    rl.write(null, { ctrl: true, name: 'e' });
    const editor = rl as unknown as { line: string; cursor: number };
    editor.line = '';
    editor.cursor = 0;
    output.write('\n');
    if (empty) print('(To exit, press Ctrl+C again or Ctrl+D or type .exit)');
    showPrompt();
  });
  rl.on('line', () => (sawInterrupt = false));
  // Without a listener readline answers Ctrl-Z with SIGTSTP to its own process: the whole node.
  rl.on('SIGTSTP', () => {});
  rl.on('SIGCONT', () => {});

  let exited = false;
  rl.on('close', () => {
    if (exited) return;
    exited = true;
    void evaluator.idle().then(() => {
      flush();
      log.info({ what: 'console_closed', session_id: id, peer: opts.peer, evaluated: evaluator.count });
      opts.onExit();
    });
  });
  showPrompt();

  // Like node:repl's pause during top-level await: a line reaches readline only after the lines
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
      if (!exited) rl.close();
    },
  };
}
