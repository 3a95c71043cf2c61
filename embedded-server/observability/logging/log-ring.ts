// The in-memory log the admin API serves: the newest entries, bounded both in count (ring_size) and
// in bytes, each with a sequence number so a reader can resume where it stopped.
// Lines are copied as UTF-8 into one preallocated buffer and the filter fields live in parallel
// arrays, so keeping 100,000 lines adds no per-line heap objects: a retained JS string per line
// survives every young-generation GC and was measured to cost more than writing the line itself.
import { blankFields, compileFilter, type LogEntry, type LogFields, type LogFilter } from './log-filter.js';
import { queryRing, type LogQuery, type LogQueryResult } from './log-query.js';
import { LogTail, type TailConsumer, type TailOptions } from './log-tail.js';

export interface LogRingOptions {
  /** Most entries kept. */
  capacity: number;
  /** Bytes of line text kept (allocated up front, touched as used); the oldest lines go first. */
  maxBytes?: number;
}

export interface LogRingStats {
  entries: number;
  capacity: number;
  /** Bytes of text of the kept lines. */
  bytes: number;
  /** The text buffer as allocated now: it grows (doubling) with what is kept, up to maxBytes. */
  bufferBytes: number;
  maxBytes: number;
  oldestSeq: number;
  newestSeq: number;
  /** Lines written without a `what` field (every line should have one). */
  withoutWhat: number;
  subscribers: number;
}

/** 64 MB of text: at a typical 250-byte line the count bound (100,000 by default) is reached first. */
export const DEFAULT_RING_MAX_BYTES = 64 * 1024 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit: room reserved before encoding a line. */
const MAX_UTF8_PER_UNIT = 3;
const INITIAL_BUFFER_BYTES = 1024 * 1024;

export class LogRing {
  readonly capacity: number;
  readonly maxBytes: number;
  private text: Buffer;
  private readonly offsets: Float64Array;
  private readonly lengths: Uint32Array;
  /** Where the next line's bytes go. */
  private writePos = 0;
  private readonly times: Float64Array;
  private readonly levels: Uint8Array;
  private readonly pids: Float64Array;
  private readonly whats: (string | undefined)[];
  private readonly modules: (string | undefined)[];
  private readonly jids: (string | undefined)[];
  private readonly fromJids: (string | undefined)[];
  private readonly toJids: (string | undefined)[];
  private readonly traceIds: (string | undefined)[];
  private readonly nodes: (string | undefined)[];
  /** Index of the oldest entry. */
  private head = 0;
  private count = 0;
  private nextSeq = 1;
  private bytes = 0;
  private withoutWhat = 0;
  private readonly tails: LogTail[] = [];

