// A trace of the stanza path that the sampling draw did not pick for detail ([tracing] detail =
// "sampled", the default). Recording every span of every stanza until tail sampling judges it cost
// about 1-1.5 µs a message in the node (docs/benchmarks.md), most of the observer effect. An outline
// keeps only what tail sampling needs to judge the trace and what a kept one must show: the root span
// (start, end, description, failure), the deliveries parked in messages (c2s.deliver: start, end,
// description, failure), whose end is when a message turns slow, and each span inside the root that
// failed (with its times, description and attributes). The other spans inside the root are held by
// the stack tracer only while they are open, and counted. A failed or slow outline is kept (a trace
// of those spans, all under the root, which says how many spans were not recorded); an ordinary one
// is dropped without being looked at. Code that needs more of the trace (a span object, asynchronous
// work) moves it into a TraceRecord (SpanRecorder.materializeOutline) with its open spans, and it goes
// on in full from then on. A log line inside it carries its trace id and its root's span id. The
// usual outline (one delivery, nothing failed) is not an object at all until it is kept: see
// outline-sketch.ts.
import { SpanStatusCode } from '@opentelemetry/api';
import { NOT_SAMPLED } from './lazy-trace.js';
import type { RecordedKey, RecordedValue, TraceRecord, TraceRecordOwner } from './trace-record.js';

/** A time not reached yet (an open span's end). */
export const OUTLINE_OPEN = -1;
/** Offsets are clamped to this (about 17 minutes: traces are swept long before). */
const MAX_OFFSET_US = 0x3fffffff;
/** Cells per delivery past the first in `more`: name, start, end, describer, subject, error. */
const DELIVERY_CELLS = 6;
/** Cells per failed span in `failedSpans`: name, start, end, describer, subject, attribute rows (key, value, ...), message. */
const FAILED_CELLS = 7;

/** An attribute row list: key, value, key, value, ... */
export type AttributeRows = (string | RecordedValue)[];

/** Whole microseconds from `startMs` to `atMs`, clamped to [0, MAX_OFFSET_US] (a small integer field, no heap number). */
export function offsetUs(startMs: number, atMs: number): number {
  const us = Math.round((atMs - startMs) * 1000);
  return us > 0 ? (us < MAX_OFFSET_US ? us : MAX_OFFSET_US) : 0;
}

/** What few outlines need (failures, more deliveries, log ids, a move, a timeout), apart: most outlines stay small. */
class OutlineRare {
  /** Failures of the root, as (span name, message) pairs. */
  errors: string[] | undefined = undefined;
  /** Spans inside the root that failed (FAILED_CELLS each). */
  failedSpans: (string | number | RecordedKey | RecordedValue | AttributeRows | undefined)[] | undefined = undefined;
  /** Deliveries past the first (DELIVERY_CELLS each). */
  more: (string | number | RecordedKey | RecordedValue | undefined)[] | undefined = undefined;
  /** The first delivery's failure. */
  x0: string | undefined = undefined;
  /** Ids handed out to log lines before it was judged (a kept trace has the same ones). */
  traceId: string | undefined = undefined;
  rootSpanId: string | undefined = undefined;
  moved: TraceRecord | undefined = undefined;
  movedGeneration = 0;
  incomplete = false;
}

export class OutlineTrace {
  /** Judged, evicted, or moved into a record: nothing more is recorded here. */
  done = false;
  /** The root's end as an offset; OUTLINE_OPEN while its synchronous code runs. */
  rootEnd = OUTLINE_OPEN;
  /** Spans opened inside the root and not recorded. */
  inner = 0;
  /** Deliveries parked, and those of them not ended yet. */
  parked = 0;
  pending = 0;
  /** Its place among the recorder's open traces once its root closed with deliveries pending; -1 when not there. */
  place = -1;
  private readonly name: string;
  private describer: RecordedKey | undefined;
  private subject: RecordedValue | undefined;
  // The first delivery inline (one message to one session, the usual case); the others in rare.more.
  private n0: string | undefined = undefined;
  private b0 = 0;
  private e0 = OUTLINE_OPEN;
  private d0: RecordedKey | undefined = undefined;
  private s0: RecordedValue | undefined = undefined;
  /** The latest end of a delivery, as an offset. */
  private lastEnd = 0;
  private rare: OutlineRare | undefined = undefined;

