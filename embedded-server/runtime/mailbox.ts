// A process mailbox: a growable power-of-two ring buffer (never Array#shift on a big array) that
// keeps its byte estimate and peak length incrementally, so introspection reads them in O(1) and
// peek(offset, limit) costs O(limit) even with a million queued messages. Capacity and overflow
// policy are applied by the runtime, which owns the exit side effect.

const INITIAL_SLOTS = 8;
/** A drained mailbox bigger than this gives its buffer back, so one burst doesn't pin memory. */
const SHRINK_ABOVE_SLOTS = 4096;

export const DEFAULT_MESSAGE_BYTES = 64;

export class Mailbox {
  // Allocated on the first message: most idle processes never hold one.
  private buf: unknown[] | null = null;
  /** Per-slot sizes, only when the spec has its own messageSize (otherwise bytes = length × default). */
  private sizes: Float64Array | null = null;
  private sizedBytes = 0;
  private head = 0;
  private mask = -1;
  length = 0;
  peak = 0;

  constructor(
    readonly capacity: number,
    private readonly sizeOf: ((msg: unknown) => number) | null = null,
  ) {}

  get bytes(): number {
    return this.sizeOf === null ? this.length * DEFAULT_MESSAGE_BYTES : this.sizedBytes;
  }

  get isFull(): boolean {
    return this.length >= this.capacity;
  }

  /** Appends regardless of capacity (the caller checked it; system messages bypass it). */
  push(msg: unknown): void {
    if (this.length > this.mask) this.grow();
    const slot = (this.head + this.length) & this.mask;
    this.buf![slot] = msg;
    if (this.sizes !== null) {
      const size = this.measure(msg);
      this.sizes[slot] = size;
      this.sizedBytes += size;
    }
    if (++this.length > this.peak) this.peak = this.length;
  }

  /** Removes and returns the oldest message; undefined when empty. */
  shift(): unknown {
    if (this.length === 0) return undefined;
    const buf = this.buf!;
    const head = this.head;
    const msg = buf[head];
    buf[head] = undefined;
    if (this.sizes !== null) this.sizedBytes -= this.sizes[head];
    this.head = (head + 1) & this.mask;
    if (--this.length === 0 && this.mask >= SHRINK_ABOVE_SLOTS) this.release();
    return msg;
  }

  /** Rendered view of `limit` messages from `offset` (0 = oldest). O(limit). */
  peek(offset: number, limit: number): unknown[] {
    const end = Math.min(this.length, offset + limit);
    const out: unknown[] = [];
    for (let i = offset; i < end; i++) out.push(this.buf![(this.head + i) & this.mask]);
    return out;
  }

  /** Drops every message; returns how many were queued. */
  clear(): number {
    const dropped = this.length;
    this.length = 0;
    this.release();
    return dropped;
  }

  private measure(msg: unknown): number {
    try {
      const size = this.sizeOf!(msg);
      return Number.isFinite(size) && size >= 0 ? size : DEFAULT_MESSAGE_BYTES;
    } catch {
      return DEFAULT_MESSAGE_BYTES;
    }
  }

  private grow(): void {
    const oldCap = this.mask + 1;
    const capacity = oldCap === 0 ? INITIAL_SLOTS : oldCap * 2;
    const buf = new Array<unknown>(capacity);
    const sizes = this.sizeOf === null ? null : new Float64Array(capacity);
    for (let i = 0; i < this.length; i++) {
      const from = (this.head + i) & this.mask;
      buf[i] = this.buf![from];
      if (sizes !== null) sizes[i] = this.sizes![from];
    }
    this.buf = buf;
    this.sizes = sizes;
    this.head = 0;
    this.mask = capacity - 1;
  }

  private release(): void {
    this.buf = null;
    this.sizes = null;
    this.sizedBytes = 0;
    this.head = 0;
    this.mask = -1;
  }
}
