// A trace of the stanza path's usual shape (c2s.receive → hooks.user_send_packet, router.route →
// c2s.deliver parked in the recipient's message), held in one small young object until tail
// sampling has judged it: the traces the sampling draw picked as they began ([tracing] detail =
// "sampled", the default; the others are outlines, outline-trace.ts), or every trace (detail =
// "all"), most of which are then dropped (99% at the default ratio). Recording them this way writes a few cells of an object still in the CPU caches, where a pooled TraceRecord meant
// several arrays of a long-lived object, by the time the recipient ends the trace out of the caches,
// and every reference stored into it went through the old-to-young write barrier. A lazy trace dies
// with its message. One that outgrows the shape (more spans or attributes, a span object asked for,
// asynchronous work, a log line's trace id) is moved into a TraceRecord (SpanRecorder.materialize)
// and goes on from there; a kept one is moved too, to be copied like any other. Its times are whole
// microseconds after its start (a kept trace's are read back as epoch milliseconds to that precision).
import type { RecordedKey, RecordedValue, TraceRecord, TraceRecordOwner } from './trace-record.js';

/** Spans a lazy trace holds. */
export const LAZY_SPANS = 4;

/** LazyTrace.drawn: the sampling draw, taken before the trace ends (SpanRecorder.parkQuick). */
export const SAMPLED = 1;
export const NOT_SAMPLED = 2;

/** A span's end while it is open. */
const OPEN = -1;
/** Offsets are clamped to this (about 17 minutes: traces are swept long before). */
const MAX_OFFSET_US = 0x3fffffff;

/**
 * A time as whole microseconds after the trace's start, clamped to [0, MAX_OFFSET_US]: a small
 * integer, stored in the object itself (a double field would be a separate heap number, and an
 * array of doubles another two objects).
 */
function offsetUs(startMs: number, atMs: number): number {
  const us = Math.round((atMs - startMs) * 1000);
  return us > 0 ? (us < MAX_OFFSET_US ? us : MAX_OFFSET_US) : 0;
}

export class LazyTrace {
  count = 1;
  /** Spans started and not yet ended. */
  open = 1;
  /** Judged (or evicted, or moved into a record): nothing more is recorded here. */
  done = false;
  /**
   * Its place in the recorder's ring of open traces (OpenTraces.add), once it outlived the
   * synchronous code that began it; -1 when not there.
   */
  place = -1;
  /** Set when closed for being open too long (as TraceRecord.incomplete). */
  incomplete = false;
  /** 0 until the sampling draw is taken early (SAMPLED, NOT_SAMPLED); the judgement then uses it. */
  drawn = 0;
  /** The record it was moved into, where its parked spans now end. */
  moved: TraceRecord | undefined = undefined;
  movedGeneration = 0;
  // Per span, in fields rather than arrays (one object per message): its start and end as offsets
  // (offsetUs; the root starts at 0, an open span ends at OPEN), its name, its parent's slot (2 bits
  // a slot in `parents`; the root has none), and its description (describer and subject), if any.
  private e0 = OPEN;
  private b1 = 0;
  private e1 = OPEN;
  private b2 = 0;
  private e2 = OPEN;
  private b3 = 0;
  private e3 = OPEN;
  private n0: string;
  private n1: string | undefined = undefined;
  private n2: string | undefined = undefined;
  private n3: string | undefined = undefined;
  private parents = 0;
  private d0: RecordedKey | undefined = undefined;
  private d1: RecordedKey | undefined = undefined;
  private d2: RecordedKey | undefined = undefined;
  private d3: RecordedKey | undefined = undefined;
  private s0: RecordedValue | undefined = undefined;
  private s1: RecordedValue | undefined = undefined;
  private s2: RecordedValue | undefined = undefined;
  private s3: RecordedValue | undefined = undefined;
  /** Two attribute rows, inline (the router's from and to): their count in bits 0-1, the rows' slots in bits 2-3 and 4-5. */
  private rows = 0;
  private k0: string | undefined = undefined;
  private v0: RecordedValue | undefined = undefined;
  private k1: string | undefined = undefined;
  private v1: RecordedValue | undefined = undefined;
  /** Failed spans as (slot, message) pairs; made on the first failure only. */
  errors: (number | string)[] | undefined = undefined;

