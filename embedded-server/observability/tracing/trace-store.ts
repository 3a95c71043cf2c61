// The kept traces, in a ring of max_traces: the newest push out the oldest. Traces are stored as
// copied from their records when kept (finished-trace.ts) and turned into JSON only when read.
import type { FinishedTrace } from './finished-trace.js';
import type { KeptTrace } from './span-recorder.js';
import { roundMs, spanRecord, summarizeTrace, type TraceDetail, type TraceSummary } from './trace-records.js';

export interface TraceListFilter {
  minDurationMs?: number;
  errorsOnly?: boolean;
  /** A full JID matches itself; a bare JID also matches its full JIDs. */
  jid?: string;
  /** A span of this exact name. */
  spanName?: string;
  limit: number;
  /** Started strictly before this time (epoch ms): the last startMs of a page gives the next page. */
  before?: number;
}

interface StoredTrace {
  readonly trace: FinishedTrace;
  readonly kept: KeptTrace;
  summary: TraceSummary | undefined;
}

function summaryOf(entry: StoredTrace): TraceSummary {
  entry.summary ??= summarizeTrace(entry.trace, entry.kept.reason, entry.kept.startMs, entry.kept.durationMs);
  return entry.summary;
}

function matchesJid(jids: readonly string[], wanted: string): boolean {
  const bare = !wanted.includes('/');
  for (const jid of jids) {
    if (jid === wanted) return true;
    if (bare && jid.length > wanted.length && jid.startsWith(wanted) && jid[wanted.length] === '/') return true;
  }
  return false;
}

function hasSpanNamed(trace: FinishedTrace, name: string): boolean {
  return trace.spans.some((span) => span.name === name);
}

/** The filters that need the trace's summary (computed once, then cached). */
function matchesContent(entry: StoredTrace, filter: TraceListFilter): boolean {
  const summary = summaryOf(entry);
  if (filter.errorsOnly === true && !summary.error) return false;
  if (filter.jid !== undefined && !matchesJid(summary.jids, filter.jid)) return false;
  if (filter.spanName !== undefined && !hasSpanNamed(entry.trace, filter.spanName)) return false;
  return true;
}

/** Start time as the summaries show it, so a client's `before` (a startMs it was given) compares exactly. */
function shownStart(entry: StoredTrace): number {
  return roundMs(entry.kept.startMs);
}

export class TraceStore {
  private readonly ring: (StoredTrace | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly maxTraces: number) {
    this.ring = new Array<StoredTrace | undefined>(maxTraces);
  }

  get size(): number {
    return this.count;
  }

  /** No index is kept: adding is on the node's hot path, reading by id is a rare admin request (a scan). */
  add(trace: FinishedTrace, kept: KeptTrace): void {
    this.ring[this.next] = { trace, kept, summary: undefined };
    this.next = this.next + 1 === this.maxTraces ? 0 : this.next + 1;
    if (this.count < this.maxTraces) this.count++;
  }

  private at(age: number): StoredTrace {
    return this.ring[(this.next - age + this.maxTraces) % this.maxTraces] as StoredTrace;
  }

  /**
   * Summaries of matching traces, latest start first. Traces are kept in the order they complete, not
   * the order they start, so the whole ring is scanned; entries that cannot make the page are skipped
   * before their summary is computed.
   */
  list(filter: TraceListFilter): TraceSummary[] {
    const page: StoredTrace[] = [];
    const { limit, before, minDurationMs } = filter;
    for (let age = 1; age <= this.count; age++) {
      const entry = this.at(age);
      const start = shownStart(entry);
      if (before !== undefined && start >= before) continue;
      if (page.length === limit && start <= shownStart(page[limit - 1])) continue;
      if (minDurationMs !== undefined && entry.kept.durationMs < minDurationMs) continue;
      if (!matchesContent(entry, filter)) continue;
      let i = page.length;
      while (i > 0 && shownStart(page[i - 1]) < start) i--;
      page.splice(i, 0, entry);
      if (page.length > limit) page.pop();
    }
    return page.map(summaryOf);
  }

  /** A trace id kept twice (a trace that left this node and came back) gives the newest. */
  get(traceId: string): TraceDetail | undefined {
    const entry = this.find(traceId);
    return entry === undefined ? undefined : { ...summaryOf(entry), spans: entry.trace.spans.map((span) => spanRecord(entry.trace, span)) };
  }

  /** The kept trace itself (as the OTLP export sends it). */
  finished(traceId: string): FinishedTrace | undefined {
    return this.find(traceId)?.trace;
  }

  private find(traceId: string): StoredTrace | undefined {
    const wanted = traceId.toLowerCase();
    for (let age = 1; age <= this.count; age++) {
      const entry = this.at(age);
      if (entry.trace.traceId === wanted) return entry;
    }
    return undefined;
  }
}
