// Searching the log ring. A search can touch every kept line (100,000 by default), and text
// matching decodes each line, so the admin API runs it in slices that give the event loop back in
// between: a query must not stall a node that is already in trouble. Lines logged or evicted
// during the pauses are handled by sequence number: new ones are past the snapshot taken at the
// start, evicted ones end a newest-first scan or count as missed.
import { blankFields, compileFilter, type LogEntry, type LogFilter } from './log-filter.js';
import type { LogRing } from './log-ring.js';

export interface LogQuery extends LogFilter {
  /** Entries after this sequence number, oldest first; without it the newest entries, newest first. */
  sinceSeq?: number;
  limit: number;
}

export interface LogQueryResult {
  entries: LogEntry[];
  /** Sequence numbers of the oldest and newest entry in the ring when the query started (0 and 0 when empty). */
  oldestSeq: number;
  newestSeq: number;
  /** With sinceSeq: entries after it that were evicted before they could be searched. */
  missed: number;
}

interface Scan {
  readonly result: LogQueryResult;
  /** Runs up to `budget` entries; true when the query is complete. */
  step(budget: number): boolean;
}

function startScan(ring: LogRing, q: LogQuery): Scan {
  const filter = compileFilter(q);
  const view = blankFields();
  const result: LogQueryResult = { entries: [], oldestSeq: ring.oldestSeq, newestSeq: ring.newestSeq, missed: 0 };
  const forward = q.sinceSeq !== undefined;
  let next = forward ? (q.sinceSeq as number) + 1 : result.newestSeq;
  const last = result.newestSeq;

  const take = (seq: number): void => {
    if (!ring.readFields(seq, view) || !filter.fields(view)) return;
    const line = ring.line(seq) as string;
    if (filter.text !== null && !filter.text.test(line)) return;
    result.entries.push({ ...view, seq, line });
  };

  return {
    result,
    step(budget) {
      for (let n = 0; n < budget; n++) {
        if (result.entries.length >= q.limit) return true;
        if (forward) {
          if (next > last) return true;
          // Still below the oldest kept line: at the start (a stale since) or evicted during a pause.
          const oldest = ring.size === 0 ? ring.newestSeq + 1 : ring.oldestSeq;
          if (next < oldest) {
            result.missed += Math.min(oldest, last + 1) - next;
            next = oldest;
            continue;
          }
          take(next++);
        } else {
          if (next < 1 || next < ring.oldestSeq || ring.size === 0) return true;
          take(next--);
        }
      }
      return false;
    },
  };
}

/** Runs a query to completion at once (tests, small rings). */
export function queryRing(ring: LogRing, q: LogQuery): LogQueryResult {
  const scan = startScan(ring, q);
  scan.step(Infinity);
  return scan.result;
}

/** Entries looked at per slice: a few milliseconds of work, much less without text matching. */
const SLICE_WITH_TEXT = 2048;
const SLICE_FIELDS_ONLY = 16_384;

/** Runs a query in slices, yielding to the event loop between them. */
export async function queryRingInSlices(ring: LogRing, q: LogQuery): Promise<LogQueryResult> {
  const scan = startScan(ring, q);
  const slice = q.text === undefined || q.text === '' ? SLICE_FIELDS_ONLY : SLICE_WITH_TEXT;
  while (!scan.step(slice)) await new Promise((resolve) => setImmediate(resolve));
  return scan.result;
}