  constructor(
    readonly owner: TraceRecordOwner,
    readonly startMs: number,
    name: string,
  ) {
    this.n0 = name;
  }

  /** Always 0: a lazy trace is never reused (the ring of open traces compares it). */
  get generation(): number {
    return 0;
  }

  /** The caller checks count < LAZY_SPANS; the first span is added by the constructor. */
  add(name: string, parent: number, startMs: number): number {
    const slot = this.count++;
    const at = offsetUs(this.startMs, startMs);
    if (slot === 1) {
      this.n1 = name;
      this.b1 = at;
    } else if (slot === 2) {
      this.n2 = name;
      this.b2 = at;
    } else {
      this.n3 = name;
      this.b3 = at;
    }
    this.parents |= parent << (slot * 2);
    this.open++;
    return slot;
  }

  nameOf(slot: number): string {
    return (slot === 0 ? this.n0 : slot === 1 ? this.n1 : slot === 2 ? this.n2 : this.n3) as string;
  }

  parentOf(slot: number): number {
    return slot === 0 ? -1 : (this.parents >> (slot * 2)) & 3;
  }

  /** Epoch milliseconds. */
  startOf(slot: number): number {
    const at = slot === 0 ? 0 : slot === 1 ? this.b1 : slot === 2 ? this.b2 : this.b3;
    return this.startMs + at / 1000;
  }

  /** Epoch milliseconds; NaN while the span is open. */
  endOf(slot: number): number {
    const at = this.endOffset(slot);
    return at === OPEN ? NaN : this.startMs + at / 1000;
  }

  private endOffset(slot: number): number {
    return slot === 0 ? this.e0 : slot === 1 ? this.e1 : slot === 2 ? this.e2 : this.e3;
  }

  describerOf(slot: number): RecordedKey | undefined {
    return slot === 0 ? this.d0 : slot === 1 ? this.d1 : slot === 2 ? this.d2 : this.d3;
  }

  subjectOf(slot: number): RecordedValue | undefined {
    return slot === 0 ? this.s0 : slot === 1 ? this.s1 : slot === 2 ? this.s2 : this.s3;
  }

  /** Ends an open span; returns whether that was the last open one. */
  end(slot: number, endMs: number): boolean {
    const at = offsetUs(this.startMs, endMs);
    if (slot === 0) {
      if (this.e0 !== OPEN) return false;
      this.e0 = at;
    } else if (slot === 1) {
      if (this.e1 !== OPEN) return false;
      this.e1 = at;
    } else if (slot === 2) {
      if (this.e2 !== OPEN) return false;
      this.e2 = at;
    } else {
      if (this.e3 !== OPEN) return false;
      this.e3 = at;
    }
    return --this.open === 0;
  }

  isOpen(slot: number): boolean {
    return this.endOffset(slot) === OPEN;
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
    const rows = this.rows & 3;
    if (rows === 0) {
      this.k0 = key;
      this.v0 = value;
      this.rows = 1 | (slot << 2);
    } else if (rows === 1) {
      this.k1 = key;
      this.v1 = value;
      this.rows = (this.rows & ~3) | 2 | (slot << 4);
    } else return false;
    return true;
  }

  /** Its attribute rows, in the order set, as (slot, key, value). */
  forEachAttribute(fn: (slot: number, key: string, value: RecordedValue) => void): void {
    const rows = this.rows & 3;
    if (rows > 0) fn((this.rows >> 2) & 3, this.k0 as string, this.v0 as RecordedValue);
    if (rows > 1) fn((this.rows >> 4) & 3, this.k1 as string, this.v1 as RecordedValue);
  }

  fail(slot: number, message: string): void {
    (this.errors ??= []).push(slot, message);
  }

  /** From the start to the last end of its spans; `closedAtMs` stands in for spans still open. */
  durationMs(closedAtMs: number): number {
    let last = 0;
    let open = false;
    for (let slot = 0; slot < this.count; slot++) {
      const at = this.endOffset(slot);
      if (at === OPEN) open = true;
      else if (at > last) last = at;
    }
    const ended = last / 1000;
    return open ? Math.max(ended, closedAtMs - this.startMs) : ended;
  }
}
