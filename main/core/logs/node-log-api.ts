// How the console reads one node's logs: a query of the kept entries and a live tail, both
// filtered by the node. The fan-in only sees this interface; admin-log-api.ts implements it over
// the node's admin API.
import type { LogRecord } from '../../../embedded-server/admin/contract/logs.js';
import type { ConsoleLogEntry, LogFilterSpec } from '../../common/log-views.js';
import type { ConsoleCallError } from '../../common/console-errors.js';
import type { NodeHandle } from '../registry/node-registry.js';

export interface NodeTailHandlers {
  onOpen(): void;
  /** A batch of entries, oldest first, already carrying the console's node id. */
  onEntries(entries: ConsoleLogEntry[]): void;
  /** The node dropped `count` entries of this tail (it could not deliver them in time). */
  onDropped(count: number): void;
  /** The tail ended; with an error unless it was closed on purpose. */
  onClose(error: ConsoleCallError | undefined): void;
}

export interface NodeLogApi {
  /** sinceSeq: resume after this sequence number (the node sends what was missed first). */
  tail(node: NodeHandle, filter: LogFilterSpec, sinceSeq: number | undefined, handlers: NodeTailHandlers): { close(): void };
  /** The newest `limit` entries matching, oldest first. */
  query(node: NodeHandle, filter: LogFilterSpec, limit: number): Promise<ConsoleLogEntry[]>;
}

/** What the node sends for one entry (the admin contract's LogRecord). */
export type WireLogEntry = LogRecord;

const OPTIONAL_TEXT = ['what', 'module', 'jid', 'from_jid', 'to_jid', 'trace_id'] as const;
const MSG = /"msg":"((?:[^"\\]|\\.)*)"/;

/** The line's `msg` without parsing the whole line (this runs for every line of every tail). */
export function messageOf(line: string): string | undefined {
  const match = MSG.exec(line);
  if (match === null) return undefined;
  const raw = match[1];
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

export function toConsoleEntry(nodeId: string, wire: WireLogEntry): ConsoleLogEntry {
  const line = wire.line.endsWith('\n') ? wire.line.slice(0, -1) : wire.line;
  const entry: ConsoleLogEntry = { nodeId, seq: wire.seq, time: wire.time, level: wire.level, line };
  for (const key of OPTIONAL_TEXT) {
    const value = wire[key];
    if (typeof value === 'string') entry[key] = value;
  }
  if (typeof wire.pid === 'number' && Number.isFinite(wire.pid)) entry.pid = wire.pid;
  const msg = messageOf(line);
  if (msg !== undefined) entry.msg = msg;
  return entry;
}
