// One line of the renderer's log buffer: the entry as the core sent it (its known fields already
// parsed out by the core), plus what the filters need, computed once at ingest (a level bit), so a
// filter pass over 200,000 lines is property compares and one regular expression per line. Gaps (dropped lines, a tail that lost its node) are records too, so they
// sit in the list at the place they happened and no filter hides them.
import type { ConsoleLogEntry } from '../../main/common/console-api.js';

export const LEVEL_NAMES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

export type LogMarker =
  | { kind: 'dropped'; count: number }
  | { kind: 'source'; state: 'connected' | 'disconnected'; message?: string }
  /** The console's own socket dropped: lines sent meanwhile may be missing. */
  | { kind: 'console-disconnected' };

export interface LogRecord extends ConsoleLogEntry {
  /** Ingest order across every node of one store; views are sorted by it. */
  order: number;
  /** 1 << index in LEVEL_NAMES (custom in-between levels round down). */
  levelBit: number;
  /** Set when the buffer dropped the record; a view still holding it removes it. */
  evicted: boolean;
  marker?: LogMarker;
}

export function levelIndex(level: number): number {
  if (!(level >= 20)) return 0;
  return Math.min(5, Math.floor(level / 10) - 1);
}

export function levelNameOf(level: number): LevelName {
  return LEVEL_NAMES[levelIndex(level)];
}

/** Turns the entry itself into a record (no copy: 200,000 of them must stay cheap). */
export function toRecord(entry: ConsoleLogEntry, order: number): LogRecord {
  const record = entry as LogRecord;
  record.order = order;
  if (typeof entry.line !== 'string') record.line = '';
  record.levelBit = 1 << levelIndex(entry.level);
  record.evicted = false;
  return record;
}

export function markerRecord(nodeId: string, time: number, marker: LogMarker, order: number): LogRecord {
  return { nodeId, seq: -1, time, level: 40, line: '', order, levelBit: 1 << 3, evicted: false, marker };
}

export function markerText(record: LogRecord): string {
  const marker = record.marker;
  if (marker === undefined) return '';
  switch (marker.kind) {
    case 'dropped':
      return `${marker.count.toLocaleString('en-US')} lines dropped by ${record.nodeId}'s stream (it could not keep up)`;
    case 'source':
      return marker.state === 'connected'
        ? `tail of ${record.nodeId} connected`
        : `tail of ${record.nodeId} disconnected${marker.message ? `: ${marker.message}` : ''}; reconnecting, lines meanwhile may be missing`;
    case 'console-disconnected':
      return 'connection to the console lost; lines sent meanwhile may be missing';
  }
}

/** Every field of the line except the ones shown in their own column, parsed on demand (visible rows only). */
export function extraFields(record: LogRecord): [string, unknown][] {
  if (record.line === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.line);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  return Object.entries(parsed as Record<string, unknown>).filter(([key]) => !COLUMN_KEYS.has(key));
}

const COLUMN_KEYS = new Set(['level', 'time', 'msg', 'what', 'node']);