  constructor(opts: LogRingOptions) {
    if (!Number.isInteger(opts.capacity) || opts.capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = opts.capacity;
    this.maxBytes = opts.maxBytes ?? DEFAULT_RING_MAX_BYTES;
    const n = opts.capacity;
    if (!Number.isInteger(this.maxBytes) || this.maxBytes < 1024) throw new RangeError('maxBytes must be an integer of at least 1024');
    // Written circularly, so every page of it ends up resident: start small and grow to what the
    // kept lines need (count-bounded rings rarely need maxBytes).
    this.text = Buffer.allocUnsafeSlow(Math.min(this.maxBytes, INITIAL_BUFFER_BYTES));
    this.offsets = new Float64Array(n);
    this.lengths = new Uint32Array(n);
    this.times = new Float64Array(n);
    this.levels = new Uint8Array(n);
    this.pids = new Float64Array(n);
    this.whats = new Array<string | undefined>(n).fill(undefined);
    this.modules = new Array<string | undefined>(n).fill(undefined);
    this.jids = new Array<string | undefined>(n).fill(undefined);
    this.fromJids = new Array<string | undefined>(n).fill(undefined);
    this.toJids = new Array<string | undefined>(n).fill(undefined);
    this.traceIds = new Array<string | undefined>(n).fill(undefined);
    this.nodes = new Array<string | undefined>(n).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  get oldestSeq(): number {
    return this.count === 0 ? 0 : this.nextSeq - this.count;
  }

  get newestSeq(): number {
    return this.nextSeq - 1;
  }

  /** Stores one line; returns its sequence number. `fields` is copied, so callers may reuse it. */
  append(fields: LogFields, line: string): number {
    if (line.length * MAX_UTF8_PER_UNIT > this.maxBytes / 4) line = oversizeStandIn(fields, line);
    if (this.count === this.capacity) this.evictOldest();
    const at = this.reserve(line.length * MAX_UTF8_PER_UNIT);
    const length = this.text.write(line, at, 'utf8');
    this.writePos = at + length;
    const i = (this.head + this.count) % this.capacity;
    this.offsets[i] = at;
    this.lengths[i] = length;
    this.times[i] = fields.time;
    this.levels[i] = fields.level;
    this.pids[i] = fields.pid;
    this.whats[i] = fields.what;
    this.modules[i] = fields.module;
    this.jids[i] = fields.jid;
    this.fromJids[i] = fields.from_jid;
    this.toJids[i] = fields.to_jid;
    this.traceIds[i] = fields.trace_id;
    this.nodes[i] = fields.node;
    this.count++;
    this.bytes += length;
    if (fields.what === undefined) this.withoutWhat++;
    const seq = this.nextSeq++;
    const tails = this.tails;
    for (let t = 0; t < tails.length; t++) tails[t].offer(fields, line, seq);
    return seq;
  }

  /** The entry with this sequence number, if still kept. */
  get(seq: number): LogEntry | undefined {
    const i = this.indexOf(seq);
    return i < 0 ? undefined : this.entryAt(i, seq);
  }

  /** Copies the fields of entry `seq` into `view`; false when the ring no longer has it. */
  readFields(seq: number, view: LogFields): boolean {
    const i = this.indexOf(seq);
    if (i < 0) return false;
    this.readInto(i, view);
    return true;
  }

  /** The JSON line of entry `seq`, if still kept. */
  line(seq: number): string | undefined {
    const i = this.indexOf(seq);
    return i < 0 ? undefined : this.lineAt(i);
  }

  /** Newest matching entries (newest first), or those after q.sinceSeq (oldest first). See log-query.ts. */
  query(q: LogQuery): LogQueryResult {
    return queryRing(this, q);
  }

  /**
   * Live tail: matching entries are delivered in batches (every intervalMs or batchSize entries).
   * A consumer that cannot keep up loses entries — never the logger's time — and then gets
   * `{ type: 'dropped', count }` before its next batch. With sinceSeq it first gets what it missed.
   */
  subscribe(filter: LogFilter, consumer: TailConsumer, opts: TailOptions & { sinceSeq?: number } = {}): LogTail {
    const tail = new LogTail(this, compileFilter(filter), consumer, opts, (t) => {
      const index = this.tails.indexOf(t);
      if (index >= 0) this.tails.splice(index, 1);
    });
    if (opts.sinceSeq !== undefined) {
      const oldest = this.count === 0 ? this.nextSeq : this.oldestSeq;
      if (opts.sinceSeq + 1 < oldest) tail.noteDropped(oldest - opts.sinceSeq - 1);
      const view = blankFields();
      for (let seq = Math.max(opts.sinceSeq + 1, oldest); seq <= this.newestSeq; seq++) {
        const i = this.indexOf(seq);
        this.readInto(i, view);
        tail.offer(view, this.lineAt(i), seq);
      }
    }
    this.tails.push(tail);
    return tail;
  }

  stats(): LogRingStats {
    return {
      entries: this.count,
      capacity: this.capacity,
      bytes: this.bytes,
      bufferBytes: this.text.length,
      maxBytes: this.maxBytes,
      oldestSeq: this.oldestSeq,
      newestSeq: this.newestSeq,
      withoutWhat: this.withoutWhat,
      subscribers: this.tails.length,
    };
  }

  /** Ends every live tail (the node is stopping). */
  closeTails(): void {
    for (const tail of [...this.tails]) tail.close();
  }

  private indexOf(seq: number): number {
    const oldest = this.nextSeq - this.count;
    if (this.count === 0 || seq < oldest || seq >= this.nextSeq) return -1;
    return (this.head + (seq - oldest)) % this.capacity;
  }

  /** Makes `size` contiguous bytes free (growing the buffer, else evicting the oldest lines); returns where. */
  private reserve(size: number): number {
    for (;;) {
      if (this.count === 0) return 0;
      const oldestAt = this.offsets[this.head];
      if (this.writePos > oldestAt) {
        // Free space is the end of the buffer, then the start up to the oldest line.
        if (this.text.length - this.writePos >= size) return this.writePos;
        if (oldestAt >= size) return 0;
      } else if (oldestAt - this.writePos >= size) {
        return this.writePos;
      }
      if (this.text.length < this.maxBytes) this.grow();
      else this.evictOldest();
    }
  }

  /** Doubles the text buffer (up to maxBytes), copying the kept lines to its start in order. */
  private grow(): void {
    const next = Buffer.allocUnsafeSlow(Math.min(this.maxBytes, this.text.length * 2));
    let at = 0;
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) % this.capacity;
      const from = this.offsets[i];
      this.text.copy(next, at, from, from + this.lengths[i]);
      this.offsets[i] = at;
      at += this.lengths[i];
    }
    this.text = next;
    this.writePos = at;
  }

  private evictOldest(): void {
    const i = this.head;
    this.bytes -= this.lengths[i];
    // Drop references so evicted values are freed even before the slot is reused.
    this.whats[i] = this.modules[i] = this.jids[i] = this.fromJids[i] = this.toJids[i] = this.traceIds[i] = this.nodes[i] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }

  private lineAt(i: number): string {
    const at = this.offsets[i];
    return this.text.toString('utf8', at, at + this.lengths[i]);
  }

  private readInto(i: number, view: LogFields): void {
    view.time = this.times[i];
    view.level = this.levels[i];
    view.pid = this.pids[i];
    view.what = this.whats[i];
    view.module = this.modules[i];
    view.jid = this.jids[i];
    view.from_jid = this.fromJids[i];
    view.to_jid = this.toJids[i];
    view.trace_id = this.traceIds[i];
    view.node = this.nodes[i];
  }

  private entryAt(i: number, seq: number): LogEntry {
    const entry = blankFields() as LogEntry;
    this.readInto(i, entry);
    entry.seq = seq;
    entry.line = this.lineAt(i);
    return entry;
  }
}


/** A line too long for the ring is kept as a short line with its filter fields and its size. */
function oversizeStandIn(fields: LogFields, line: string): string {
  const standIn: Record<string, unknown> = { level: fields.level, time: new Date(fields.time).toISOString(), node: fields.node };
  for (const key of ['what', 'module', 'jid', 'from_jid', 'to_jid', 'trace_id'] as const) if (fields[key] !== undefined) standIn[key] = fields[key];
  if (!Number.isNaN(fields.pid)) standIn.pid = fields.pid;
  standIn.ring_line_omitted_chars = line.length;
  return JSON.stringify(standIn) + '\n';
}
