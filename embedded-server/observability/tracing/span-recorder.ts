// Where traces are born and judged: one recorder per node. Open traces are bounded in number and in
// age, so a span that is never ended (a bug, a stuck stanza) cannot hold memory. Records of traces
// that are decided go back to a pool: the stanza path allocates nothing per trace once it is warm.
import { SpanKind, SpanStatusCode, type Attributes, type SpanContext } from '@opentelemetry/api';
import type { StanzaMeta } from '../../core/telemetry.js';
import { FinishedTrace } from './finished-trace.js';
import { LazyTrace, NOT_SAMPLED, SAMPLED } from './lazy-trace.js';
import { readingMs } from './light-span.js';
import { OpenTraces, isTraceEntry, type OpenTrace } from './open-traces.js';
import { outlineOfSketch, releaseSketch, sketchDurationMs } from './outline-sketch.js';
import { OUTLINE_OPEN, OutlineTrace, offsetUs } from './outline-trace.js';
import { KeepBudget, drawSampled, judgeTrace, keptReason, traceDurationMs, type KeptReason, type SamplingPolicy } from './tail-sampling.js';
import { RandomIds } from './trace-ids.js';
import { ATTRIBUTE_FIELDS, TraceRecord, type RecordedKey, type RecordedValue, type TraceRecordOwner } from './trace-record.js';

/** A record that once held a larger trace is not kept: its arrays stay as long as they grew. */
const POOLED_MAX_SPANS = 16;
const POOLED_MAX_ATTRIBUTES = 128;

export interface SpanRecorderOptions extends SamplingPolicy {
  /**
   * Every trace of the span stack records every span until it is judged ([tracing] detail = "all").
   * Otherwise the sampling draw is taken when a stanza's trace begins, and one it does not pick is
   * an outline (outline-trace.ts).
   */
  detailAll: boolean;
  now(): number;
  random(): number;
  /** Past this many open traces the oldest is dropped unjudged (counted as evicted). */
  maxOpenTraces: number;
  /** Spans past this many in one trace are not recorded (counted). */
  maxSpansPerTrace: number;
  /** sweep() closes traces open longer than this and judges them as they are. */
  openTraceTimeoutMs: number;
  onKept(trace: FinishedTrace, verdict: KeptTrace): void;
}

export interface KeptTrace {
  reason: KeptReason;
  startMs: number;
  durationMs: number;
}

export interface RecorderCounters {
  kept: Record<KeptReason, number>;
  /** rate_limited: kept for a reason, but past the budget of kept traces per second. */
  dropped: { not_sampled: number; evicted: number; rate_limited: number };
  forcedComplete: number;
  lateSpans: number;
  spansOverLimit: number;
}

const DRAWN_SAMPLED = () => true;
const DRAWN_NOT_SAMPLED = () => false;

/** Each recorder's mark for the messages of its quick parked spans (parkQuick): negative, unlike a record's generation. */
let nextQuickMark = -2;

export class SpanRecorder implements TraceRecordOwner {
  readonly counters: RecorderCounters = {
    kept: { error: 0, slow: 0, sampled: 0 },
    dropped: { not_sampled: 0, evicted: 0, rate_limited: 0 },
    forcedComplete: 0,
    lateSpans: 0,
    spansOverLimit: 0,
  };
  readonly now: () => number;
  /** StanzaMeta.parkedGeneration of a message holding a quick parked span of this recorder (parkQuick). */
  readonly quickMark = nextQuickMark--;
  /** StanzaMeta.parkedGeneration of a message holding a delivery of an outline of this recorder. */
  readonly outlineMark = nextQuickMark--;
  /** StanzaMeta.parkedGeneration of a message holding the delivery of a sketch of this recorder (outline-sketch.ts). */
  readonly sketchMark = nextQuickMark--;
  // A place given by addOpen is kept by the trace (lazy, outline) or, for a sketch, by its message.
  private readonly open = new OpenTraces((entry, generation, place) => {
    if (entry instanceof LazyTrace || entry instanceof OutlineTrace) entry.place = place;
    else if (!(entry instanceof TraceRecord) && this.isSketch(entry)) entry.parkedSlot = place;
  });
  private readonly pool: TraceRecord[] = [];
  private readonly ids = new RandomIds();
  private readonly budget: KeepBudget;
  private readonly draw = () => drawSampled(this.opts, this.opts.random);
  /** The judgement's sampling question for a trace whose draw is `drawn` (0: not taken yet, so taken now). */
  private readonly sampledBy = (drawn: number): (() => boolean) => (drawn === 0 ? this.draw : drawn === SAMPLED ? DRAWN_SAMPLED : DRAWN_NOT_SAMPLED);

