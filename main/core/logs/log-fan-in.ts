// The merged live tail: one node tail per wanted node (all nodes when none are named, including
// nodes that start later), each node's batches forwarded as they come with the console's node id,
// and explicit dropped markers — from the node, or from here when the subscriber cannot take more.
// A tail that breaks while its node runs is re-opened after a pause, resuming after the last entry
// seen so the gap is filled (or reported as dropped by the node).
import { ConsoleCallError } from '../../common/console-errors.js';
import type { ConsoleLogEntry, LogsQueryRequest, LogsQueryResult, LogsTailEvent, LogsTailFilter } from '../../common/log-views.js';
import type { NodeChange } from '../../common/node-views.js';
import type { NodeHandle, NodeRegistry } from '../registry/node-registry.js';
import type { NodeLogApi } from './node-log-api.js';

/** Returns false when the subscriber could not take the event (it is then counted as dropped). */
export type TailEmitter = (event: LogsTailEvent) => boolean;

const RETRY_MS = 1000;
const DEFAULT_QUERY_LIMIT = 1000;

interface NodeTail {
  close(): void;
  lastSeq: number | undefined;
  connected: boolean;
  retry: NodeJS.Timeout | undefined;
  /** Entries lost on our side, reported with the next marker. */
  droppedHere: number;
}

function tailable(handle: NodeHandle): boolean {
  const status = handle.view().status;
  return status === 'running' || status === 'unreachable';
}

export class LogFanIn {
  constructor(
    private readonly registry: NodeRegistry,
    private readonly api: NodeLogApi,
    private readonly now: () => number = Date.now,
  ) {}

  subscribe(filter: LogsTailFilter, emit: TailEmitter): () => void {
    const wanted = filter.nodeIds !== undefined && filter.nodeIds.length > 0 ? new Set(filter.nodeIds) : undefined;
    const tails = new Map<string, NodeTail>();
    let closed = false;

    const send = (nodeId: string, event: LogsTailEvent, entries = 0): void => {
      const tail = tails.get(nodeId);
      if (tail !== undefined && tail.droppedHere > 0) {
        if (!emit({ kind: 'dropped', nodeId, count: tail.droppedHere, at: this.now() })) {
          tail.droppedHere += entries;
          return;
        }
        tail.droppedHere = 0;
      }
      if (!emit(event) && tail !== undefined) tail.droppedHere += entries;
    };

    const open = (handle: NodeHandle): void => {
      const existing = tails.get(handle.id);
      const state: NodeTail = existing ?? { close: () => {}, lastSeq: undefined, connected: false, retry: undefined, droppedHere: 0 };
      tails.set(handle.id, state);
      const stream = this.api.tail(handle, filter.filter ?? {}, state.lastSeq, {
        onOpen: () => {
          state.connected = true;
          send(handle.id, { kind: 'source', nodeId: handle.id, state: 'connected' });
        },
        onEntries: (entries: ConsoleLogEntry[]) => {
          if (entries.length === 0) return;
          state.lastSeq = entries[entries.length - 1].seq;
          send(handle.id, { kind: 'entries', entries }, entries.length);
        },
        onDropped: (count) => send(handle.id, { kind: 'dropped', nodeId: handle.id, count, at: this.now() }),
        onClose: (error) => {
          if (closed || tails.get(handle.id) !== state) return;
          const wasConnected = state.connected;
          state.connected = false;
          if (wasConnected || error !== undefined) {
            send(handle.id, { kind: 'source', nodeId: handle.id, state: 'disconnected', ...(error === undefined ? {} : { message: error.message }) });
          }
          const current = this.registry.get(handle.id);
          if (current !== undefined && tailable(current)) {
            state.retry = setTimeout(() => {
              state.retry = undefined;
              if (!closed && tails.get(handle.id) === state && tailable(current)) open(current);
            }, RETRY_MS);
            state.retry.unref();
          }
        },
      });
      state.close = () => stream.close();
    };

    const drop = (nodeId: string): void => {
      const state = tails.get(nodeId);
      if (state === undefined) return;
      tails.delete(nodeId);
      if (state.retry !== undefined) clearTimeout(state.retry);
      state.close();
      if (state.connected) emit({ kind: 'source', nodeId, state: 'disconnected', message: 'the node stopped' });
    };

    const sync = (change: NodeChange): void => {
      if (change.kind === 'removed') return drop(change.nodeId);
      const id = change.node.id;
      if (wanted !== undefined && !wanted.has(id)) return;
      const up = change.node.status === 'running' || change.node.status === 'unreachable';
      const state = tails.get(id);
      if (up && state === undefined) {
        const handle = this.registry.get(id);
        if (handle !== undefined) open(handle);
      } else if (!up && state !== undefined) {
        drop(id);
      }
    };

    for (const handle of this.registry.list()) {
      if ((wanted === undefined || wanted.has(handle.id)) && tailable(handle)) open(handle);
    }
    const stopWatching = this.registry.onChange(sync);
    return () => {
      if (closed) return;
      closed = true;
      stopWatching();
      for (const [nodeId, state] of tails) {
        if (state.retry !== undefined) clearTimeout(state.retry);
        state.close();
        tails.delete(nodeId);
      }
    };
  }

  /** Each wanted node's newest matching entries, merged by time (oldest first). */
  async query(req: LogsQueryRequest): Promise<LogsQueryResult> {
    const handles = req.nodeIds !== undefined && req.nodeIds.length > 0 ? req.nodeIds.map((id) => this.registry.require(id)) : this.registry.list();
    const limit = req.limit ?? DEFAULT_QUERY_LIMIT;
    const failures: LogsQueryResult['failures'] = [];
    const parts = await Promise.all(
      handles.map(async (handle) => {
        if (!tailable(handle)) {
          failures.push({ nodeId: handle.id, code: 'node_unreachable', message: `node ${handle.view().name} is ${handle.view().status}` });
          return [];
        }
        try {
          return await this.api.query(handle, req.filter ?? {}, limit);
        } catch (error) {
          const e = error instanceof ConsoleCallError ? error : new ConsoleCallError({ code: 'internal', message: String(error) });
          failures.push({ nodeId: handle.id, code: e.code, message: e.message });
          return [];
        }
      }),
    );
    const entries = parts.flat().sort((a, b) => a.time - b.time || (a.nodeId === b.nodeId ? a.seq - b.seq : a.nodeId < b.nodeId ? -1 : 1));
    failures.sort((x, y) => (x.nodeId < y.nodeId ? -1 : x.nodeId > y.nodeId ? 1 : 0));
    return { entries, failures };
  }
}
