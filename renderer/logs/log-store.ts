// The renderer's log buffer, outside react-query: one ring per node (200,000 lines each by
// default), fed by the logs.tail stream. Events are queued as they arrive and applied once per
// animation frame, so 20,000 lines/s cost one store update (and one render) per frame, not one per
// WebSocket message. Views subscribe to the changes and keep their filtered lists up to date
// incrementally.
import type { LogsTailEvent } from '../../main/common/console-api.js';
import { NodeLogRing } from './node-log-ring.js';
import { markerRecord, toRecord, type LogMarker, type LogRecord } from './log-record.js';

export const DEFAULT_CAPACITY_PER_NODE = 200_000;

export interface LogStoreChange {
  /** New records of this flush, in order. */
  appended: readonly LogRecord[];
  /** Records the rings pushed out in this flush (already flagged `evicted`). */
  evicted: readonly LogRecord[];
  /** The buffer was emptied: views start over. */
  cleared: boolean;
}

export type SourceState = { state: 'connected' | 'disconnected'; message?: string; at: number };

export interface LogStoreOptions {
  capacityPerNode?: number;
  /** Runs `flush` soon; defaults to the next animation frame (with a timer fallback for hidden tabs). */
  schedule?: (flush: () => void) => void;
  now?: () => number;
}

type Pending = { kind: 'event'; event: LogsTailEvent } | { kind: 'console-gap' };

/** Past this many queued entries the store flushes at once instead of waiting for a frame. */
const MAX_PENDING_ENTRIES = 50_000;

function nextFrame(flush: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  setTimeout(run, 250);
}

export class LogStore {
  readonly capacityPerNode: number;
  private readonly rings = new Map<string, NodeLogRing>();
  private readonly sources = new Map<string, SourceState>();
  private readonly listeners = new Set<(change: LogStoreChange) => void>();
  private readonly schedule: (flush: () => void) => void;
  private readonly now: () => number;
  private pending: Pending[] = [];
  private pendingEntries = 0;
  private scheduled = false;
  private order = 0;
  /** Bumped on every applied change; what useSyncExternalStore compares. */
  version = 0;

  constructor(options: LogStoreOptions = {}) {
    this.capacityPerNode = options.capacityPerNode ?? DEFAULT_CAPACITY_PER_NODE;
    this.schedule = options.schedule ?? nextFrame;
    this.now = options.now ?? Date.now;
  }

  /** Queues one logs.tail event; it is applied at the next flush. */
  enqueue(event: LogsTailEvent): void {
    this.pending.push({ kind: 'event', event });
    if (event.kind === 'entries') this.pendingEntries += event.entries.length;
    this.requestFlush();
  }

  /** Records a gap in every node's lines (the console's own connection dropped). */
  markConsoleDisconnected(): void {
    this.pending.push({ kind: 'console-gap' });
    this.requestFlush();
  }

  private requestFlush(): void {
    if (this.pendingEntries > MAX_PENDING_ENTRIES) {
      this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  private ring(nodeId: string): NodeLogRing {
    let ring = this.rings.get(nodeId);
    if (ring === undefined) {
      ring = new NodeLogRing(this.capacityPerNode);
      this.rings.set(nodeId, ring);
    }
    return ring;
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    this.pendingEntries = 0;
    const appended: LogRecord[] = [];
    const evicted: LogRecord[] = [];
    const add = (record: LogRecord) => {
      appended.push(record);
      const out = this.ring(record.nodeId).push(record);
      if (out !== undefined) evicted.push(out);
    };
    for (const item of pending) {
      if (item.kind === 'console-gap') {
        const marker: LogMarker = { kind: 'console-disconnected' };
        for (const nodeId of this.rings.keys()) add(markerRecord(nodeId, this.now(), marker, this.order++));
        continue;
      }
      const event = item.event;
      switch (event.kind) {
        case 'entries':
          for (const entry of event.entries) add(toRecord(entry, this.order++));
          break;
        case 'dropped':
          this.ring(event.nodeId).streamDropped += event.count;
          add(markerRecord(event.nodeId, event.at, { kind: 'dropped', count: event.count }, this.order++));
          break;
        case 'source': {
          const before = this.sources.get(event.nodeId);
          this.sources.set(event.nodeId, { state: event.state, message: event.message, at: this.now() });
          // The first "connected" is the normal start of a tail, not news; changes after it are.
          if (before !== undefined || event.state === 'disconnected') {
            if (before?.state !== event.state) add(markerRecord(event.nodeId, this.now(), { kind: 'source', state: event.state, message: event.message }, this.order++));
          } else this.ring(event.nodeId);
          break;
        }
      }
    }
    this.emit({ appended, evicted, cleared: false });
  }

  private emit(change: LogStoreChange): void {
    this.version++;
    for (const listener of this.listeners) listener(change);
  }

  subscribe(listener: (change: LogStoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nodeIds(): string[] {
    return [...this.rings.keys()];
  }

  sourceState(nodeId: string): SourceState | undefined {
    return this.sources.get(nodeId);
  }

  /** Lines held for these nodes (all nodes when null). */
  size(nodeIds: readonly string[] | null): number {
    let total = 0;
    for (const [id, ring] of this.rings) if (nodeIds === null || nodeIds.includes(id)) total += ring.length;
    return total;
  }

  /** Lines no longer held: pushed out of full rings, and dropped by the nodes' streams. */
  dropped(nodeIds: readonly string[] | null): { evicted: number; streamDropped: number } {
    let evicted = 0;
    let streamDropped = 0;
    for (const [id, ring] of this.rings) {
      if (nodeIds !== null && !nodeIds.includes(id)) continue;
      evicted += ring.evicted;
      streamDropped += ring.streamDropped;
    }
    return { evicted, streamDropped };
  }

  /** The held records of these nodes (all when null) that pass `test`, in ingest order. */
  collect(nodeIds: readonly string[] | null, test: (record: LogRecord) => boolean): LogRecord[] {
    const lists: LogRecord[][] = [];
    for (const [id, ring] of this.rings) if (nodeIds === null || nodeIds.includes(id)) lists.push(ring.collect(test));
    return mergeByOrder(lists);
  }

  clear(): void {
    for (const ring of this.rings.values()) ring.clear();
    this.pending = [];
    this.pendingEntries = 0;
    this.emit({ appended: [], evicted: [], cleared: true });
  }
}

/** Merges lists that are each sorted by `order`. */
export function mergeByOrder(lists: LogRecord[][]): LogRecord[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  let merged = nonEmpty;
  while (merged.length > 1) {
    const next: LogRecord[][] = [];
    for (let i = 0; i < merged.length; i += 2) next.push(i + 1 < merged.length ? mergeTwo(merged[i], merged[i + 1]) : merged[i]);
    merged = next;
  }
  return merged[0];
}

function mergeTwo(a: LogRecord[], b: LogRecord[]): LogRecord[] {
  const out = new Array<LogRecord>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i].order < b[j].order ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
