// The remote console as the console carries it: a REPL inside the node (the node's
// /api/streams/console). The renderer opens a `remoteConsole.session` stream under a session id
// it picks, and sends keystrokes and resizes with `remoteConsole.input` under the same id, since
// console streams carry events one way only.

export type RemoteConsoleMode = 'read_write' | 'read_only';

export interface RemoteConsoleFilter {
  nodeId: string;
  /** Chosen by the renderer (random, at least 8 characters); names the session for remoteConsole.input. */
  sessionId: string;
  /** read_only: the node refuses everything but the inspection helpers (sessions, top, proc, metrics, users, help). */
  mode?: RemoteConsoleMode;
  cols?: number;
  rows?: number;
}

export type RemoteConsoleEvent =
  /** The node's REPL is attached. */
  | { type: 'open'; mode: RemoteConsoleMode }
  /** Bytes for the terminal (ANSI escapes included). */
  | { type: 'output'; data: string }
  /** The REPL ended (.exit, Ctrl-D); the stream ends after this. */
  | { type: 'exit' }
  /** The node went away or refused the console; the stream ends after this. */
  | { type: 'lost'; message: string };

export type RemoteConsoleMessage =
  | { type: 'data'; data: string }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'eof' };

export interface RemoteConsoleInput {
  sessionId: string;
  message: RemoteConsoleMessage;
}
