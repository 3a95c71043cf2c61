// One node's share of the log buffer: a fixed-capacity ring. When full, the oldest record goes and
// is counted, so the UI can say how many lines it no longer holds.
import type { LogRecord } from './log-record.js';

export class NodeLogRing {
  private readonly items: (LogRecord | undefined)[];
  private start = 0;
  private count = 0;
  /** Records dropped because the ring was full. */
  evicted = 0;
  /** Lines the node's stream reported as dropped before they reached the console. */
  streamDropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.items = new Array<LogRecord | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Appends; returns the record it pushed out, if any. */
  push(record: LogRecord): LogRecord | undefined {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = record;
      this.count++;
      return undefined;
    }
    const out = this.items[this.start]!;
    out.evicted = true;
    this.items[this.start] = record;
    this.start = (this.start + 1) % this.capacity;
    this.evicted++;
    return out;
  }

  /** i = 0 is the oldest record kept. */
  at(i: number): LogRecord {
    return this.items[(this.start + i) % this.capacity]!;
  }

  /** The kept records that pass `test`, oldest first. */
  collect(test: (record: LogRecord) => boolean, into: LogRecord[] = []): LogRecord[] {
    const { items, capacity, start, count } = this;
    for (let i = 0; i < count; i++) {
      const record = items[(start + i) % capacity]!;
      if (test(record)) into.push(record);
    }
    return into;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.at(i).evicted = true;
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.evicted = 0;
    this.streamDropped = 0;
  }
}
