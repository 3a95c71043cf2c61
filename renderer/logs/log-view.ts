// A filtered window onto the log store: the records of some nodes that pass a filter, in ingest
// order. Built once with a full pass (the < 100 ms path), then kept current per store flush:
// matching new records are appended, records the rings pushed out are trimmed from the front.
// Counters let the list keep the reader's place (`trimmedTotal`) and count what arrived while
// the reader was scrolled up (`appendedTotal`).
import { compileFilter, type LogFilter } from './log-filter.js';
import type { LogRecord } from './log-record.js';
import type { LogStore, LogStoreChange } from './log-store.js';

export class LogView {
  private items: LogRecord[] = [];
  private head = 0;
  /** Evicted records still inside the list (possible when several nodes share a view). */
  private deadInside = 0;
  private readonly test: (record: LogRecord) => boolean;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | undefined;
  version = 0;
  /** Records that joined the view since it was built. */
  appendedTotal = 0;
  /** Records that left the front of the view since it was built. */
  trimmedTotal = 0;
  /** How long the last full pass took, in ms. */
  buildMs = 0;
  private builtAt = -1;

  constructor(
    private readonly store: LogStore,
    /** The nodes this view shows; null for every node (the merged cluster tail). */
    readonly nodeIds: readonly string[] | null,
    readonly filter: LogFilter,
  ) {
    this.test = compileFilter(filter);
    this.rebuild();
  }

  /**
   * Starts following the store; returns the stop function. A view built during a render and
   * attached after it catches up on anything the store applied in between.
   */
  attach(): () => void {
    if (this.unsubscribe === undefined) {
      this.unsubscribe = this.store.subscribe((change) => this.apply(change));
      if (this.store.version !== this.builtAt) {
        this.rebuild();
        this.bump();
      }
    }
    return () => this.detach();
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private inScope(record: LogRecord): boolean {
    return this.nodeIds === null || this.nodeIds.includes(record.nodeId);
  }

  private rebuild(): void {
    const started = performance.now();
    this.builtAt = this.store.version;
    this.items = this.store.collect(this.nodeIds, this.test);
    this.head = 0;
    this.deadInside = 0;
    this.buildMs = performance.now() - started;
  }

  private apply(change: LogStoreChange): void {
    if (change.cleared) {
      this.trimmedTotal += this.length;
      this.rebuild();
      this.bump();
      return;
    }
    let changed = false;
    for (const record of change.appended) {
      if (!record.evicted && this.inScope(record) && this.test(record)) {
        this.items.push(record);
        this.appendedTotal++;
        changed = true;
      }
    }
    if (change.evicted.length > 0) {
      let gone = 0;
      for (const record of change.evicted) if (this.inScope(record) && this.test(record)) gone++;
      if (gone > 0) {
        changed = true;
        const trimmed = this.trimFront();
        this.deadInside += Math.max(0, gone - trimmed);
        // Different nodes evict at different rates; sweep the middle when enough dead records pile up.
        if (this.deadInside > Math.max(256, this.length >> 3)) this.compact();
      }
    }
    if (changed) this.bump();
  }

  private trimFront(): number {
    const start = this.head;
    while (this.head < this.items.length && this.items[this.head].evicted) this.head++;
    const trimmed = this.head - start;
    this.trimmedTotal += trimmed;
    if (this.head > 4096 && this.head > this.items.length >> 1) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return trimmed;
  }

  private compact(): void {
    const kept: LogRecord[] = [];
    for (let i = this.head; i < this.items.length; i++) if (!this.items[i].evicted) kept.push(this.items[i]);
    this.items = kept;
    this.head = 0;
    this.deadInside = 0;
  }

  private bump(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  get length(): number {
    return this.items.length - this.head;
  }

  at(index: number): LogRecord {
    return this.items[this.head + index];
  }

  /** The records of the view, oldest first (for download). */
  toArray(): LogRecord[] {
    return this.items.slice(this.head).filter((r) => !r.evicted);
  }
}
