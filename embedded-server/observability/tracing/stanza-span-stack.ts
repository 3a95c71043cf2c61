// The "current span" of one node kept on a synchronous stack instead of AsyncLocalStorage, as a
// SpanStack (core/telemetry.ts) for the stanza path; stack-tracer.ts puts the OpenTelemetry API
// Tracer on the same stack. A stack entry is a trace record and a slot in it. A trace the stanza
// path begins is a lazy trace (lazy-trace.ts) when the sampling draw picks it for detail, or with
// [tracing] detail = "all"; otherwise a sketch (outline-sketch.ts), made an outline
// (outline-trace.ts) when it needs more.
//
// Clock reads are a large part of what a span costs (each one ~60-100 ns here, and a boxed number),
// so the stack reuses one where nothing it could measure happens in between: a span opened right
// after its sibling closed starts at that close, a span closed right after its last child closed
// ends at that close, and one closed right after parking its last child ends where that child began. Only the parent's own code between the two is not told apart, which a
// trace shows as part of the parent's time anyway. Callers may also pass a reading they already took.
import { SpanKind, SpanStatusCode, isSpanContextValid, type Span } from '@opentelemetry/api';
import type { Jid } from '../../base/jid.js';
import type { SpanDescriber, SpanStack, StanzaMeta } from '../../core/telemetry.js';
import { LAZY_SPANS, LazyTrace, NOT_SAMPLED } from './lazy-trace.js';
import { readingMs } from './light-span.js';
import { closeSketchRoot, moveSketchDelivery, parkSketch } from './outline-sketch.js';
import type { AttributeRows, OutlineTrace } from './outline-trace.js';
import type { SpanRecorder } from './span-recorder.js';
import { TraceRecord, type RecordedValue } from './trace-record.js';

const NOT_RECORDED = () => {};

export class StanzaSpanStack implements SpanStack {
  // The stack as parallel arrays (no object per entry); `depth` entries are in use.
  protected depth = 0;
  /** The entry's trace; undefined for a span of another tracer (pushed by withSpan). */
  protected readonly records: (TraceRecord | undefined)[] = [];
  /** The record's generation when the entry was pushed: a reused record no longer matches. */
  protected readonly generations: number[] = [];
  /** -1 for a span that is not recorded. */
  protected readonly slots: number[] = [];
  /** The OTel Span of the entry, once made (always, for spans pushed by withSpan). */
  protected readonly handles: (Span | undefined)[] = [];
  /** The reading of the last close, reusable while the stack is at `closedDepth` and nothing else happened; -1: none. */
  private closedAtMs = 0;
  private closedDepth = -1;
  /**
   * The lazy trace (lazy-trace.ts) the stack holds, if any: then every entry is one of its spans
   * (`slots`; `records` is not read), until settle() moves it into a record. It is begun by a span
   * opened on an empty stack, and anything beyond its shape settles it first.
   */
  private lazy: LazyTrace | undefined = undefined;
  /** The message the lazy trace last parked a span in (openParked), for SpanRecorder.parkQuick when its root closes. */
  private parkedMeta: StanzaMeta | undefined = undefined;
  /**
   * The outline (outline-trace.ts) the stack holds, if any: a trace the sampling draw did not pick
   * for detail. Then entry 0 is its root, and each entry inside it is held here while it is open (its
   * name, start, description, attribute rows and failure), given to the outline if it fails, and
   * forgotten when it closes; until settle() moves the outline into a record.
   */
  private outline: OutlineTrace | undefined = undefined;
  /**
   * Whether the stack holds a sketch (outline-sketch.ts): an outline not made yet, the usual case.
   * Then entry 0 is its root (its name, start, description), held here, and entries inside it are
   * held as in an outline. Anything a sketch does not hold makes the outline (promote).
   */
  private sketching = false;
  /** The message the sketch's one delivery is parked in, while its root is open. */
  private sketchMeta: StanzaMeta | undefined = undefined;
  /** Spans opened inside the root of the sketch or outline, not recorded: given to the outline when the root closes or it settles. */
  private inner = 0;
  private readonly names: string[] = [];
  private readonly starts: number[] = new Array<number>(16).fill(0);
  private readonly describers: (SpanDescriber<never> | undefined)[] = [];
  private readonly subjects: unknown[] = [];
  private readonly failures: (string | undefined)[] = [];
  /** The entry's first row in `rows` (key, value pairs: rowCount pairs in use). */
  private readonly rowsFrom: number[] = new Array<number>(16).fill(0);
  private readonly rows: (string | RecordedValue | undefined)[] = [];
  private rowCount = 0;

