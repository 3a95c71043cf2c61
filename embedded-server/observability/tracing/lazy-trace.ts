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
/** Cells per span in LazyTrace.refs: name, parent slot, describer, subject. */
export const LAZY_REF_FIELDS = 4;

export class LazyTrace {
  /** Always 0: a lazy trace is never reused (the ring of open traces compares it). */
  readonly generation = 0;
  count = 0;
  /** Spans started and not yet ended. */
  open = 0;
  /** Judged (or evicted, or moved into a record): nothing more is recorded here. */
  done = false;
  /** In the recorder's ring of open traces (it outlived the synchronous code that began it). */
  tracked = false;
  /** Its place in that ring (OpenTraces.add). */
  place = 0;
  /** Set when closed for being open too long (as TraceRecord.incomplete). */
  incomplete = false;
  /** The record it was moved into, where its parked spans now end. */
  moved: TraceRecord | undefined = undefined;
  movedGeneration = 0;
  /** Per span: start, end (NaN while open). One double array: no boxed numbers. */
  readonly times: number[] = [NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN];
  /** Per span LAZY_REF_FIELDS cells: name, parent slot (-1 for the root), describer, subject. */
  readonly refs: unknown[] = [undefined, -1, undefined, undefined, undefined, -1, undefined, undefined, undefined, -1, undefined, undefined, undefined, -1, undefined, undefined];
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
    this.add(name, -1, startMs);
  }

  /** The caller checks count < LAZY_SPANS. */
  add(name: string, parent: number, startMs: number): number {
    const slot = this.count++;
    this.times[slot * 2] = startMs;
    const i = slot * LAZY_REF_FIELDS;
    this.refs[i] = name;
    this.refs[i + 1] = parent;
    this.open++;
    return slot;
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
    const i = slot * LAZY_REF_FIELDS + 2;
    if (this.refs[i] !== undefined) return false;
    this.refs[i] = describe;
    this.refs[i + 1] = subject;
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
