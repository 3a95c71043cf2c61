import { describe, expect, it } from 'vitest';
import { leftHeavyLayout, timeOrderLayout, treeLayout } from './layout.js';
import { fromCpuProfile } from './parse-cpuprofile.js';
import { fromSpeedscope } from './parse-speedscope.js';
import { folded, layoutIsSorted, layoutRows } from './profile-test-support.js';
import { syntheticProfile } from './synthetic.js';
import type { CpuProfileNode } from './v8-formats.js';

describe('treeLayout and leftHeavyLayout', () => {
  it('places children side by side under their parent, sorted by depth then start', () => {
    const profile = folded('a;b 2', 'a;c 1', 'd 3');
    const layout = treeLayout(profile.root);
    expect(layoutRows(profile, layout)).toEqual(['0:a@0+3', '0:d@3+3', '1:b@0+2', '1:c@2+1']);
    expect(layout).toMatchObject({ count: 4, total: 6, rows: 2 });
    expect(Array.from(layout.self)).toEqual([0, 3, 2, 1]);
    expect(Array.from(layout.nodeTotal)).toEqual([3, 3, 2, 1]);
    expect(layout.delta).toBeUndefined();
  });

  it('puts the heaviest child first in the left-heavy view', () => {
    const profile = folded('a;b 1', 'a;c 2', 'd 4');
    expect(layoutRows(profile, leftHeavyLayout(profile.root))).toEqual(['0:d@0+4', '0:a@4+3', '1:c@4+2', '1:b@6+1']);
  });

  it('skips zero-width nodes and what is under them', () => {
    const profile = folded('a;b 0', 'a;b;c 0', 'a 1');
    expect(layoutRows(profile, treeLayout(profile.root))).toEqual(['0:a@0+1']);
  });

  it('draws a root that is a real frame as row 0', () => {
    const profile = folded('a;b 2', 'a;c 1');
    expect(layoutRows(profile, treeLayout(profile.root.children[0]))).toEqual(['0:a@0+3', '1:b@0+2', '1:c@2+1']);
  });

  it('lays out a 3,000-deep stack', () => {
    const profile = folded(`${Array.from({ length: 3000 }, (_, i) => `f${i}`).join(';')} 5`);
    const layout = leftHeavyLayout(profile.root);
    expect(layout).toMatchObject({ count: 3000, rows: 3000 });
    expect(layout.depth[2999]).toBe(2999);
  });
});

describe('timeOrderLayout', () => {
  it('replays the timeline: a frame on the stack across samples is one rectangle, its self what its children leave', () => {
    const profile = fromSpeedscope({
      shared: { frames: [{ name: 'main' }, { name: 'work' }, { name: 'idle' }] },
      profiles: [{ type: 'evented', unit: 'microseconds', startValue: 0, endValue: 10, events: [
        { type: 'O', frame: 0, at: 0 }, { type: 'O', frame: 1, at: 2 }, { type: 'C', frame: 1, at: 5 },
        { type: 'C', frame: 0, at: 6 }, { type: 'O', frame: 2, at: 7 },
      ] }],
    });
    const layout = timeOrderLayout(profile);
    expect(layoutRows(profile, layout)).toEqual(['0:main@0+6', '0:idle@6+3', '1:work@2+3']);
    expect(Array.from(layout.self)).toEqual([3, 3, 3]);
    expect(layout.total).toBe(9);
  });

  it('draws a function that leaves and comes back as two rectangles', () => {
    const node = (id: number, functionName: string, children: number[] = []): CpuProfileNode => ({
      id, callFrame: { functionName, scriptId: '1', url: '', lineNumber: id, columnNumber: 0 }, children,
    });
    const profile = fromCpuProfile({
      nodes: [node(1, '(root)', [2]), node(2, 'main', [3]), node(3, 'work')],
      startTime: 0, endTime: 40, samples: [3, 3, 2, 3], timeDeltas: [0, 10, 10, 10],
    });
    expect(layoutRows(profile, timeOrderLayout(profile))).toEqual(['0:main@0+40', '1:work@0+20', '1:work@30+10']);
  });

  it('falls back to the tree in source order without a timeline', () => {
    const profile = folded('a;b 2', 'c 1');
    expect(layoutRows(profile, timeOrderLayout(profile))).toEqual(layoutRows(profile, treeLayout(profile.root)));
  });
});

describe('layouts of a 100,000-node profile', () => {
  const profile = fromCpuProfile(syntheticProfile({ frames: 100_000, seed: 7 }));

  it.each([
    ['left heavy', () => leftHeavyLayout(profile.root)],
    ['time order', () => timeOrderLayout(profile)],
  ])('%s: sorted, the top row covers the whole total', (_name, layout) => {
    const result = layout();
    expect(layoutIsSorted(result)).toBe(true);
    let topRow = 0;
    for (let i = 0; i < result.count && result.depth[i] === 0; i++) topRow += result.width[i];
    expect(topRow).toBeCloseTo(result.total, 3);
    expect(result.total).toBeCloseTo(profile.total, 3);
    expect(result.rows).toBeGreaterThanOrEqual(20);
    expect(result.rows).toBeLessThanOrEqual(62);
  });
});