  constructor(protected readonly recorder: SpanRecorder) {}

  /** Whether the stack holds a sketch or an outline (entries inside its root are held here). */
  private get outlined(): boolean {
    return this.sketching || this.outline !== undefined;
  }

  // --- SpanStack: the stanza path ---

  open<T>(name: string, startedAt?: number, describe?: SpanDescriber<T>, subject?: T): void {
    let startMs: number;
    if (startedAt !== undefined) startMs = readingMs(startedAt);
    else if (this.closedDepth === this.depth) startMs = this.closedAtMs;
    else startMs = this.recorder.now();
    if (this.outlined) {
      // Inside a sketch or an outline: held here while open.
      this.inner++;
      const d = this.depth++;
      this.names[d] = name;
      this.starts[d] = startMs;
      this.describers[d] = describe as SpanDescriber<never> | undefined;
      this.subjects[d] = subject;
      this.rowsFrom[d] = this.rowCount;
      this.closedDepth = -1;
      return;
    }
    const lazy = this.lazy;
    if (lazy !== undefined) {
      if (lazy.count < LAZY_SPANS) {
        const slot = lazy.add(name, this.slots[this.depth - 1], startMs);
        if (describe !== undefined) lazy.describe(slot, describe, subject as RecordedValue);
        this.pushLazy(slot);
        return;
      }
      this.settle();
    } else if (this.depth === 0) {
      const detail = this.recorder.pickDetail(startMs);
      if (detail === NOT_SAMPLED) {
        this.sketching = true;
        this.inner = 0;
        this.names[0] = name;
        this.starts[0] = startMs;
        this.describers[0] = describe as SpanDescriber<never> | undefined;
        this.subjects[0] = subject;
        this.closedDepth = -1;
        this.depth = 1;
        return;
      }
      const begun = this.recorder.newLazy(name, startMs);
      begun.drawn = detail;
      if (describe !== undefined) begun.describe(0, describe, subject as RecordedValue);
      this.lazy = begun;
      this.pushLazy(0);
      return;
    }
    this.openUnderTop(name, SpanKind.INTERNAL, startMs);
    if (describe === undefined) return;
    // The entry just pushed: its record is current (no generation to check) and a recorded slot is open.
    const top = this.depth - 1;
    const slot = this.slots[top];
    if (slot >= 0) (this.records[top] as TraceRecord).appendDescription(slot, describe, subject as RecordedValue);
  }

  attribute(key: string, value: string | number | boolean | Jid): void {
    const top = this.depth - 1;
    if (top < 0) return;
    if (this.outlined) {
      if (top > 0) {
        const i = this.rowCount++ * 2;
        this.rows[i] = key;
        this.rows[i + 1] = value;
        return;
      }
      // The root's attributes are its description only: anything more moves the outline into a record.
      this.settle();
    }
    if (this.lazy !== undefined) {
      if (this.lazy.attribute(this.slots[top], key, value)) return;
      this.settle();
    }
    const record = this.records[top];
    const slot = this.slots[top];
    if (record !== undefined && slot >= 0 && record.generation === this.generations[top] && record.recording(slot)) record.appendAttribute(slot, key, value);
  }

  describe<T>(describe: SpanDescriber<T>, subject: T): void {
    const top = this.depth - 1;
    if (top < 0) return;
    const outline = this.outline;
    if (this.sketching || outline !== undefined) {
      // One description a span; a second moves the outline into a record (as a lazy trace is).
      if (top === 0 && outline !== undefined) {
        if (outline.describeRoot(describe, subject as RecordedValue)) return;
      } else if (this.describers[top] === undefined) {
        this.describers[top] = describe as SpanDescriber<never>;
        this.subjects[top] = subject;
        return;
      }
      this.settle();
    }
    if (this.lazy !== undefined) {
      if (this.lazy.describe(this.slots[top], describe, subject as RecordedValue)) return;
      this.settle();
    }
    const record = this.records[top];
    const slot = this.slots[top];
    if (record !== undefined && slot >= 0 && record.generation === this.generations[top] && record.recording(slot)) {
      record.appendDescription(slot, describe, subject as RecordedValue);
    }
  }

