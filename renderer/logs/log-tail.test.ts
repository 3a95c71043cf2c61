import { describe, expect, it } from 'vitest';
import type { ConsoleClient, ConsoleLogEntry, LogsTailEvent } from '../../main/common/console-api.js';
import type { ConnectionStatus, StatusStore } from '../api/reconnecting-transport.js';
import { LogStore } from './log-store.js';
import { LogTail } from './log-tail.js';
import { entry } from './log-test-entries.js';

function fakes(initial: ConnectionStatus['state']) {
  let status: ConnectionStatus = { state: initial, since: 0, attempts: 0, retryAt: null, everOpened: initial === 'open' };
  const statusListeners = new Set<() => void>();
  const statusStore: StatusStore = { getStatus: () => status, subscribeStatus: (l) => (statusListeners.add(l), () => statusListeners.delete(l)) };
  const setState = (state: ConnectionStatus['state']) => {
    status = { ...status, state };
    statusListeners.forEach((l) => l());
  };
  let push: (e: LogsTailEvent) => void = () => {};
  const queries: { resolve: (entries: ConsoleLogEntry[]) => void; reject: (e: unknown) => void }[] = [];
  const client = {
    request: () => new Promise((resolve, reject) => queries.push({ resolve: (entries) => resolve({ entries, failures: [] }), reject })),
    subscribe: (_name: string, _filter: unknown, onEvent: (e: LogsTailEvent) => void) => {
      push = onEvent;
      return () => {};
    },
  } as unknown as ConsoleClient;
  const store = new LogStore({ schedule: () => {} });
  const tail = new LogTail(client, store, statusStore);
  const msgs = () => {
    store.flush();
    return store.collect(null, () => true).map((r) => r.marker?.kind ?? r.msg);
  };
  return { tail, store, queries, push: (e: LogsTailEvent) => push(e), setState, msgs };
}

describe('LogTail', () => {
  it('puts the recent lines first, then the tail, without duplicates', async () => {
    const f = fakes('open');
    f.tail.start();
    const a1 = entry('a', { msg: 'a1' });
    const a2 = entry('a', { msg: 'a2' });
    const a3 = entry('a', { msg: 'a3' });
    f.push({ kind: 'entries', entries: [a2, a3] });
    expect(f.msgs()).toEqual([]);
    f.queries[0].resolve([a1, a2]);
    await Promise.resolve();
    await Promise.resolve();
    expect(f.msgs()).toEqual(['a1', 'a2', 'a3']);
    expect(f.tail.state.phase).toBe('live');
    f.push({ kind: 'entries', entries: [entry('a', { msg: 'a4' })] });
    expect(f.msgs()).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('backfills at once when the socket opened before the tail started', () => {
    const f = fakes('connecting');
    f.setState('open');
    f.tail.start();
    expect(f.queries).toHaveLength(1);
  });

  it('waits for the socket before the first backfill', async () => {
    const f = fakes('connecting');
    f.tail.start();
    expect(f.queries).toHaveLength(0);
    f.setState('open');
    expect(f.queries).toHaveLength(1);
  });

  it('marks the gap when the console socket drops and fills it from the nodes after', async () => {
    const f = fakes('open');
    f.tail.start();
    f.queries[0].resolve([]);
    await new Promise((r) => setTimeout(r, 0));
    f.push({ kind: 'entries', entries: [entry('a', { msg: 'before', time: 100 })] });
    f.setState('lost');
    f.setState('connecting');
    f.setState('open');
    expect(f.queries).toHaveLength(2);
    const during = entry('a', { msg: 'during', time: 200 });
    f.push({ kind: 'entries', entries: [entry('a', { msg: 'after', time: 400 })] });
    f.queries[1].resolve([entry('a', { msg: 'before', time: 100 }), during]);
    await new Promise((r) => setTimeout(r, 0));
    expect(f.msgs()).toEqual(['before', 'console-disconnected', 'during', 'after']);
  });
});