  constructor(private readonly opts: SpanRecorderOptions) {
    this.now = opts.now;
    this.budget = new KeepBudget(opts.maxKeptPerSecond, opts.maxSampledPerSecond);
  }

  newTraceId(): string {
    return this.ids.traceId();
  }

  newSpanId(): string {
    return this.ids.spanId();
  }

  get openTraceCount(): number {
    return this.open.count;
  }

  /** A new trace whose first span (slot 0) is `name`; `remote` is the parent on another node, if any. */
  newTrace(name: string, kind: SpanKind, startMs: number, remote: SpanContext | undefined): TraceRecord {
    const record = this.pool.pop() ?? new TraceRecord(this);
    if (remote === undefined) record.begin(startMs, undefined, undefined, undefined);
    else record.begin(startMs, remote.traceId, remote.spanId, remote.traceState);
    record.add(name, -1, kind, startMs);
    this.addOpen(record, record.generation);
    return record;
  }

  /** A span under `parent` in `record`; -1 (counted) when the trace is decided or full. */
  child(record: TraceRecord, parent: number, name: string, kind: SpanKind, startMs: number): number {
    if (parent < 0 || record.done) {
      this.counters.lateSpans++;
      return -1;
    }
    if (record.count >= this.opts.maxSpansPerTrace) {
      this.counters.spansOverLimit++;
      return -1;
    }
    return record.add(name, parent, kind, startMs);
  }

  /** Copies an OTel attributes object into the span's rows. */
  setAttributes(record: TraceRecord, slot: number, attributes: Attributes): void {
    for (const key in attributes) {
      const value = attributes[key];
      if (value !== undefined && value !== null) record.setAttribute(slot, key, value);
    }
  }

  /**
   * How a stanza's trace beginning at `startMs` is recorded: 0 in full, drawn when judged ([tracing]
   * detail = "all"); SAMPLED in full, drawn now and picked; NOT_SAMPLED as an outline. While this
   * second's sampled traces are all kept already, none is drawn: it could only be refused.
   */
  pickDetail(startMs: number): number {
    if (this.opts.detailAll) return 0;
    return !this.budget.sampledFull(startMs) && this.draw() ? SAMPLED : NOT_SAMPLED;
  }

  newOutline(name: string, startMs: number, describer: RecordedKey | undefined, subject: RecordedValue | undefined): OutlineTrace {
    return new OutlineTrace(startMs, name, describer, subject);
  }

  /** Parks a delivery of `outline` in `meta` (its end: endOutlineDelivery). */
  parkOutline(outline: OutlineTrace, meta: StanzaMeta, name: string, startMs: number, describer: RecordedKey, subject: RecordedValue): void {
    meta.parkedSlot = outline.park(name, startMs, describer, subject);
    meta.parkedTrace = outline;
    meta.parkedGeneration = this.outlineMark;
  }

  /** The outline's root closed: judged now, or among the open traces until its deliveries end. */
  closedOutline(outline: OutlineTrace, endMs: number): void {
    outline.closeRoot(endMs);
    if (outline.pending === 0) this.judgeOutline(outline, endMs);
    else outline.place = this.addOpen(outline, 0);
  }

  /**
   * A sketch's root closed with no delivery parked (the stack tracer held all of it): judged now,
   * made into an outline only if it is kept.
   */
  closedSketch(name: string, startMs: number, endMs: number, describer: RecordedKey | undefined, subject: RecordedValue | undefined, inner: number): void {
    const durationMs = offsetUs(startMs, endMs) / 1000;
    const reason = keptReason(false, durationMs, this.opts, DRAWN_NOT_SAMPLED);
    if (!this.admitted(reason, startMs + durationMs)) return;
    const outline = this.newOutline(name, startMs, describer, subject);
    outline.inner = inner;
    outline.closeRoot(endMs);
    this.keepOutline(outline, reason, durationMs);
  }

