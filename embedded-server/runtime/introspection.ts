// Observer / recon style views over the process table: paged listing, top-N by a metric (bounded
// heap) and per-process info with a bounded mailbox peek (top-N by growth over a window is in
// top-window.ts). Each stays cheap at 100,000 processes or a 1,000,000-message mailbox.
import type { Proc } from './process.js';
import type { ProcessTable } from './process-table.js';
import { TopHeap } from './top-selection.js';
import type { ProcessFilter, ProcessInfo, ProcessSummary, TopMetric } from './types.js';

export const DEFAULT_LIST_LIMIT = 1000;
export const MAX_LIST_LIMIT = 10_000;
export const DEFAULT_PEEK_LIMIT = 20;
export const MAX_PEEK_LIMIT = 500;
const MAX_RENDERED_CHARS = 256;

export interface ListOptions extends ProcessFilter {
  offset?: number;
  limit?: number;
}

/** Pid order, so offset/limit paging is stable while processes come and go. */
export function listProcesses(table: ProcessTable, opts: ListOptions, offset: number, limit: number): ProcessSummary[] {
  const out: ProcessSummary[] = [];
  if (limit === 0) return out;
  let skip = offset;
  for (const proc of table.byPid.values()) {
    if (!matches(proc, opts)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(proc.summary());
    if (out.length >= limit) break;
  }
  return out;
}

function matches(proc: Proc, filter: ProcessFilter): boolean {
  if (filter.kind !== undefined && proc.kind !== filter.kind) return false;
  return filter.serves === undefined || (proc.serves !== undefined && proc.serves.includes(filter.serves));
}

export function metricOf(proc: Proc, by: TopMetric): number {
  if (by === 'mailbox') return proc.mailbox.length;
  if (by === 'handled') return proc.handled;
  return proc.memoryBytes;
}

export function topProcesses(table: ProcessTable, n: number, by: TopMetric, filter?: ProcessFilter): ProcessSummary[] {
  const heap = new TopHeap(n);
  const only = filter !== undefined && (filter.kind !== undefined || filter.serves !== undefined) ? filter : undefined;
  if (by === 'mailbox') {
    // Only non-empty mailboxes can rank above zero; pad with empty ones in pid order.
    for (const proc of table.nonEmpty) if (only === undefined || matches(proc, only)) heap.offer(proc, proc.mailbox.length);
    if (heap.size < n) {
      for (const proc of table.byPid.values()) {
        if (proc.mailbox.length > 0 || (only !== undefined && !matches(proc, only))) continue;
        heap.offer(proc, 0);
        if (heap.size >= n) break;
      }
    }
  } else if (only === undefined) {
    for (const proc of table.dense) heap.offer(proc, metricOf(proc, by));
  } else {
    for (const proc of table.dense) if (matches(proc, only)) heap.offer(proc, metricOf(proc, by));
  }
  return heap.drain().map((r) => r.proc.summary());
}

export function processInfo(proc: Proc, peekOffset: number, peekLimit: number): ProcessInfo {
  const spec = proc.spec;
  const peeked = proc.mailbox.peek(peekOffset, peekLimit);
  const info: ProcessInfo = {
    ...proc.summary(),
    links: proc.links ? [...proc.links].map((p) => p.self) : [],
    monitors: proc.monitors ? [...proc.monitors.values()].map((m) => m.target.self) : [],
    monitoredBy: proc.monitoredBy ? [...proc.monitoredBy.values()].map((m) => m.watcher.self) : [],
    trapExits: proc.trapExits,
    mailboxCapacity: proc.mailbox.capacity,
    overflow: proc.overflow,
    mailbox: {
      offset: peekOffset,
      limit: peekLimit,
      total: proc.mailbox.length,
      messages: peeked.map((msg) => renderMessage(proc, msg)),
    },
  };
  if (spec.describeState) {
    try {
      info.state_snapshot = spec.describeState();
    } catch (err) {
      info.state_snapshot = { error: `describeState failed: ${errorText(err)}` };
    }
  }
  return info;
}

export function renderMessage(proc: Proc, msg: unknown, maxChars = MAX_RENDERED_CHARS): string {
  let text: string;
  try {
    text = proc.spec.renderMessage ? proc.spec.renderMessage(msg) : defaultRender(msg);
  } catch (err) {
    text = `[unrenderable: ${errorText(err)}]`;
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

function defaultRender(msg: unknown): string {
  if (typeof msg === 'string') return msg;
  if (typeof msg === 'function') return '[function]';
  if (typeof msg !== 'object' || msg === null) return String(msg);
  // Objects with their own toString (XML elements, errors) render better through it.
  if (!Array.isArray(msg) && typeof msg.toString === 'function' && msg.toString !== Object.prototype.toString) return String(msg);
  return JSON.stringify(msg) ?? String(msg);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
