// The open traces of a recorder in start order, for eviction (too many open) and the sweep (open too
// long). A ring of entries removed lazily: adding writes one cell of a hot array, and a trace that
// completes writes nothing here (a linked list wrote into its neighbours' records, by then out of
// the CPU caches). An entry is dead once its record is decided (done) or reused (generation), or, for
// a message holding a parked span, once that span has ended there (parkedTrace cleared).
import type { StanzaMeta } from '../../core/telemetry.js';
import { LazyTrace } from './lazy-trace.js';
import { OutlineTrace } from './outline-trace.js';
import { TraceRecord } from './trace-record.js';

/**
 * What the ring holds: a trace record, a lazy trace or an outline that outlived the code that began
 * it, or the message a lazy trace's one open span is parked in (SpanRecorder.parkQuick), so that its end does
 * not have to touch the ring or the trace.
 */
export type OpenTrace = TraceRecord | LazyTrace | OutlineTrace | StanzaMeta;

/** A trace, as opposed to a message holding a parked span. */
export function isTraceEntry(entry: OpenTrace): entry is TraceRecord | LazyTrace | OutlineTrace {
  return entry instanceof TraceRecord || entry instanceof LazyTrace || entry instanceof OutlineTrace;
}

/** Whether the entry added with `generation` is still open. */
function isLive(entry: OpenTrace, generation: number): boolean {
  if (isTraceEntry(entry)) return !entry.done && entry.generation === generation;
  return entry.parkedGeneration === generation && entry.parkedTrace !== undefined;
}

const INITIAL_CAPACITY = 1024;

/** Told the new place of each live entry a compaction moved (the place `add` returned is then stale). */
export type MovedEntry = (entry: OpenTrace, generation: number, place: number) => void;

export class OpenTraces {
  private records: (OpenTrace | undefined)[] = new Array<OpenTrace | undefined>(INITIAL_CAPACITY).fill(undefined);
  private generations: number[] = new Array<number>(INITIAL_CAPACITY).fill(0);
  private mask = INITIAL_CAPACITY - 1;
  /** Entries oldest .. next-1 are in the ring (live or dead), at index & mask. */
  private oldest = 0;
  private next = 0;
  /** Live entries. */
  count = 0;

  /**
   * `moved`: where an entry's owner keeps its place (for forget), to be updated when a compaction
   * moves it; without it, a trace completed after a compaction would stay reachable from here until
   * the next one, with the stanza it refers to.
   */
  constructor(private readonly moved: MovedEntry = () => {}) {}

  /** Adds a trace (its generation: a record's, 0 for a lazy trace, a message's parkedGeneration); returns its place, for forget(). */
  add(record: OpenTrace, generation: number): number {
    if (this.next - this.oldest > this.mask) {
      // Traces mostly complete in the order they began: the dead entries at the head make room
      // without the copy (and the two arrays) of a compaction.
      this.oldestOpen();
      if (this.next - this.oldest > this.mask >> 1) this.compact();
    }
    const n = this.next++;
    const i = n & this.mask;
    this.records[i] = record;
    this.generations[i] = generation;
    this.count++;
    return n;
  }

  /**
   * Clears the entry `add` gave `place` if it still holds `record` (a compaction may have moved it):
   * a completed lazy trace must not stay reachable from here, with the stanza and session it refers
   * to, until the ring comes round (they would outlive the young generation).
   */
  forget(place: number, record: OpenTrace): void {
    if (place < this.oldest) return;
    const i = place & this.mask;
    if (this.records[i] === record) this.records[i] = undefined;
  }

  /** The caller decided `record` (done is set, or is about to be): its entry is dead from now on. */
  removed(): void {
    this.count--;
  }

  /** The oldest live record, leaving it in place; dead entries before it are dropped. */
  oldestOpen(): OpenTrace | undefined {
    while (this.oldest < this.next) {
      const i = this.oldest & this.mask;
      const record = this.records[i];
      if (record !== undefined && isLive(record, this.generations[i])) return record;
      this.records[i] = undefined;
      this.oldest++;
    }
    return undefined;
  }

  /** Removes the entry oldestOpen() returned. */
  shift(): void {
    this.records[this.oldest & this.mask] = undefined;
    this.oldest++;
    this.count--;
  }

  /** The ring is full: keeps the live entries in order, in a ring twice their number at least. */
  private compact(): void {
    const live: OpenTrace[] = [];
    const generations: number[] = [];
    for (let n = this.oldest; n < this.next; n++) {
      const i = n & this.mask;
      const record = this.records[i];
      if (record !== undefined && isLive(record, this.generations[i])) {
        live.push(record);
        generations.push(this.generations[i]);
      }
    }
    let capacity = this.mask + 1;
    while (capacity < live.length * 2) capacity *= 2;
    this.records = new Array<OpenTrace | undefined>(capacity).fill(undefined);
    this.generations = new Array<number>(capacity).fill(0);
    for (let i = 0; i < live.length; i++) {
      this.records[i] = live[i];
      this.generations[i] = generations[i];
    }
    this.mask = capacity - 1;
    this.oldest = 0;
    this.next = live.length;
    this.count = live.length;
    for (let i = 0; i < live.length; i++) this.moved(live[i], generations[i], i);
  }
}