  fail(message: string): void {
    const top = this.depth - 1;
    if (top < 0) return;
    if (this.outlined) {
      if (top === 0) this.outlineNow().fail(this.names[0], message);
      else this.failures[top] = message;
      return;
    }
    if (this.lazy !== undefined) {
      this.lazy.fail(this.slots[top], message);
      return;
    }
    const handle = this.handles[top];
    if (handle !== undefined) {
      handle.setStatus({ code: SpanStatusCode.ERROR, message });
      return;
    }
    const record = this.records[top];
    const slot = this.slots[top];
    if (record !== undefined && slot >= 0 && record.generation === this.generations[top] && record.recording(slot)) {
      record.setStatus(slot, SpanStatusCode.ERROR, message);
    }
  }

  close(): void {
    const top = this.depth - 1;
    if (top < 0) return;
    const outline = this.outline;
    if (this.sketching || outline !== undefined) {
      const endMs = this.closedDepth === this.depth ? this.closedAtMs : this.recorder.now();
      this.depth = top;
      if (top > 0) {
        this.closeOutlineEntry(top, endMs);
        this.closedAtMs = endMs;
        this.closedDepth = top;
        return;
      }
      this.closedDepth = -1;
      if (this.sketching) {
        this.closeSketch(endMs);
        return;
      }
      this.outline = undefined;
      (outline as OutlineTrace).inner = this.inner;
      this.recorder.closedOutline(outline as OutlineTrace, endMs);
      return;
    }
    const lazy = this.lazy;
    if (lazy !== undefined) {
      const slot = this.slots[top];
      const endMs = this.closedDepth === this.depth ? this.closedAtMs : this.recorder.now();
      this.pop();
      const last = lazy.end(slot, endMs);
      if (top > 0) {
        this.closedAtMs = endMs;
        this.closedDepth = top;
        return;
      }
      // Its synchronous code is done: judged now, or tracked while a parked span is still open
      // (through the message the span is parked in, when it is the only one: parkQuick).
      this.lazy = undefined;
      const meta = this.parkedMeta;
      this.parkedMeta = undefined;
      if (last) this.recorder.completedLazy(lazy);
      else if (meta === undefined || !this.recorder.parkQuick(lazy, meta, endMs)) this.recorder.track(lazy);
      return;
    }
    const record = this.records[top];
    const slot = this.slots[top];
    const generation = this.generations[top];
    const endMs = this.closedDepth === this.depth ? this.closedAtMs : this.recorder.now();
    this.pop();
    // Reusable by a sibling opened next or by the parent closed next; not past the outermost span.
    if (top > 0) {
      this.closedAtMs = endMs;
      this.closedDepth = top;
    }
    if (record !== undefined && slot >= 0 && record.generation === generation) record.end(slot, endMs);
  }

  detach(): (error?: string) => void {
    const top = this.depth - 1;
    if (top < 0) return NOT_RECORDED;
    this.settle();
    const record = this.records[top];
    const slot = this.slots[top];
    const generation = this.generations[top];
    this.pop();
    if (record === undefined || slot < 0) return NOT_RECORDED;
    return (error?: string) => this.endSlot(record, generation, slot, error);
  }

  park(meta: StanzaMeta): void {
    const top = this.depth - 1;
    if (top < 0) return;
    this.settle();
    const record = this.records[top];
    const generation = this.generations[top];
    const slot = this.slots[top];
    meta.parkedTrace = record;
    meta.parkedGeneration = generation;
    meta.parkedSlot = slot;
    this.pop();
    // The parent, if closed next, ends where the parked span began (the reading it was opened at).
    if (top > 0 && record !== undefined && slot >= 0 && record.generation === generation) {
      this.closedAtMs = record.startOf(slot);
      this.closedDepth = top;
    }
  }