  constructor(
    readonly startMs: number,
    name: string,
    describer: RecordedKey | undefined,
    subject: RecordedValue | undefined,
  ) {
    this.name = name;
    this.describer = describer;
    this.subject = subject;
  }

  /** Always 0: an outline is never reused (the ring of open traces compares it). */
  get generation(): number {
    return 0;
  }

  /** The record it was moved into (SpanRecorder.materializeOutline), where its parked deliveries now end. */
  get moved(): TraceRecord | undefined {
    return this.rare?.moved;
  }

  get movedGeneration(): number {
    return this.rare?.movedGeneration ?? 0;
  }

  movedTo(record: TraceRecord): void {
    const rare = (this.rare ??= new OutlineRare());
    rare.moved = record;
    rare.movedGeneration = record.generation;
  }

  /** Closed for being open too long (a delivery never ended). */
  get incomplete(): boolean {
    return this.rare?.incomplete ?? false;
  }

  markIncomplete(): void {
    (this.rare ??= new OutlineRare()).incomplete = true;
  }

  describeRoot(describer: RecordedKey, subject: RecordedValue): boolean {
    if (this.describer !== undefined) return false;
    this.describer = describer;
    this.subject = subject;
    return true;
  }

  /** The root failed. */
  fail(spanName: string, message: string): void {
    ((this.rare ??= new OutlineRare()).errors ??= []).push(spanName, message);
  }

  /** A span inside the root failed and ended: kept, under the root. */
  keepFailed(name: string, startMs: number, endMs: number, describer: RecordedKey | undefined, subject: RecordedValue | undefined, rows: AttributeRows | undefined, message: string): void {
    const rare = (this.rare ??= new OutlineRare());
    (rare.failedSpans ??= []).push(name, offsetUs(this.startMs, startMs), offsetUs(this.startMs, endMs), describer, subject, rows, message);
  }

  /** The ids of a log line written inside it: its trace's, and its root span's. */
  logIds(owner: TraceRecordOwner): { trace_id: string; span_id: string } {
    const rare = (this.rare ??= new OutlineRare());
    rare.traceId ??= owner.newTraceId();
    rare.rootSpanId ??= owner.newSpanId();
    return { trace_id: rare.traceId, span_id: rare.rootSpanId };
  }

  /** A delivery parked in a message; returns its index (the message's parkedSlot). */
  park(name: string, startMs: number, describer: RecordedKey, subject: RecordedValue): number {
    return this.parkAt(name, offsetUs(this.startMs, startMs), describer, subject);
  }

  /** As park, with the start as an offset (µs after the root's). */
  parkAt(name: string, at: number, describer: RecordedKey, subject: RecordedValue): number {
    const index = this.parked++;
    this.pending++;
    if (index === 0) {
      this.n0 = name;
      this.b0 = at;
      this.d0 = describer;
      this.s0 = subject;
    } else ((this.rare ??= new OutlineRare()).more ??= []).push(name, at, OUTLINE_OPEN, describer, subject, undefined);
    return index;
  }

  closeRoot(endMs: number): void {
    this.rootEnd = offsetUs(this.startMs, endMs);
  }

  /** Ends delivery `index`; false when it had ended already. */
  endDelivery(index: number, endMs: number, error: string | undefined): boolean {
    const at = offsetUs(this.startMs, endMs);
    if (index === 0) {
      if (this.e0 !== OUTLINE_OPEN) return false;
      this.e0 = at;
      if (error !== undefined) (this.rare ??= new OutlineRare()).x0 = error;
    } else {
      const more = (this.rare as OutlineRare).more as unknown[];
      const i = (index - 1) * DELIVERY_CELLS;
      if (more[i + 2] !== OUTLINE_OPEN) return false;
      more[i + 2] = at;
      if (error !== undefined) more[i + 5] = error;
    }
    if (at > this.lastEnd) this.lastEnd = at;
    this.pending--;
    return true;
  }

  /** Whether the root, a span inside it or a delivery failed. */
  get failed(): boolean {
    const rare = this.rare;
    if (rare === undefined) return false;
    if (rare.errors !== undefined || rare.failedSpans !== undefined || rare.x0 !== undefined) return true;
    const more = rare.more;
    if (more !== undefined) for (let i = 5; i < more.length; i += DELIVERY_CELLS) if (more[i] !== undefined) return true;
    return false;
  }

