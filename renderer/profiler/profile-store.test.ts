import { describe, expect, it } from 'vitest';
import type { Profile } from './model/types.js';
import { ProfileStore } from './profile-store.js';

function profile(store: ProfileStore, name: string): Profile {
  const root = { frame: -1, self: 0, total: 10, children: [] };
  return { id: store.newId(), name, kind: 'cpu', unit: 'microseconds', frames: [], root, total: 10, source: 'cpuprofile' };
}

describe('profile store', () => {
  it('selects what was added last, and the latest remaining one when the selected is removed', () => {
    const store = new ProfileStore();
    const a = profile(store, 'a');
    const b = profile(store, 'b');
    store.add(a, b);
    expect(store.getState().selectedId).toBe(b.id);
    store.select(a.id);
    store.compareWith(b.id);
    store.remove(b.id);
    expect(store.getState()).toMatchObject({ selectedId: a.id, compareId: undefined });
    store.remove(a.id);
    expect(store.getState()).toMatchObject({ profiles: [], selectedId: undefined });
  });

  it('shows a capture as running, then adds its profile; a failure stays with the node until dismissed', async () => {
    const store = new ProfileStore();
    let finish: (p: Profile) => void = () => {};
    const done = store.capture('n1', 'cpu', 5, () => new Promise((resolve) => (finish = resolve)));
    expect(store.getState().captures.get('n1')).toMatchObject({ kind: 'cpu', durationS: 5 });
    // A second click while it runs does not start another.
    let second = false;
    await store.capture('n1', 'heap', 5, async () => ((second = true), profile(store, 'x')));
    expect(second).toBe(false);
    finish(profile(store, 'n1 CPU'));
    await done;
    expect(store.getState().captures.size).toBe(0);
    expect(store.getState().profiles.map((p) => p.name)).toEqual(['n1 CPU']);

    await store.capture('n1', 'cpu', 500, () => Promise.reject(new Error('node n1 refused the CPU profile')));
    expect(store.getState().captures.get('n1')?.error).toBe('node n1 refused the CPU profile');
    store.dismissCaptureError('n1');
    expect(store.getState().captures.size).toBe(0);
  });

  it('tells its listeners, with a new state object each time', () => {
    const store = new ProfileStore();
    const seen: unknown[] = [];
    const stop = store.subscribe(() => seen.push(store.getState()));
    store.setImportProblems([{ fileName: 'x.json', message: 'not a profile' }]);
    store.add(profile(store, 'a'));
    stop();
    store.add(profile(store, 'b'));
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
  });
});