  openParked<T>(meta: StanzaMeta, name: string, startedAt: number, describe: SpanDescriber<T>, subject: T): void {
    if (this.sketching) {
      // The sketch's one delivery, in a message whose reading is the root's start.
      if (this.sketchMeta === undefined && readingMs(meta.receivedAt) === this.starts[0]) {
        const startMs = readingMs(startedAt);
        parkSketch(meta, this.recorder, this.recorder.sketchMark, name, startMs, describe, subject);
        this.sketchMeta = meta;
        this.closedAtMs = startMs;
        this.closedDepth = this.depth;
        return;
      }
      this.promote();
    }
    const outline = this.outline;
    if (outline !== undefined) {
      const startMs = readingMs(startedAt);
      this.recorder.parkOutline(outline, meta, name, startMs, describe, subject as RecordedValue);
      this.closedAtMs = startMs;
      this.closedDepth = this.depth;
      return;
    }
    const lazy = this.lazy;
    if (lazy !== undefined) {
      if (lazy.count < LAZY_SPANS) {
        const startMs = readingMs(startedAt);
        const slot = lazy.add(name, this.slots[this.depth - 1], startMs);
        lazy.describe(slot, describe, subject as RecordedValue);
        meta.parkedTrace = lazy;
        meta.parkedGeneration = 0;
        meta.parkedSlot = slot;
        this.parkedMeta = meta;
        this.closedAtMs = startMs;
        this.closedDepth = this.depth;
        return;
      }
      this.settle();
    }
    const top = this.depth - 1;
    const record = top < 0 ? undefined : this.records[top];
    if (record === undefined) {
      // No current span, or one of another tracer: the general way.
      this.open(name, startedAt, describe, subject);
      this.park(meta);
      return;
    }
    // Neither pushed nor popped: the span is added under the current one and parked at once.
    const startMs = readingMs(startedAt);
    const generation = this.generations[top];
    let slot = -1;
    if (record.generation === generation) slot = this.recorder.child(record, this.slots[top], name, SpanKind.INTERNAL, startMs);
    else this.recorder.counters.lateSpans++;
    if (slot < 0) {
      meta.parkedTrace = undefined;
      this.closedDepth = -1;
      return;
    }
    record.appendDescription(slot, describe, subject as RecordedValue);
    meta.parkedTrace = record;
    meta.parkedGeneration = generation;
    meta.parkedSlot = slot;
    // The current span, if closed next, ends where the parked one began (as after park()).
    this.closedAtMs = startMs;
    this.closedDepth = this.depth;
  }

  closeParked(meta: StanzaMeta, error?: string, endedAt?: number): void {
    // Ending a span here is work the current span's close must measure (a failed hand-over).
    this.closedDepth = -1;
    if (meta.parkedGeneration === this.recorder.sketchMark && meta.parkedTrace !== undefined) {
      // Ended while the root is open (a failed hand-over): the sketch becomes an outline, and the delivery one of its.
      if (meta === this.sketchMeta) this.promote();
      else {
        meta.parkedTrace = undefined;
        this.recorder.endSketch(meta, error, this.endReading(endedAt));
        return;
      }
    }
    const record = meta.parkedTrace;
    if (record === undefined) return;
    meta.parkedTrace = undefined;
    if (meta.parkedGeneration === this.recorder.outlineMark) {
      const outline = record as OutlineTrace;
      const moved = outline.moved;
      // A delivery of an outline moved into a record is its slot there (after the root).
      if (moved !== undefined) this.endSlot(moved, outline.movedGeneration, meta.parkedSlot + 1, error, endedAt);
      else this.recorder.endOutlineDelivery(outline, meta.parkedSlot, error, this.endReading(endedAt));
      return;
    }
    if (meta.parkedGeneration === this.recorder.quickMark) {
      // Parked by parkQuick: decided from the message, the trace touched only if kept.
      this.recorder.closeQuick(record as LazyTrace, meta, meta.parkedSlot, error, this.endReading(endedAt));
      return;
    }
    if (record instanceof LazyTrace) {
      if (record.owner === this.recorder) this.closeLazy(record, meta.parkedSlot, error, endedAt);
      return;
    }
    // Another node's parked span (two nodes in one process) is not ours to end.
    if (record instanceof TraceRecord && record.owner === this.recorder) this.endSlot(record, meta.parkedGeneration, meta.parkedSlot, error, endedAt);
  }

