// One live reader of the log ring. Logging only appends a sequence number to this reader's bounded
// queue; delivery happens later, in batches, outside the log call. A reader that cannot keep up
// loses its oldest queued entries (counted) instead of slowing the node or growing its memory, and
// learns how many with a `dropped` event placed where the gap is, before its next batch.
import type { CompiledFilter, LogEntry, LogFields } from './log-filter.js';

export type LogTailEvent = { type: 'entries'; entries: LogEntry[] } | { type: 'dropped'; count: number };

/**
 * Receives the tail's events. Returning false means "not taken" (e.g. the socket is backed up):
 * the entries stay queued and are offered again at the next interval.
 */
export type TailConsumer = (event: LogTailEvent) => boolean | void;

export interface TailOptions {
  /** Most entries queued for this reader; past it the oldest queued are dropped. Default 10,000. */
  maxPending?: number;
  /** Most entries per batch, and the queue length that triggers a delivery before the interval. Default 500. */
  batchSize?: number;
  /** Delivery interval in milliseconds. Default 100. */
  intervalMs?: number;
}

/** What a tail needs from the ring: the entries it queued, by sequence number. */
export interface TailSource {
  get(seq: number): LogEntry | undefined;
}

export class LogTail {
  private readonly maxPending: number;
  private readonly batchSize: number;
  /** Sequence numbers waiting for delivery, as a circular queue. */
  private readonly pending: Float64Array;
  private pendingHead = 0;
  private pendingCount = 0;
  private droppedUnreported = 0;
  private droppedTotal = 0;
  private deliveredTotal = 0;
  /** The consumer refused the last event: wait for the interval instead of retrying per batch. */
  private blocked = false;
  private immediate: NodeJS.Immediate | undefined;
  private readonly timer: NodeJS.Timeout;
  private isClosed = false;

  constructor(
    private readonly source: TailSource,
    private readonly filter: CompiledFilter,
    private readonly consumer: TailConsumer,
    opts: TailOptions,
    private readonly onClose: (tail: LogTail) => void,
  ) {
    this.maxPending = Math.max(1, opts.maxPending ?? 10_000);
    this.batchSize = Math.max(1, opts.batchSize ?? 500);
    this.pending = new Float64Array(this.maxPending);
    this.timer = setInterval(() => this.flush(), opts.intervalMs ?? 100);
    this.timer.unref();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Entries this reader lost so far (reported or about to be). */
  get dropped(): number {
    return this.droppedTotal;
  }

  get delivered(): number {
    return this.deliveredTotal;
  }

  get queued(): number {
    return this.pendingCount;
  }

  /** Called by the ring for every new entry (on the logging path: keep it cheap). */
  offer(fields: LogFields, line: string, seq: number): void {
    if (this.isClosed || !this.filter.matches(fields, line)) return;
    if (this.pendingCount === this.maxPending) {
      this.pendingHead = (this.pendingHead + 1) % this.maxPending;
      this.pendingCount--;
      this.noteDropped(1);
    }
    this.pending[(this.pendingHead + this.pendingCount) % this.maxPending] = seq;
    this.pendingCount++;
    if (this.pendingCount >= this.batchSize && !this.blocked && this.immediate === undefined) {
      this.immediate = setImmediate(() => this.flush());
    }
  }

  /** Entries lost before they were queued (e.g. evicted from the ring before a resume). */
  noteDropped(count: number): void {
    this.droppedUnreported += count;
    this.droppedTotal += count;
  }

  /** Delivers what is queued, in order; stops at the first event the consumer refuses. */
  flush(): void {
    this.immediate = undefined;
    if (this.isClosed) return;
    // Entries the ring evicted before delivery are at the front of the queue: they count as dropped.
    while (this.pendingCount > 0 && this.source.get(this.pending[this.pendingHead]) === undefined) {
      this.pendingHead = (this.pendingHead + 1) % this.maxPending;
      this.pendingCount--;
      this.noteDropped(1);
    }
    if (this.droppedUnreported > 0) {
      if (!this.deliver({ type: 'dropped', count: this.droppedUnreported })) return;
      this.droppedUnreported = 0;
    }
    while (this.pendingCount > 0) {
      const n = Math.min(this.batchSize, this.pendingCount);
      const entries: LogEntry[] = [];
      for (let k = 0; k < n; k++) {
        const entry = this.source.get(this.pending[(this.pendingHead + k) % this.maxPending]);
        if (entry !== undefined) entries.push(entry);
      }
      if (!this.deliver({ type: 'entries', entries })) return;
      this.pendingHead = (this.pendingHead + n) % this.maxPending;
      this.pendingCount -= n;
      this.deliveredTotal += entries.length;
    }
    this.blocked = false;
  }

  /** Stops delivery and frees the queue; the ring forgets this reader. Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearInterval(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.pendingCount = 0;
    this.onClose(this);
  }

  private deliver(event: LogTailEvent): boolean {
    let taken: boolean | void;
    try {
      taken = this.consumer(event);
    } catch {
      // A consumer that throws is broken, not slow: stop feeding it.
      this.close();
      return false;
    }
    if (this.isClosed) return false;
    if (taken === false) {
      this.blocked = true;
      return false;
    }
    return true;
  }
}