  /** A sketch's root closed with its delivery parked in `meta` (closeSketchRoot done): among the open traces until that ends. */
  trackSketch(meta: StanzaMeta): void {
    meta.parkedSlot = this.addOpen(meta, this.sketchMark);
  }

  /** The delivery of a tracked sketch ended (the caller has cleared the message's parkedTrace): judged from the message. */
  endSketch(meta: StanzaMeta, error: string | undefined, endMs: number): void {
    this.open.removed();
    this.open.forget(meta.parkedSlot, meta);
    const durationMs = sketchDurationMs(meta, endMs);
    const reason = keptReason(error !== undefined, durationMs, this.opts, DRAWN_NOT_SAMPLED);
    // Refused without making the outline: an ordinary trace, or one over the budget (a node falling
    // behind, where every trace is slow, must not pay for an object per message it then drops).
    if (!this.admitted(reason, readingMs(meta.receivedAt) + durationMs)) {
      releaseSketch(meta);
      return;
    }
    const outline = outlineOfSketch(meta);
    outline.endDelivery(0, endMs, error);
    this.keepOutline(outline, reason, durationMs);
  }

  /** A delivery of `outline` ended (the caller has cleared the message's parkedTrace). */
  endOutlineDelivery(outline: OutlineTrace, index: number, error: string | undefined, endMs: number): void {
    if (outline.done || !outline.endDelivery(index, endMs, error)) return;
    if (outline.pending > 0 || outline.rootEnd === OUTLINE_OPEN) return;
    this.untrack(outline);
    this.judgeOutline(outline, endMs);
  }

  /**
   * Moves an outline whose root is still open into a record (a span object, asynchronous work): its
   * root, deliveries and failed spans so far become the record's first spans (the caller adds the
   * open ones), and spans opened from now on are recorded there. The draw that made it an outline stands.
   */
  materializeOutline(outline: OutlineTrace, stillOpen: number): TraceRecord {
    const record = this.pool.pop() ?? new TraceRecord(this);
    outline.writeInto(record, stillOpen);
    outline.movedTo(record);
    outline.release();
    this.addOpen(record, record.generation);
    return record;
  }

  private judgeOutline(outline: OutlineTrace, closedAtMs: number): void {
    const durationMs = outline.durationMs(closedAtMs);
    const reason = keptReason(outline.failed, durationMs, this.opts, DRAWN_NOT_SAMPLED);
    if (this.admitted(reason, outline.startMs + durationMs)) this.keepOutline(outline, reason, durationMs);
    else outline.release();
  }

  /** An outline judged and admitted: kept as a record of its spans. */
  private keepOutline(outline: OutlineTrace, reason: KeptReason, durationMs: number): void {
    const record = this.pool.pop() ?? new TraceRecord(this);
    outline.writeInto(record);
    record.incomplete = outline.incomplete;
    record.done = true;
    outline.release();
    this.keep(record, reason, durationMs);
  }

  /** A new lazy trace (lazy-trace.ts) whose first span is `name`; tracked only if it outlives its synchronous code. */
  newLazy(name: string, startMs: number): LazyTrace {
    return new LazyTrace(this, startMs, name);
  }

  /** The synchronous code that began `lazy` is done and spans of it are still open (parked): it joins the open traces. */
  track(lazy: LazyTrace): void {
    lazy.place = this.addOpen(lazy, 0);
  }

  /**
   * The synchronous code that began `lazy` is done, and its one open span is parked in `meta` (the
   * stanza path's c2s.deliver). Its fate then hangs on that span alone: the sampling draw is taken
   * now, and if it does not keep the trace, only a failure or a slow end can, both of which the
   * recipient tells from the message (`closeQuick`) without touching the trace: the ring holds the
   * message, which that end clears. Returns false, leaving the caller to track the trace, where that
   * does not hold: other spans are open, one failed, the span is not (or no longer) parked in `meta`,
   * the trace began before the message's reading, is already slow, or is sampled.
   */
  parkQuick(lazy: LazyTrace, meta: StanzaMeta, endMs: number): boolean {
    const startMs = lazy.startMs;
    // Drawn and picked when it began ([tracing] detail = "sampled"): kept whatever its end, so tracked.
    if (lazy.drawn === SAMPLED || lazy.open !== 1 || lazy.errors !== undefined || meta.parkedTrace !== lazy) return false;
    if (readingMs(meta.receivedAt) !== startMs || endMs - startMs >= this.opts.slowThresholdMs) return false;
    if (this.draw()) {
      lazy.drawn = SAMPLED;
      return false;
    }
    lazy.drawn = NOT_SAMPLED;
    meta.parkedGeneration = this.quickMark;
    this.addOpen(meta, this.quickMark);
    return true;
  }

