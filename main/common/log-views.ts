// Log entries as the console carries them: one node's structured line plus the node it came from.
// The core forwards batches (never one message per line) and explicit "dropped" markers when a
// node's stream could not keep up; the renderer keeps the bounded buffer.

import type { LogLevelName as NodeLogLevelName } from '../../embedded-server/admin/contract/logs.js';

export type LogLevelName = NodeLogLevelName;

/** pino numeric levels, as in the `level` field of every line (the node's LOG_LEVEL_VALUES). */
export const LOG_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const satisfies Record<LogLevelName, number>;

export interface ConsoleLogEntry {
  /** The console's node id (not the node's own name). */
  nodeId: string;
  /** The node's sequence number of the line (per node, increasing). */
  seq: number;
  /** Epoch milliseconds. */
  time: number;
  /** pino numeric level. */
  level: number;
  what?: string;
  module?: string;
  jid?: string;
  from_jid?: string;
  to_jid?: string;
  pid?: number;
  trace_id?: string;
  /** The line's `msg`, when it has one. */
  msg?: string;
  /** The JSON line as the node wrote it (no trailing newline): parse it for any other field. */
  line: string;
}

/** The filter of a query or a live tail, applied by the node (the same fields as its admin API). */
export interface LogFilterSpec {
  /** Minimum level name (e.g. "warn": warn and above). */
  level?: LogLevelName;
  /** Exact `what` values; one ending in `*` matches by prefix ("c2s_*"). */
  what?: string[];
  module?: string[];
  /** Matches jid, from_jid and to_jid; a bare JID also matches its full JIDs. */
  jid?: string;
  pid?: number;
  trace_id?: string;
  /** Case-insensitive substring of the whole line. */
  text?: string;
}

export interface LogsQueryRequest {
  /** Omitted or empty: every node. */
  nodeIds?: string[];
  filter?: LogFilterSpec;
  /** Most recent entries per node (default 1000). */
  limit?: number;
}

export interface LogsQueryResult {
  /** Oldest first, merged across nodes by time. */
  entries: ConsoleLogEntry[];
  /** Nodes that could not be asked, with why. */
  failures: { nodeId: string; code: string; message: string }[];
}

export interface LogsTailFilter {
  /** Omitted or empty: every node, including nodes added later. */
  nodeIds?: string[];
  filter?: LogFilterSpec;
}

export type LogsTailEvent =
  | { kind: 'entries'; entries: ConsoleLogEntry[] }
  /** The node (or the core's forwarding) dropped `count` lines of this tail. */
  | { kind: 'dropped'; nodeId: string; count: number; at: number }
  /** The tail of one node connected or lost its connection (it reconnects by itself). */
  | { kind: 'source'; nodeId: string; state: 'connected' | 'disconnected'; message?: string };