  /** From the start to the last end of its spans; `closedAtMs` stands in for spans still open. */
  durationMs(closedAtMs: number): number {
    let last = this.rootEnd > this.lastEnd ? this.rootEnd : this.lastEnd;
    if (this.rootEnd === OUTLINE_OPEN || this.pending > 0) last = Math.max(last, offsetUs(this.startMs, closedAtMs));
    return last / 1000;
  }

  /** Drops what it refers to (the stanza, the sessions), once judged or moved. */
  release(): void {
    this.done = true;
    this.subject = undefined;
    this.s0 = undefined;
    const rare = this.rare;
    if (rare !== undefined) {
      rare.more = undefined;
      rare.failedSpans = undefined;
    }
  }

  /**
   * Begins an empty record with the root, the deliveries and the failed spans: the root at slot 0
   * (with the ids log lines were given), delivery i at slot i + 1, then the failed spans, all under
   * the root. The root says how many spans were not recorded (`meerkat.trace.outline`), not counting
   * the `stillOpen` ones the caller writes next.
   */
  writeInto(record: TraceRecord, stillOpen = 0): void {
    const rare = this.rare;
    const failed = rare?.failedSpans;
    record.begin(this.startMs, rare?.traceId, undefined, undefined);
    // The draw that made it an outline stands: only a failure or a slow end keeps it.
    record.drawn = NOT_SAMPLED;
    record.add(this.name, -1, 0, this.startMs);
    if (rare?.rootSpanId !== undefined) record.useSpanId(0, rare.rootSpanId);
    if (this.rootEnd !== OUTLINE_OPEN) record.markEnded(0, this.startMs + this.rootEnd / 1000);
    if (this.describer !== undefined) record.appendDescription(0, this.describer, this.subject as RecordedValue);
    const failedCount = failed === undefined ? 0 : failed.length / FAILED_CELLS;
    record.appendAttribute(0, 'meerkat.trace.outline', this.inner - failedCount - stillOpen);
    const errors = rare?.errors;
    if (errors !== undefined) {
      const first = errors[0] === this.name ? errors[1] : `${errors[0]}: ${errors[1]}`;
      record.setStatus(0, SpanStatusCode.ERROR, errors.length > 2 ? `${first} (and ${errors.length / 2 - 1} more)` : first);
    }
    for (let index = 0; index < this.parked; index++) {
      let name: string, begin: number, end: number, describer: RecordedKey, subject: RecordedValue, error: string | undefined;
      if (index === 0) {
        [name, begin, end, describer, subject, error] = [this.n0 as string, this.b0, this.e0, this.d0 as RecordedKey, this.s0 as RecordedValue, rare?.x0];
      } else {
        const more = (rare as OutlineRare).more as unknown[];
        const i = (index - 1) * DELIVERY_CELLS;
        [name, begin, end, describer, subject, error] = more.slice(i, i + DELIVERY_CELLS) as [string, number, number, RecordedKey, RecordedValue, string | undefined];
      }
      const slot = record.add(name, 0, 0, this.startMs + begin / 1000);
      if (end !== OUTLINE_OPEN) record.markEnded(slot, this.startMs + end / 1000);
      record.appendDescription(slot, describer, subject);
      if (error !== undefined) record.setStatus(slot, SpanStatusCode.ERROR, error);
    }
    if (failed === undefined) return;
    for (let i = 0; i < failed.length; i += FAILED_CELLS) {
      const slot = record.add(failed[i] as string, 0, 0, this.startMs + (failed[i + 1] as number) / 1000);
      record.markEnded(slot, this.startMs + (failed[i + 2] as number) / 1000);
      if (failed[i + 3] !== undefined) record.appendDescription(slot, failed[i + 3] as RecordedKey, failed[i + 4] as RecordedValue);
      const rows = failed[i + 5] as AttributeRows | undefined;
      if (rows !== undefined) for (let r = 0; r < rows.length; r += 2) record.appendAttribute(slot, rows[r] as string, rows[r + 1] as RecordedValue);
      record.setStatus(slot, SpanStatusCode.ERROR, failed[i + 6] as string);
    }
  }
}