  /** The span parked by parkQuick ends (the caller has cleared meta.parkedTrace, which was `lazy`). */
  closeQuick(lazy: LazyTrace, meta: StanzaMeta, slot: number, error: string | undefined, endMs: number): void {
    this.open.removed();
    if (error === undefined && endMs - readingMs(meta.receivedAt) < this.opts.slowThresholdMs) {
      this.counters.dropped.not_sampled++;
      return;
    }
    if (error !== undefined) lazy.fail(slot, error);
    lazy.end(slot, endMs);
    this.judgeLazy(lazy, endMs);
  }

  /** Every span of `lazy` has ended. */
  completedLazy(lazy: LazyTrace): void {
    this.untrack(lazy);
    this.judgeLazy(lazy, lazy.startMs);
  }

  /** Adds a trace to the open ones, evicting the oldest past maxOpenTraces; returns its place. */
  private addOpen(trace: OpenTrace, generation: number): number {
    const place = this.open.add(trace, generation);
    if (this.open.count > this.opts.maxOpenTraces) this.evictOldest();
    return place;
  }

  /**
   * A tracked lazy trace or outline leaves the open ones, its ring cell cleared at once: left until
   * the ring came round (it grows to twice the most traces ever open at once, and never shrinks),
   * it would stay reachable, with the stanza and session it refers to, and be copied by every
   * young-generation collection meanwhile.
   */
  private untrack(trace: LazyTrace | OutlineTrace): void {
    if (trace.place < 0) return;
    this.open.removed();
    this.open.forget(trace.place, trace);
    trace.place = -1;
  }

  /**
   * Moves a lazy trace into a record, where it goes on as any other (its stack entries and parked
   * spans follow `lazy.moved`); a tracked one's place among the open traces passes to the record.
   */
  materialize(lazy: LazyTrace): TraceRecord {
    const record = this.recordOf(lazy);
    lazy.done = true;
    lazy.moved = record;
    lazy.movedGeneration = record.generation;
    this.untrack(lazy);
    this.addOpen(record, record.generation);
    return record;
  }

  /** A record holding the spans, descriptions, attributes and failures of `lazy`. */
  private recordOf(lazy: LazyTrace): TraceRecord {
    const record = this.pool.pop() ?? new TraceRecord(this);
    record.begin(lazy.startMs, undefined, undefined, undefined);
    for (let slot = 0; slot < lazy.count; slot++) {
      record.add(lazy.nameOf(slot), lazy.parentOf(slot), SpanKind.INTERNAL, lazy.startOf(slot));
      const end = lazy.endOf(slot);
      if (!Number.isNaN(end)) record.markEnded(slot, end);
      const describer = lazy.describerOf(slot);
      if (describer !== undefined) record.appendDescription(slot, describer, lazy.subjectOf(slot) as RecordedValue);
    }
    lazy.forEachAttribute((slot, key, value) => record.appendAttribute(slot, key, value));
    const { errors } = lazy;
    if (errors !== undefined) for (let i = 0; i < errors.length; i += 2) record.setStatus(errors[i] as number, SpanStatusCode.ERROR, errors[i + 1] as string);
    record.incomplete = lazy.incomplete;
    record.drawn = lazy.drawn;
    return record;
  }

  private judgeLazy(lazy: LazyTrace, closedAtMs: number): void {
    lazy.done = true;
    const durationMs = lazy.durationMs(closedAtMs);
    const reason = keptReason(lazy.errors !== undefined, durationMs, this.opts, this.sampledBy(lazy.drawn));
    if (this.admitted(reason, lazy.startMs + durationMs)) {
      const record = this.recordOf(lazy);
      record.done = true;
      this.keep(record, reason, durationMs);
    }
  }

  completed(record: TraceRecord): void {
    this.open.removed();
    // Every span has ended, so the trace's end is its last span's: no clock read needed.
    this.judge(record, record.startMs);
  }

