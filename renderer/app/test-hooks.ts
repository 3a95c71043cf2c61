// Figures for the end-to-end tests and the console bench, on window.__meerkat: buffer sizes and a
// timed filter pass over the buffered lines through the same code the logs view runs. Read-only:
// nothing here changes what the user sees.
import type { ConsoleServices } from '../api/console-context.js';
import { EMPTY_FILTER, type FieldFilter, type LogFilter } from '../logs/log-filter.js';
import type { LevelName } from '../logs/log-record.js';
import { LogView } from '../logs/log-view.js';

export interface FilterMeasurement {
  /** Lines held in the buffer (all nodes). */
  buffered: number;
  /** Lines that passed (gap markers, which every filter keeps, not counted). */
  matched: number;
  /** Gap markers in the result. */
  gaps: number;
  /** Time of the full filter pass, ms. */
  ms: number;
  /** The first matching lines, when asked for (sample > 0). */
  lines?: string[];
}

export interface MeerkatTestHooks {
  logLines(): number;
  logDropped(): { evicted: number; streamDropped: number };
  logTailPhase(): string;
  /** Lines held twice (same node, same text): a tail or backfill that repeats itself. */
  logDuplicates(): number;
  measureFilter(spec: { text?: string; levels?: LevelName[]; fields?: FieldFilter[]; sample?: number }): FilterMeasurement;
}

declare global {
  interface Window {
    __meerkat?: MeerkatTestHooks;
  }
}

export function installTestHooks(win: Window, services: ConsoleServices): void {
  const { logStore, logTail } = services;
  win.__meerkat = {
    logLines: () => logStore.size(null),
    logDropped: () => logStore.dropped(null),
    logTailPhase: () => logTail.state.phase,
    logDuplicates() {
      logStore.flush();
      const seen = new Set<string>();
      let duplicates = 0;
      for (const record of logStore.collect(null, (r) => r.marker === undefined)) {
        const key = `${record.nodeId}\u0000${record.line}`;
        if (seen.has(key)) duplicates++;
        else seen.add(key);
      }
      return duplicates;
    },
    measureFilter(spec) {
      logStore.flush();
      const filter: LogFilter = { levels: spec.levels ?? EMPTY_FILTER.levels, fields: spec.fields ?? [], text: spec.text ?? '' };
      const view = new LogView(logStore, null, filter);
      const records = view.toArray();
      const gaps = records.filter((r) => r.marker !== undefined).length;
      const result: FilterMeasurement = { buffered: logStore.size(null), matched: records.length - gaps, gaps, ms: view.buildMs };
      if ((spec.sample ?? 0) > 0) result.lines = records.filter((r) => r.marker === undefined).slice(0, spec.sample).map((r) => r.line);
      return result;
    },
  };
}
