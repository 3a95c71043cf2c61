// Feeds the log store from the core: one logs.tail subscription for every node (the store keeps
// per-node rings; views filter locally), started the first time a logs view opens and kept after
// that so switching views loses nothing. The recent lines the nodes already hold are fetched once
// with logs.query, and again after the console's socket comes back, so a gap is filled where the
// nodes still have the lines; whatever cannot be recovered stays marked as a gap.
import type { ConsoleClient, ConsoleLogEntry, LogsTailEvent } from '../../main/common/console-api.js';
import type { StatusStore } from '../api/reconnecting-transport.js';
import type { LogStore } from './log-store.js';

/** Lines per node fetched to fill the list when the tail starts or resumes. */
export const BACKFILL_LINES_PER_NODE = 1000;

export type LogTailState = { phase: 'idle' | 'backfilling' | 'live' } | { phase: 'failed'; message: string };

export class LogTail {
  private stopStream: (() => void) | undefined;
  private stopStatus: (() => void) | undefined;
  /** Tail events held back while a backfill is under way (they come after it). */
  private held: LogsTailEvent[] | undefined;
  private readonly lastTime = new Map<string, number>();
  private lastStatus: string;
  private pendingBackfill = false;
  private backfilling = false;
  private readonly listeners = new Set<() => void>();
  state: LogTailState = { phase: 'idle' };

  constructor(
    private readonly client: ConsoleClient,
    private readonly store: LogStore,
    private readonly status: StatusStore,
  ) {
    this.lastStatus = status.getStatus().state;
  }

  start(): void {
    if (this.stopStream !== undefined) return;
    this.held = [];
    this.pendingBackfill = true;
    this.stopStream = this.client.subscribe(
      'logs.tail',
      {},
      (event) => this.onEvent(event),
      (error) => this.setState({ phase: 'failed', message: error.message }),
    );
    this.stopStatus = this.status.subscribeStatus(() => this.onStatus());
    this.lastStatus = this.status.getStatus().state;
    this.setState({ phase: 'backfilling' });
    if (this.lastStatus === 'open') void this.backfill();
  }

  stop(): void {
    this.stopStream?.();
    this.stopStatus?.();
    this.stopStream = undefined;
    this.stopStatus = undefined;
    this.held = undefined;
    this.setState({ phase: 'idle' });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): LogTailState => this.state;

  private setState(state: LogTailState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  private onStatus(): void {
    const now = this.status.getStatus().state;
    const before = this.lastStatus;
    this.lastStatus = now;
    if (this.stopStream === undefined) return;
    if (before === 'open' && now !== 'open') {
      this.store.markConsoleDisconnected();
      this.pendingBackfill = true;
    }
    if (now === 'open' && before !== 'open' && this.pendingBackfill && !this.backfilling) {
      this.held ??= [];
      void this.backfill();
    }
  }

  private onEvent(event: LogsTailEvent): void {
    if (this.held !== undefined) {
      this.held.push(event);
      return;
    }
    this.ingest(event);
  }

  private ingest(event: LogsTailEvent): void {
    if (event.kind === 'entries') for (const entry of event.entries) this.lastTime.set(entry.nodeId, entry.time);
    this.store.enqueue(event);
  }

  private async backfill(): Promise<void> {
    this.backfilling = true;
    this.pendingBackfill = false;
    this.setState({ phase: 'backfilling' });
    let entries: ConsoleLogEntry[] = [];
    try {
      const result = await this.client.request('logs.query', { limit: BACKFILL_LINES_PER_NODE });
      entries = result.entries;
    } catch (error) {
      // Without the console socket, try again once it is back; otherwise the tail works without the
      // recent lines and the gap stays marked.
      if ((error as { code?: string }).code === 'disconnected') this.pendingBackfill = true;
    }
    this.backfilling = false;
    const held = this.held ?? [];
    this.held = undefined;
    // The first line the tail delivered for each node: the backfill stops short of it.
    const firstTailSeq = new Map<string, number>();
    for (const event of held) {
      if (event.kind !== 'entries') continue;
      for (const entry of event.entries) if (!firstTailSeq.has(entry.nodeId)) firstTailSeq.set(entry.nodeId, entry.seq);
    }
    const missing = entries.filter((entry) => {
      const after = this.lastTime.get(entry.nodeId);
      const before = firstTailSeq.get(entry.nodeId);
      return (after === undefined || entry.time > after) && (before === undefined || entry.seq < before);
    });
    if (missing.length > 0) this.ingest({ kind: 'entries', entries: missing });
    for (const event of held) this.ingest(event);
    if (this.stopStream !== undefined && this.state.phase !== 'failed') this.setState({ phase: 'live' });
  }
}