  /** Closes and judges traces open for longer than openTraceTimeoutMs. */
  sweep(): void {
    const now = this.now();
    const limit = now - this.opts.openTraceTimeoutMs;
    for (let entry = this.open.oldestOpen(); entry !== undefined && startOfOpen(entry) <= limit; entry = this.open.oldestOpen()) {
      this.open.shift();
      this.counters.forcedComplete++;
      if (entry instanceof TraceRecord) {
        entry.incomplete = true;
        this.judge(entry, now);
        continue;
      }
      if (entry instanceof OutlineTrace) {
        entry.place = -1;
        entry.markIncomplete();
        this.judgeOutline(entry, now);
        continue;
      }
      if (this.isSketch(entry)) {
        // Its delivery's end, if it comes, finds nothing parked.
        entry.parkedTrace = undefined;
        const outline = outlineOfSketch(entry);
        outline.markIncomplete();
        this.judgeOutline(outline, now);
        continue;
      }
      const lazy = entry instanceof LazyTrace ? entry : takeParked(entry);
      lazy.place = -1;
      lazy.incomplete = true;
      this.judgeLazy(lazy, now);
    }
  }

  private evictOldest(): void {
    const entry = this.open.oldestOpen();
    if (entry === undefined) return;
    this.open.shift();
    this.counters.dropped.evicted++;
    if (entry instanceof TraceRecord) {
      entry.done = true;
      this.release(entry);
      return;
    }
    if (entry instanceof OutlineTrace) {
      entry.place = -1;
      entry.release();
      return;
    }
    if (this.isSketch(entry)) {
      entry.parkedTrace = undefined;
      releaseSketch(entry);
      return;
    }
    const lazy = entry instanceof LazyTrace ? entry : takeParked(entry);
    lazy.done = true;
    lazy.place = -1;
  }

  private judge(record: TraceRecord, closedAtMs: number): void {
    record.done = true;
    const durationMs = traceDurationMs(record, closedAtMs);
    const reason = judgeTrace(record, durationMs, this.opts, this.sampledBy(record.drawn));
    if (this.admitted(reason, record.startMs + durationMs)) this.keep(record, reason, durationMs);
    else this.release(record);
  }

  /** Whether a ring entry that is not a record or an outline is a message holding a sketch of this recorder (else a lazy trace's, or a lazy trace). */
  private isSketch(entry: LazyTrace | StanzaMeta): entry is StanzaMeta {
    return !(entry instanceof LazyTrace) && entry.parkedGeneration === this.sketchMark;
  }

  /** Whether a trace judged `reason` (undefined: not kept), ended at `endMs`, is kept; a refusal is counted. */
  private admitted(reason: KeptReason | undefined, endMs: number): reason is KeptReason {
    if (reason === undefined) {
      this.counters.dropped.not_sampled++;
      return false;
    }
    if (this.budget.take(reason, endMs)) return true;
    this.counters.dropped.rate_limited++;
    return false;
  }

  private keep(record: TraceRecord, reason: KeptReason, durationMs: number): void {
    this.counters.kept[reason]++;
    // A span object may read its ids after this: the copy must have the same ones.
    if (record.pinned) record.drawIds();
    this.opts.onKept(new FinishedTrace(record), { reason, startMs: record.startMs, durationMs });
    this.release(record);
  }

  /** A decided record goes back to the pool unless a span object refers to it. */
  private release(record: TraceRecord): void {
    // As many as may be open at once: a node that falls behind (more traces open while deliveries
    // wait) would otherwise make new records, about as costly as the rest of the trace, just when
    // it can least afford them. Bounded memory: maxOpenTraces small records (~0.6 KB each).
    if (record.pinned || this.pool.length >= this.opts.maxOpenTraces) return;
    if (record.names.length > POOLED_MAX_SPANS || record.attributes.length > POOLED_MAX_ATTRIBUTES * ATTRIBUTE_FIELDS) return;
    record.reset();
    this.pool.push(record);
  }
}

/** When an open entry began: a message's entry is its trace's start (parkQuick checked they agree). */
function startOfOpen(entry: OpenTrace): number {
  return isTraceEntry(entry) ? entry.startMs : readingMs(entry.receivedAt);
}

/** The lazy trace parked in a message's ring entry, taken out of it: the recipient's end then does nothing. */
function takeParked(meta: StanzaMeta): LazyTrace {
  const lazy = meta.parkedTrace as LazyTrace;
  meta.parkedTrace = undefined;
  return lazy;
}
