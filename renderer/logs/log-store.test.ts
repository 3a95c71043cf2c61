import { describe, expect, it } from 'vitest';
import { LogStore } from './log-store.js';
import { entry } from './log-test-entries.js';

function manualStore(capacityPerNode: number) {
  const queued: (() => void)[] = [];
  const store = new LogStore({ capacityPerNode, schedule: (flush) => queued.push(flush), now: () => 42 });
  return { store, runFrame: () => queued.splice(0).forEach((f) => f()) };
}

describe('LogStore', () => {
  it('applies queued events once per frame, not per event', () => {
    const { store, runFrame } = manualStore(10);
    const versions: number[] = [];
    store.subscribe(() => versions.push(store.version));
    store.enqueue({ kind: 'entries', entries: [entry('a'), entry('a')] });
    store.enqueue({ kind: 'entries', entries: [entry('a')] });
    expect(store.size(null)).toBe(0);
    runFrame();
    expect(store.size(null)).toBe(3);
    expect(versions).toEqual([1]);
  });

  it('keeps at most the capacity per node, oldest out first, and counts what it dropped', () => {
    const { store, runFrame } = manualStore(3);
    const evicted: string[] = [];
    store.subscribe((c) => evicted.push(...c.evicted.map((r) => r.msg ?? '')));
    store.enqueue({ kind: 'entries', entries: ['1', '2', '3', '4', '5'].map((msg) => entry('a', { msg })) });
    store.enqueue({ kind: 'entries', entries: [entry('b', { msg: 'b1' })] });
    runFrame();
    expect(store.collect(null, () => true).map((r) => r.msg)).toEqual(['3', '4', '5', 'b1']);
    expect(evicted).toEqual(['1', '2']);
    expect(store.dropped(['a'])).toEqual({ evicted: 2, streamDropped: 0 });
    expect(store.dropped(['b'])).toEqual({ evicted: 0, streamDropped: 0 });
  });

  it('turns a dropped event into a marker in place and counts it', () => {
    const { store, runFrame } = manualStore(10);
    store.enqueue({ kind: 'entries', entries: [entry('a', { msg: 'before' })] });
    store.enqueue({ kind: 'dropped', nodeId: 'a', count: 120, at: 5 });
    store.enqueue({ kind: 'entries', entries: [entry('a', { msg: 'after' })] });
    runFrame();
    const records = store.collect(['a'], () => true);
    expect(records.map((r) => r.marker?.kind ?? r.msg)).toEqual(['before', 'dropped', 'after']);
    expect(store.dropped(null).streamDropped).toBe(120);
  });

  it('marks a tail that disconnects and reconnects, but not its first connect', () => {
    const { store, runFrame } = manualStore(10);
    store.enqueue({ kind: 'source', nodeId: 'a', state: 'connected' });
    store.enqueue({ kind: 'source', nodeId: 'a', state: 'disconnected', message: 'ECONNREFUSED' });
    store.enqueue({ kind: 'source', nodeId: 'a', state: 'connected' });
    runFrame();
    const markers = store.collect(null, () => true).map((r) => r.marker);
    expect(markers).toEqual([
      { kind: 'source', state: 'disconnected', message: 'ECONNREFUSED' },
      { kind: 'source', state: 'connected', message: undefined },
    ]);
    expect(store.sourceState('a')?.state).toBe('connected');
  });

  it('merges nodes in arrival order', () => {
    const { store, runFrame } = manualStore(10);
    store.enqueue({ kind: 'entries', entries: [entry('a', { msg: 'a1' }), entry('b', { msg: 'b1' }), entry('a', { msg: 'a2' })] });
    store.enqueue({ kind: 'entries', entries: [entry('c', { msg: 'c1' }), entry('b', { msg: 'b2' })] });
    runFrame();
    expect(store.collect(null, () => true).map((r) => r.msg)).toEqual(['a1', 'b1', 'a2', 'c1', 'b2']);
    expect(store.collect(['b', 'c'], () => true).map((r) => r.msg)).toEqual(['b1', 'c1', 'b2']);
  });

  it('flushes at once when too much is queued (a hidden tab gets no frames)', () => {
    const { store } = manualStore(100_000);
    for (let i = 0; i < 6; i++) store.enqueue({ kind: 'entries', entries: Array.from({ length: 10_000 }, () => entry('a')) });
    expect(store.size(null)).toBe(60_000);
  });
});
