import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffProfiles } from './diff.js';
import { leftHeavyLayout } from './layout.js';
import { fromCpuProfile } from './parse-cpuprofile.js';
import { fromHeapProfile } from './parse-heapprofile.js';
import { folded, layoutRows, treeShape } from './profile-test-support.js';

const rounded = (values: ArrayLike<number>) => Array.from(values, (value) => Math.round(value * 1000) / 1000);

describe('diffProfiles', () => {
  // Before: parse is 60% of the time; after (a capture twice as long) 30%, send is new, write gone.
  const before = folded('main;parse 6', 'main;write 2', 'gc 2');
  const after = folded('main;parse 6', 'main;send 6', 'gc 8');
  const diff = diffProfiles(before, after);
  const names = (frames: number[]) => frames.map((frame) => diff.profile.frames[frame].name);

  it('merges the trees by path, with the after weights', () => {
    expect(treeShape(diff.profile, diff.profile.root)).toBe('*(20)[main(12)[parse(6),send(6),write(0)],gc(8)]');
    expect(diff.profile).toMatchObject({ kind: 'cpu', unit: 'samples', total: 20 });
  });

  it('lays out left heavy on the after weights, delta = change of share, before totals alongside', () => {
    expect(layoutRows(diff.profile, diff.layout)).toEqual(['0:main@0+12', '0:gc@12+8', '1:parse@0+6', '1:send@6+6']);
    expect(rounded(diff.layout.delta!)).toEqual([-0.2, 0.2, -0.3, 0.3]);
    expect(Array.from(diff.beforeTotal)).toEqual([8, 2, 6, 0]);
  });

  it('lists the paths that vanished, since they have no width to be drawn with', () => {
    expect(diff.vanished.map((path) => ({ path: names(path.path), beforeTotal: path.beforeTotal, beforeShare: path.beforeShare }))).toEqual([
      { path: ['main', 'write'], beforeTotal: 2, beforeShare: 0.2 },
    ]);
  });

  it('tables the frames whose self share grew and shrank, largest change first', () => {
    expect(diff.grew.map((row) => [diff.profile.frames[row.frame].name, Math.round(row.change * 1000) / 1000])).toEqual([['send', 0.3], ['gc', 0.2]]);
    expect(diff.shrank.map((row) => [diff.profile.frames[row.frame].name, Math.round(row.change * 1000) / 1000])).toEqual([['parse', -0.3], ['write', -0.2]]);
    expect(diff.shrank[0]).toMatchObject({ beforeSelf: 6, afterSelf: 6 });
  });

  it('finds no change between a real capture and itself', () => {
    const profile = fromCpuProfile(JSON.parse(readFileSync(new URL('./fixtures/meerkat-node.cpuprofile', import.meta.url), 'utf8')));
    const same = diffProfiles(profile, profile);
    expect(same.layout.count).toBe(leftHeavyLayout(profile.root).count);
    expect(Math.max(...Array.from(same.layout.delta!, Math.abs))).toBeLessThan(1e-12);
    expect(same).toMatchObject({ vanished: [], grew: [], shrank: [] });
  });

  it('refuses to compare a CPU profile with a heap profile', () => {
    const heap = fromHeapProfile({ head: { callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, selfSize: 10, children: [] } }, { name: 'heap' });
    expect(() => diffProfiles(after, heap)).toThrow('Cannot diff a cpu profile (test) with a heap profile (heap): compare two CPU profiles or two heap profiles');
  });
});
