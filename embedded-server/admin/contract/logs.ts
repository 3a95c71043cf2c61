// Admin API: the node's structured log, served from its in-memory ring (newest [log] ring_size
// lines), its run-time levels, and a live tail over WebSocket. Every entry has a sequence number:
// pass the last one seen as `since` to resume without gaps (or learn how many were missed).
import * as z from 'zod';
import { endpoint, stream } from './define.js';

export const LOG_LEVEL_NAMES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

/** pino's numeric levels, as in the `level` field of every line and of LogRecord. */
export const LOG_LEVEL_VALUES: Readonly<Record<LogLevelName, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * One log line as the node wrote it, with its place in the ring and the fields the node filters
 * on already read out (null when the line has none), so a client need not parse the line to list it.
 */
export interface LogRecord {
  seq: number;
  /** Epoch milliseconds (the line's `time` field is the same instant in ISO 8601). */
  time: number;
  /** Numeric level, see LOG_LEVEL_VALUES. */
  level: number;
  what: string | null;
  module: string | null;
  jid: string | null;
  from_jid: string | null;
  to_jid: string | null;
  pid: number | null;
  trace_id: string | null;
  node: string | null;
  /** The JSON line exactly as written to stdout and the file, newline included. */
  line: string;
}

export interface LogQueryResponse {
  /** Newest first without `since`; oldest first after `since`. */
  entries: LogRecord[];
  /** Sequence numbers of the oldest and newest line the ring holds (0 when empty). */
  oldestSeq: number;
  newestSeq: number;
  /** With `since`: lines after it already evicted from the ring, so not searched. */
  missed: number;
}

export interface LogLevelsResponse {
  global: LogLevelName;
  /** Per-module overrides. */
  modules: Record<string, LogLevelName>;
  /** Every module logger in use, with the level it logs at now. */
  loggers: Record<string, LogLevelName>;
}

export type LogStreamEvent =
  | { type: 'entries'; entries: LogRecord[] }
  /** This many matching lines were not sent (the client was too slow); they precede the next batch. */
  | { type: 'dropped'; count: number };

const commaList = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  );

const filterFields = {
  /** Minimum level: `warn` gives warn, error and fatal. */
  level: z.enum(LOG_LEVEL_NAMES).optional(),
  /** `what` values, comma-separated; a trailing `*` matches by prefix (`c2s_*`). */
  what: commaList.optional(),
  /** Logger modules, comma-separated, same syntax as `what`. */
  module: commaList.optional(),
  /** Matches jid, from_jid or to_jid; a bare JID also matches its full JIDs. */
  jid: z.string().min(1).optional(),
  pid: z.coerce.number().int().min(0).optional(),
  trace_id: z.string().min(1).optional(),
  /** Case-insensitive text anywhere in the JSON line. */
  text: z.string().min(1).max(500).optional(),
  /** A sequence number: only lines after it (oldest first). */
  since: z.coerce.number().int().min(0).optional(),
};

export const logQuery = z.strictObject({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
});
export type LogQueryInput = z.output<typeof logQuery>;

export const logStreamFilter = z.strictObject(filterFields);
export type LogStreamFilter = z.output<typeof logStreamFilter>;

export const logLevelsChange = z.strictObject({
  global: z.enum(LOG_LEVEL_NAMES).optional(),
  /** null puts a module back on the global level. */
  modules: z.record(z.string().min(1).max(100), z.enum(LOG_LEVEL_NAMES).nullable()).optional(),
});
export type LogLevelsChange = z.output<typeof logLevelsChange>;

export const logsQuery = endpoint<LogQueryResponse>()({
  name: 'logs.query',
  method: 'GET',
  path: '/api/logs',
  summary: 'Log lines from the in-memory ring: the newest, or those after a sequence number, filtered',
  query: logQuery,
});

export const logsLevels = endpoint<LogLevelsResponse>()({
  name: 'logs.levels',
  method: 'GET',
  path: '/api/logs/levels',
  summary: 'The global log level, per-module overrides and the level of every module logger',
});

export const logsSetLevels = endpoint<LogLevelsResponse>()({
  name: 'logs.set_levels',
  method: 'PUT',
  path: '/api/logs/levels',
  summary: 'Changes the global level and/or module levels at run time (null: back to global)',
  body: logLevelsChange,
});

export const logsStream = stream<LogStreamEvent>()({
  name: 'logs.stream',
  path: '/api/streams/logs',
  summary: 'Live tail of the log with the same filters as GET /api/logs, in batches; `since` resumes',
  filter: logStreamFilter,
});
