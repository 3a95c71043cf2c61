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
  /** Lines that passed. */
  matched: number;
  /** Time of the full filter pass, ms. */
  ms: number;
}

export interface MeerkatTestHooks {
  logLines(): number;
  logDropped(): { evicted: number; streamDropped: number };
  logTailPhase(): string;
  measureFilter(spec: { text?: string; levels?: LevelName[]; fields?: FieldFilter[] }): FilterMeasurement;
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
    measureFilter(spec) {
      logStore.flush();
      const filter: LogFilter = { levels: spec.levels ?? EMPTY_FILTER.levels, fields: spec.fields ?? [], text: spec.text ?? '' };
      const view = new LogView(logStore, null, filter);
      return { buffered: logStore.size(null), matched: view.length, ms: view.buildMs };
    },
  };
}