  /** Ends a span of a lazy trace parked in a message (or of the record it was moved into). */
  private closeLazy(lazy: LazyTrace, slot: number, error: string | undefined, endedAt: number | undefined): void {
    const moved = lazy.moved;
    if (moved !== undefined) {
      this.endSlot(moved, lazy.movedGeneration, slot, error, endedAt);
      return;
    }
    if (lazy.done || !lazy.isOpen(slot)) return;
    if (error !== undefined) lazy.fail(slot, error);
    // The last span to end only after its synchronous code is done: while the stack holds it, its root is open.
    if (lazy.end(slot, this.endReading(endedAt))) this.recorder.completedLazy(lazy);
  }

  /** The root of the sketch closed: judged now, or from the message its delivery is parked in when that ends. */
  private closeSketch(endMs: number): void {
    this.sketching = false;
    const describer = this.describers[0];
    const subject = this.subjects[0] as RecordedValue | undefined;
    this.describers[0] = undefined;
    this.subjects[0] = undefined;
    const meta = this.sketchMeta;
    if (meta === undefined) {
      this.recorder.closedSketch(this.names[0], this.starts[0], endMs, describer, subject, this.inner);
      return;
    }
    this.sketchMeta = undefined;
    closeSketchRoot(meta, this.names[0], endMs, describer, subject, this.inner);
    this.recorder.trackSketch(meta);
  }

  /** The outline the stack holds, made from the sketch if that is what it holds. */
  private outlineNow(): OutlineTrace {
    if (this.sketching) this.promote();
    return this.outline as OutlineTrace;
  }

  /** The sketch becomes an outline (its root is open): for what only an outline holds. */
  private promote(): void {
    this.sketching = false;
    const outline = this.recorder.newOutline(this.names[0], this.starts[0], this.describers[0], this.subjects[0] as RecordedValue | undefined);
    this.describers[0] = undefined;
    this.subjects[0] = undefined;
    this.outline = outline;
    const meta = this.sketchMeta;
    if (meta === undefined) return;
    this.sketchMeta = undefined;
    moveSketchDelivery(meta, outline, this.recorder.outlineMark);
  }

  /** A parked or detached span's end: the reading its caller took, or now. */
  private endReading(endedAt: number | undefined): number {
    return endedAt === undefined ? this.recorder.now() : readingMs(endedAt);
  }

  /** An entry inside a sketch or outline closed: kept by the outline if it failed, and forgotten (nothing young stays reachable from here). */
  private closeOutlineEntry(d: number, endMs: number): void {
    const from = this.rowsFrom[d];
    const failure = this.failures[d];
    if (failure !== undefined) {
      this.failures[d] = undefined;
      this.outlineNow().keepFailed(this.names[d], this.starts[d], endMs, this.describers[d], this.subjects[d] as RecordedValue, this.rowsOf(from, this.rowCount), failure);
    }
    this.subjects[d] = undefined;
    for (let i = from * 2; i < this.rowCount * 2; i++) this.rows[i] = undefined;
    this.rowCount = from;
  }

  /** Rows from..to-1 of `rows`, copied; undefined when there are none. */
  private rowsOf(from: number, to: number): AttributeRows | undefined {
    return from === to ? undefined : (this.rows.slice(from * 2, to * 2) as AttributeRows);
  }

