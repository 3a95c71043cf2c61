// A trace of the stanza path's usual shape (c2s.receive → hooks.user_send_packet, router.route →
// c2s.deliver parked in the recipient's message), held in one small young object until tail
// sampling has judged it. Most traces are dropped (99% at the default ratio): recording them this
// way writes a few cells of an object still in the CPU caches, where a pooled TraceRecord meant
// several arrays of a long-lived object, by the time the recipient ends the trace out of the caches,
// and every reference stored into it went through the old-to-young write barrier. A lazy trace dies
// with its message. One that outgrows the shape (more spans or attributes, a span object asked for,
// asynchronous work, a log line's trace id) is moved into a TraceRecord (SpanRecorder.materialize)
// and goes on from there; a kept one is moved too, to be copied like any other.
import type { RecordedKey, RecordedValue, TraceRecord, TraceRecordOwner } from './trace-record.js';

/** Spans a lazy trace holds. */
export const LAZY_SPANS = 4;

export class LazyTrace {
  /** Always 0: a lazy trace is never reused (the ring of open traces compares it). */
  readonly generation = 0;
  count = 0;
  /** Spans started and not yet ended. */
  open = 0;
  /** Judged (or evicted, or moved into a record): nothing more is recorded here. */
  done = false;
  /**
   * Its place in the recorder's ring of open traces (OpenTraces.add), once it outlived the
   * synchronous code that began it; -1 when not there.
   */
  place = -1;
  /** Set when closed for being open too long (as TraceRecord.incomplete). */
  incomplete = false;
  /** The record it was moved into, where its parked spans now end. */
  moved: TraceRecord | undefined = undefined;
  movedGeneration = 0;
  /** Per span: start, end (NaN while open). One double array: no boxed numbers. */
  readonly times: number[] = [NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN];
  // Per span, in fields rather than an array (one allocation less per message): its name, its
  // parent's slot (the root's is -1), and its description (describer and subject), if any.
  private n0: string;
  private n1: string | undefined = undefined;
  private n2: string | undefined = undefined;
  private n3: string | undefined = undefined;
  private p1 = -1;
  private p2 = -1;
  private p3 = -1;
  private d0: RecordedKey | undefined = undefined;
  private d1: RecordedKey | undefined = undefined;
  private d2: RecordedKey | undefined = undefined;
  private d3: RecordedKey | undefined = undefined;
  private s0: RecordedValue | undefined = undefined;
  private s1: RecordedValue | undefined = undefined;
  private s2: RecordedValue | undefined = undefined;
  private s3: RecordedValue | undefined = undefined;
  // Two attribute rows, inline (the router's from and to).
  attributeCount = 0;
  a0Slot = 0;
  a0Key: string | undefined = undefined;
  a0Value: RecordedValue | undefined = undefined;
  a1Slot = 0;
  a1Key: string | undefined = undefined;
  a1Value: RecordedValue | undefined = undefined;
  /** Failed spans as (slot, message) pairs; made on the first failure only. */
  errors: (number | string)[] | undefined = undefined;

  constructor(
    readonly owner: TraceRecordOwner,
    readonly startMs: number,
    name: string,
  ) {
    this.n0 = name;
    this.times[0] = startMs;
    this.count = 1;
    this.open = 1;
  }

  /** The caller checks count < LAZY_SPANS; the first span is added by the constructor. */
  add(name: string, parent: number, startMs: number): number {
    const slot = this.count++;
    this.times[slot * 2] = startMs;
    if (slot === 1) {
      this.n1 = name;
      this.p1 = parent;
    } else if (slot === 2) {
      this.n2 = name;
      this.p2 = parent;
    } else {
      this.n3 = name;
      this.p3 = parent;
    }
    this.open++;
    return slot;
  }

  nameOf(slot: number): string {
    return (slot === 0 ? this.n0 : slot === 1 ? this.n1 : slot === 2 ? this.n2 : this.n3) as string;
  }

  parentOf(slot: number): number {
    return slot === 0 ? -1 : slot === 1 ? this.p1 : slot === 2 ? this.p2 : this.p3;
  }

  describerOf(slot: number): RecordedKey | undefined {
    return slot === 0 ? this.d0 : slot === 1 ? this.d1 : slot === 2 ? this.d2 : this.d3;
  }

  subjectOf(slot: number): RecordedValue | undefined {
    return slot === 0 ? this.s0 : slot === 1 ? this.s1 : slot === 2 ? this.s2 : this.s3;
  }

  /** Ends an open span; returns whether that was the last open one. */
  end(slot: number, endMs: number): boolean {
    const i = slot * 2 + 1;
    if (!Number.isNaN(this.times[i])) return false;
    this.times[i] = endMs;
    return --this.open === 0;
  }

  isOpen(slot: number): boolean {
    return Number.isNaN(this.times[slot * 2 + 1]);
  }

  /** False when the span already has a description (the caller moves the trace into a record). */
  describe(slot: number, describe: RecordedKey, subject: RecordedValue): boolean {
    if (this.describerOf(slot) !== undefined) return false;
    if (slot === 0) {
      this.d0 = describe;
      this.s0 = subject;
    } else if (slot === 1) {
      this.d1 = describe;
      this.s1 = subject;
    } else if (slot === 2) {
      this.d2 = describe;
      this.s2 = subject;
    } else {
      this.d3 = describe;
      this.s3 = subject;
    }
    return true;
  }

  /** False when both inline rows are taken. */
  attribute(slot: number, key: string, value: RecordedValue): boolean {
    if (this.attributeCount === 0) {
      this.a0Slot = slot;
      this.a0Key = key;
      this.a0Value = value;
    } else if (this.attributeCount === 1) {
      this.a1Slot = slot;
      this.a1Key = key;
      this.a1Value = value;
    } else return false;
    this.attributeCount++;
    return true;
  }

  fail(slot: number, message: string): void {
    (this.errors ??= []).push(slot, message);
  }

  /** From the start to the last end of its spans; `closedAtMs` stands in for spans still open. */
  durationMs(closedAtMs: number): number {
    let endMs = this.startMs;
    for (let slot = 0; slot < this.count; slot++) {
      const end = this.times[slot * 2 + 1];
      const at = Number.isNaN(end) ? closedAtMs : end;
      if (at > endMs) endMs = at;
    }
    return endMs - this.startMs;
  }
}
