import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_INTERVAL_US, toCpuProfile, toHeapProfile } from './export.js';
import { fromCpuProfile } from './parse-cpuprofile.js';
import { fromHeapProfile } from './parse-heapprofile.js';
import { fromSpeedscope } from './parse-speedscope.js';
import { folded, treeShape } from './profile-test-support.js';
import type { Profile } from './types.js';
import type { CpuProfile } from './v8-formats.js';

const readFixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;

/** Through a file: stringified and parsed back, as a download and re-import does. */
const viaFile = <T>(document: T): unknown => JSON.parse(JSON.stringify(document));

function timelineOf(profile: Profile) {
  return profile.timeline?.map((sample) => [profile.frames[sample.node.frame].key, sample.weight]);
}

/** A valid .cpuprofile: unique ids, children that exist, one delta per sample, hit counts that add up. */
function expectValidCpuProfile(document: CpuProfile) {
  const ids = new Set(document.nodes.map((node) => node.id));
  expect(ids.size).toBe(document.nodes.length);
  for (const node of document.nodes) for (const child of node.children ?? []) expect(ids.has(child)).toBe(true);
  expect(document.timeDeltas).toHaveLength(document.samples!.length);
  expect(document.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0)).toBe(document.samples!.length);
  expect(document.nodes[0].callFrame.functionName).toBe('(root)');
}

describe('toCpuProfile', () => {
  const fixture = readFixture('meerkat-node.cpuprofile');

  it('gives back a .cpuprofile that was read unchanged', () => {
    expect(toCpuProfile(fromCpuProfile(fixture))).toBe(fixture);
  });

  it('synthesizes a .cpuprofile that reads back as the same tree, totals and timeline (real capture)', () => {
    const profile = fromCpuProfile(fixture);
    const document = toCpuProfile({ ...profile, source: 'speedscope', original: undefined });
    expectValidCpuProfile(document);
    const back = fromCpuProfile(viaFile(document));
    expect(back.total).toBeCloseTo(profile.total, 6);
    expect(treeShape(back, back.root)).toBe(treeShape(profile, profile.root));
    expect(timelineOf(back)).toEqual(timelineOf(profile));
  });

  it('round-trips a speedscope profile in µs exactly', () => {
    const profile = fromSpeedscope({
      shared: { frames: [{ name: 'main', file: 'app.js', line: 3, col: 7 }, { name: 'work' }] },
      profiles: [{ type: 'sampled', unit: 'milliseconds', samples: [[0, 1], [0], [0, 1]], weights: [2, 1, 4] }],
    });
    const back = fromCpuProfile(viaFile(toCpuProfile(profile)));
    expect(back.total).toBe(7000);
    expect(treeShape(back, back.root)).toBe('*(7000)[main(7000)[work(6000)]]');
    expect(back.frames.map((frame) => frame.key)).toEqual(profile.frames.map((frame) => frame.key));
    expect(timelineOf(back)).toEqual(timelineOf(profile));
  });

  it('exports sample counts (folded stacks) at a nominal interval: one sample per node with self weight', () => {
    const profile = folded('main;parse 3', 'main 1', 'gc 2');
    const document = toCpuProfile(profile);
    expectValidCpuProfile(document);
    expect(document.samples).toHaveLength(3);
    const back = fromCpuProfile(viaFile(document));
    expect(back.total).toBe(6 * SAMPLE_INTERVAL_US);
    expect(treeShape(back, back.root)).toBe('*(6000)[main(4000)[parse(3000)],gc(2000)]');
  });

  it('refuses a heap profile', () => {
    expect(() => toCpuProfile(fromHeapProfile(readFixture('meerkat-node.heapprofile'), { name: 'h' }))).toThrow('h is a heap profile: it cannot be saved as a .cpuprofile; save it as a .heapprofile');
  });
});

describe('toHeapProfile', () => {
  it('gives back a heap profile that was read unchanged', () => {
    const fixture = readFixture('meerkat-node.heapprofile');
    expect(toHeapProfile(fromHeapProfile(fixture))).toBe(fixture);
  });

  it('synthesizes one from a speedscope profile in bytes that reads back the same', () => {
    const profile = fromSpeedscope({
      shared: { frames: [{ name: 'load', file: 'app.js', line: 1, col: 1 }, { name: 'alloc' }] },
      profiles: [{ type: 'sampled', unit: 'bytes', samples: [[0, 1], [0], [1]], weights: [64, 32, 16] }],
    });
    const back = fromHeapProfile(viaFile(toHeapProfile(profile)));
    expect(back.total).toBe(112);
    expect(treeShape(back, back.root)).toBe(treeShape(profile, profile.root));
  });

  it('refuses a CPU profile', () => {
    expect(() => toHeapProfile(folded('a 1'))).toThrow('test is a CPU profile: it cannot be saved as a .heapprofile; save it as a .cpuprofile');
  });
});