  /** Moves the stack's lazy trace, if any, into a record, for what its shape does not hold. */
  protected settle(): void {
    if (this.sketching) this.promote();
    const outline = this.outline;
    if (outline !== undefined) {
      // The root is slot 0; the entries open inside it are recorded now, each under the one before.
      this.outline = undefined;
      outline.inner = this.inner;
      const record = this.recorder.materializeOutline(outline, this.depth - 1);
      this.records[0] = record;
      this.generations[0] = record.generation;
      this.slots[0] = 0;
      for (let d = 1; d < this.depth; d++) {
        const slot = this.recorder.child(record, this.slots[d - 1], this.names[d], SpanKind.INTERNAL, this.starts[d]);
        const end = d + 1 < this.depth ? this.rowsFrom[d + 1] : this.rowCount;
        if (slot >= 0) {
          const describer = this.describers[d];
          if (describer !== undefined) record.appendDescription(slot, describer, this.subjects[d] as RecordedValue);
          for (let i = this.rowsFrom[d] * 2; i < end * 2; i += 2) record.appendAttribute(slot, this.rows[i] as string, this.rows[i + 1] as RecordedValue);
          const failure = this.failures[d];
          if (failure !== undefined) record.setStatus(slot, SpanStatusCode.ERROR, failure);
        }
        this.failures[d] = undefined;
        this.subjects[d] = undefined;
        this.records[d] = record;
        this.generations[d] = record.generation;
        this.slots[d] = slot;
      }
      for (let i = 0; i < this.rowCount * 2; i++) this.rows[i] = undefined;
      this.rowCount = 0;
      return;
    }
    const lazy = this.lazy;
    if (lazy === undefined) return;
    this.lazy = undefined;
    this.parkedMeta = undefined;
    const record = this.recorder.materialize(lazy);
    for (let i = 0; i < this.depth; i++) {
      this.records[i] = record;
      this.generations[i] = record.generation;
    }
  }

  private pushLazy(slot: number): void {
    this.closedDepth = -1;
    this.slots[this.depth++] = slot;
  }

  private endSlot(record: TraceRecord, generation: number, slot: number, error: string | undefined, endedAt?: number): void {
    if (slot < 0 || record.generation !== generation || !record.recording(slot)) return;
    if (error !== undefined) record.setStatus(slot, SpanStatusCode.ERROR, error);
    record.end(slot, this.endReading(endedAt));
  }

  /** Opens a span under the current entry (or a new trace) and pushes it. */
  protected openUnderTop(name: string, kind: SpanKind, startMs: number): void {
    const top = this.depth - 1;
    if (top < 0) {
      this.push(this.recorder.newTrace(name, kind, startMs, undefined), 0, undefined);
      return;
    }
    const record = this.records[top];
    if (record === undefined) {
      this.push(this.recorder.newTrace(name, kind, startMs, this.remoteParent(this.handles[top])), 0, undefined);
      return;
    }
    const generation = this.generations[top];
    let slot = -1;
    if (record.generation === generation) slot = this.recorder.child(record, this.slots[top], name, kind, startMs);
    else this.recorder.counters.lateSpans++;
    this.pushEntry(record, generation, slot, undefined);
  }

  protected remoteParent(span: Span | undefined) {
    const context = span?.spanContext();
    return context !== undefined && isSpanContextValid(context) ? context : undefined;
  }

  protected push(record: TraceRecord, slot: number, handle: Span | undefined): void {
    this.pushEntry(record, record.generation, slot, handle);
  }

  protected pushEntry(record: TraceRecord | undefined, generation: number, slot: number, handle: Span | undefined): void {
    this.closedDepth = -1;
    const i = this.depth++;
    this.records[i] = record;
    this.generations[i] = generation;
    this.slots[i] = slot;
    // pop() leaves no handle behind, so the stanza path (no handle) writes nothing here.
    if (handle !== undefined) this.handles[i] = handle;
  }

  /** A popped entry's record may stay in its cell (records are pooled, or pinned by a span object anyway); its handle may not. */
  protected pop(): void {
    this.closedDepth = -1;
    const i = --this.depth;
    if (this.handles[i] !== undefined) this.handles[i] = undefined;
  }


  /** Fields for every log line: the current span's ids. A new object each call, since pino merges into it. */
  logMixin(): object {
    const top = this.depth - 1;
    if (top < 0) return {};
    // Inside an outline: its root's ids (the innermost span it may keep), without moving it.
    if (this.outlined) return this.outlineNow().logIds(this.recorder);
    // A log line's ids must be the ones a kept trace will have: they live in a record.
    this.settle();
    const record = this.records[top];
    if (record === undefined) {
      const context = this.handles[top]?.spanContext();
      return context === undefined ? {} : { trace_id: context.traceId, span_id: context.spanId };
    }
    if (record.generation !== this.generations[top]) return {};
    const slot = this.slots[top];
    // A span that is not recorded has no id of its own: its line carries the trace id alone.
    return slot < 0 ? { trace_id: record.traceId } : { trace_id: record.traceId, span_id: record.spanId(slot) };
  }
}
