// Admin API: the remote console, a REPL evaluated inside the live node (like `mongooseimctl debug`
// or `bin/app remote_console`). The node does the line editing, history and completion; the client
// sends keystrokes and shows the output bytes as they come (ANSI escapes included in terminal mode).
// Every evaluated line is in the node's log (what: "console_eval").
import * as z from 'zod';
import { stream } from './define.js';

export type ConsoleMode = 'read_write' | 'read_only';

export const consoleFilter = z.object({
  /** read_only: only calls of the inspection helpers (sessions, top, proc, metrics, users, help) with literal arguments. */
  mode: z.enum(['read_write', 'read_only']).default('read_write'),
  /** "false" for piped input: plain lines, no echo, no escape sequences. */
  terminal: z.stringbool().default(true),
  cols: z.coerce.number().int().min(20).max(1000).default(80),
  rows: z.coerce.number().int().min(5).max(1000).default(24),
});

export type ConsoleFilter = z.output<typeof consoleFilter>;

export const consoleClientMessage = z.discriminatedUnion('type', [
  /** Keystrokes (terminal mode) or text (line mode), UTF-8. */
  z.strictObject({ type: z.literal('data'), data: z.string().max(64 * 1024) }),
  /** The client's terminal changed size. */
  z.strictObject({ type: z.literal('resize'), cols: z.number().int().min(20).max(1000), rows: z.number().int().min(5).max(1000) }),
  /** No more input (stdin ended): the node finishes the lines it got, then ends the console. */
  z.strictObject({ type: z.literal('eof') }),
]);

export type ConsoleClientMessage = z.output<typeof consoleClientMessage>;

export type ConsoleEvent =
  /** Bytes for the terminal; in terminal mode lines end with \r\n. */
  | { type: 'output'; data: string }
  /** The console ended (.exit, Ctrl-D, end of input); the socket closes after this. */
  | { type: 'exit' };

export const consoleStream = stream<ConsoleEvent>()({
  name: 'console',
  path: '/api/streams/console',
  summary: 'Remote console: a REPL inside the node with helpers (sessions, top, proc, kick, metrics, users, help)',
  filter: consoleFilter,
  clientMessage: consoleClientMessage,
});
