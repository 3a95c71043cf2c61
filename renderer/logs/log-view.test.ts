import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, withField } from './log-filter.js';
import { LogStore } from './log-store.js';
import { LogView } from './log-view.js';
import { entry } from './log-test-entries.js';

function setup(capacityPerNode: number) {
  const queued: (() => void)[] = [];
  const store = new LogStore({ capacityPerNode, schedule: (flush) => queued.push(flush) });
  const push = (...entries: ReturnType<typeof entry>[]) => {
    store.enqueue({ kind: 'entries', entries });
    queued.splice(0).forEach((f) => f());
  };
  return { store, push };
}

const msgs = (view: LogView) => view.toArray().map((r) => r.msg);

describe('LogView', () => {
  it('starts with the matching records and appends matching new ones', () => {
    const { store, push } = setup(100);
    push(entry('a', { msg: 'x1', what: 'w' }), entry('a', { msg: 'y1' }));
    const view = new LogView(store, null, withField(EMPTY_FILTER, { key: 'what', value: 'w' }));
    view.attach();
    expect(msgs(view)).toEqual(['x1']);
    push(entry('a', { msg: 'x2', what: 'w' }), entry('a', { msg: 'y2' }));
    expect(msgs(view)).toEqual(['x1', 'x2']);
    expect(view.appendedTotal).toBe(1);
  });

  it('shows only the nodes of its scope', () => {
    const { store, push } = setup(100);
    const view = new LogView(store, ['b'], EMPTY_FILTER);
    view.attach();
    push(entry('a', { msg: 'a1' }), entry('b', { msg: 'b1' }));
    expect(msgs(view)).toEqual(['b1']);
  });

  it('drops what the buffer pushed out and counts it as trimmed from the front', () => {
    const { store, push } = setup(3);
    const view = new LogView(store, ['a'], EMPTY_FILTER);
    view.attach();
    push(entry('a', { msg: '1' }), entry('a', { msg: '2' }), entry('a', { msg: '3' }));
    push(entry('a', { msg: '4' }), entry('a', { msg: '5' }));
    expect(msgs(view)).toEqual(['3', '4', '5']);
    expect(view.length).toBe(3);
    expect(view.trimmedTotal).toBe(2);
  });

  it('stays correct in a merged view where one node evicts faster than another', () => {
    const { store, push } = setup(300);
    const view = new LogView(store, null, EMPTY_FILTER);
    view.attach();
    push(entry('slow', { msg: 'slow-1' }));
    for (let i = 0; i < 2000; i++) push(entry('fast', { msg: `fast-${i}` }));
    const kept = view.toArray();
    expect(kept[0].msg).toBe('slow-1');
    expect(kept.length).toBe(301);
    expect(kept[kept.length - 1].msg).toBe('fast-1999');
    // At most a bounded number of dead records linger inside the list.
    expect(view.length - kept.length).toBeLessThanOrEqual(256);
  });

  it('stops following when detached', () => {
    const { store, push } = setup(10);
    const view = new LogView(store, null, EMPTY_FILTER);
    const stop = view.attach();
    push(entry('a'));
    stop();
    push(entry('a'));
    expect(view.length).toBe(1);
  });

  it('starts over when the store is cleared', () => {
    const { store, push } = setup(10);
    const view = new LogView(store, null, EMPTY_FILTER);
    view.attach();
    push(entry('a'), entry('a'));
    store.clear();
    expect(view.length).toBe(0);
    push(entry('a', { msg: 'fresh' }));
    expect(msgs(view)).toEqual(['fresh']);
  });
});

describe('LogView attached late', () => {
  it('catches up on what the store applied between building and attaching', () => {
    const { store, push } = setup(10);
    const view = new LogView(store, null, EMPTY_FILTER);
    push(entry('a', { msg: 'meanwhile' }));
    view.attach();
    expect(msgs(view)).toEqual(['meanwhile']);
  });
});
