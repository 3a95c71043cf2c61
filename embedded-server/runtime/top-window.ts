// Top-N by growth over a time window, like recon:proc_window: the metric is read when the window
// opens and again when it closes, and the processes live at the close rank by the difference
// (processes born during the window count from 0; those that exited are left out). Ties rank the
// older process (lower pid) first, as in top(). At 100,000 processes no read builds a Map or an
// object per process: start values sit in one typed array indexed by the processes' slots, and
// mailbox growth reads only the processes whose mailbox was non-empty at either end, since every
// other one grew by exactly 0.
import { metricOf } from './introspection.js';
import type { Proc } from './process.js';
import type { ProcessTable } from './process-table.js';
import { TopHeap, type Ranked } from './top-selection.js';
import type { ProcessSummary, TopMetric } from './types.js';

export type GrowthRow = ProcessSummary & { delta: number };

/** The metric's values when the window opened, by slot (a slot is kept for a process's whole life). */
class StartValues {
  private readonly newestPid: number;
  readonly bySlot: Float64Array;

  constructor(table: ProcessTable) {
    this.newestPid = table.newestPid;
    this.bySlot = new Float64Array(table.slotCount);
  }

  /** The process's value at the start; 0 for a process born since. */
  of(proc: Proc): number {
    // A process that exited during the window may have passed its slot on to a newer one: only a
    // pid from before the start proves the slot has held this process all along.
    return proc.self <= this.newestPid ? this.bySlot[proc.slot] : 0;
  }
}

export async function topWindow(table: ProcessTable, n: number, by: TopMetric, windowMs: number): Promise<GrowthRow[]> {
  const start = new StartValues(table);
  // An empty mailbox is 0, which the array already holds.
  if (by === 'mailbox') for (const proc of table.nonEmpty) start.bySlot[proc.slot] = proc.mailbox.length;
  else for (const proc of table.dense) start.bySlot[proc.slot] = metricOf(proc, by);
  await new Promise<void>((resolve) => setTimeout(resolve, windowMs));
  const ranked = by === 'mailbox' ? rankMailboxGrowth(table, n, start) : rankGrowth(table, n, by, start);
  return ranked.map((r) => ({ ...r.proc.summary(), delta: r.key }));
}

function rankGrowth(table: ProcessTable, n: number, by: TopMetric, start: StartValues): Ranked[] {
  const heap = new TopHeap(n);
  for (const proc of table.dense) heap.offer(proc, metricOf(proc, by) - start.of(proc));
  return heap.drain();
}

/**
 * Same ranking as a full scan, in three steps: the mailboxes that grew (all among today's
 * non-empty ones), then processes that stayed level in pid order until n rows are filled, then,
 * only when fewer than n grew or stayed level, the ones that shrank.
 */
function rankMailboxGrowth(table: ProcessTable, n: number, start: StartValues): Ranked[] {
  const heap = new TopHeap(n);
  for (const proc of table.nonEmpty) {
    const delta = proc.mailbox.length - start.of(proc);
    if (delta > 0) heap.offer(proc, delta);
  }
  if (heap.size < n) {
    for (const proc of table.byPid.values()) {
      if (proc.mailbox.length !== start.of(proc)) continue;
      heap.offer(proc, 0);
      if (heap.size >= n) break;
    }
  }
  if (heap.size < n) {
    for (const proc of table.dense) {
      const delta = proc.mailbox.length - start.of(proc);
      if (delta < 0) heap.offer(proc, delta);
    }
  }
  return heap.drain();
}
