import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forEachNode } from './call-tree.js';
import { fromCpuProfile } from './parse-cpuprofile.js';
import { treeShape } from './profile-test-support.js';
import type { CpuProfile, CpuProfileNode } from './v8-formats.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/meerkat-node.cpuprofile', import.meta.url), 'utf8')) as CpuProfile;

function node(id: number, functionName: string, children: number[] = [], hitCount = 0, lineNumber = -1): CpuProfileNode {
  return { id, callFrame: { functionName, scriptId: '1', url: functionName.startsWith('(') ? '' : 'file:///app.js', lineNumber, columnNumber: lineNumber >= 0 ? 4 : -1 }, children, hitCount };
}

/** (root) → main → work, and (idle). */
function small(extra: Partial<CpuProfile>): CpuProfile {
  return {
    nodes: [node(1, '(root)', [2, 3]), node(2, 'main', [4], 0, 9), node(3, '(idle)'), node(4, 'work', [], 0, 19)],
    startTime: 0,
    endTime: 660,
    ...extra,
  };
}

describe('fromCpuProfile', () => {
  it('reads a real capture from a meerkat node: totals as DevTools counts them, V8 frames kept', () => {
    const profile = fromCpuProfile(fixture, { id: 'p1', name: 'fixture' });
    const firstSample = fixture.startTime + fixture.timeDeltas![0];
    expect(profile.total).toBeCloseTo(fixture.endTime - firstSample, 6);
    expect(profile.unit).toBe('microseconds');
    expect(profile.kind).toBe('cpu');
    expect(profile.original).toBe(fixture);
    const names = new Set(profile.frames.map((frame) => frame.name));
    expect(names).toContain('(program)');
    expect(names).toContain('(idle)');
    const ticks = profile.frames.find((frame) => frame.name === 'processTicksAndRejections')!;
    expect(ticks).toMatchObject({ file: 'node:internal/process/task_queues', line: 67, column: 35 });
    expect(profile.timeline!.reduce((sum, sample) => sum + sample.weight, 0)).toBeCloseTo(profile.total, 6);
    // Every node's total is its self plus its children's.
    forEachNode(profile.root, (callNode) => {
      expect(callNode.total).toBeCloseTo(callNode.self + callNode.children.reduce((sum, child) => sum + child.total, 0), 6);
    });
  });

  it('weighs each sample by the time until the next one, the last until endTime', () => {
    const profile = fromCpuProfile(small({ samples: [4, 4, 2, 3], timeDeltas: [10, 100, 200, 300] }));
    expect(treeShape(profile, profile.root)).toBe('*(650)[main(600)[work(300)],(idle)(50)]');
    expect(profile.timeline!.map((sample) => [profile.frames[sample.node.frame].name, sample.weight])).toEqual([
      ['work', 300],
      ['main', 300],
      ['(idle)', 50],
    ]);
    const work = profile.frames.find((frame) => frame.name === 'work')!;
    expect(work).toMatchObject({ file: 'file:///app.js', line: 20, column: 5 });
  });

  it('clamps negative time deltas (V8 emits them when samples arrive out of order)', () => {
    // Sample times 0, 100, 70 → 100 (no going back), 120; the out-of-order sample weighs nothing.
    const profile = fromCpuProfile(small({ endTime: 200, samples: [4, 2, 3, 4], timeDeltas: [0, 100, -30, 50] }));
    expect(treeShape(profile, profile.root)).toBe('*(200)[main(180)[work(180)],(idle)(20)]');
    expect(profile.timeline!.map((sample) => sample.weight)).toEqual([100, 0, 20, 80]);
  });

  it('spreads the capture evenly over samples when timeDeltas are missing', () => {
    const profile = fromCpuProfile(small({ endTime: 300, samples: [4, 4, 3] }));
    expect(treeShape(profile, profile.root)).toBe('*(300)[main(200)[work(200)],(idle)(100)]');
    expect(profile.timeline).toHaveLength(2);
  });

  it('uses hitCount × the mean interval when there are no samples', () => {
    const document = small({ endTime: 400 });
    document.nodes[3].hitCount = 3;
    document.nodes[2].hitCount = 1;
    const profile = fromCpuProfile(document);
    expect(profile.unit).toBe('microseconds');
    expect(treeShape(profile, profile.root)).toBe('*(400)[main(300)[work(300)],(idle)(100)]');
    expect(profile.timeline).toBeUndefined();
  });

  it('counts hits as samples when the capture has no duration', () => {
    const document = small({ startTime: Number.NaN, endTime: Number.NaN });
    document.nodes[3].hitCount = 2;
    const profile = fromCpuProfile(document);
    expect(profile.unit).toBe('samples');
    expect(profile.total).toBe(2);
  });

  it('merges sibling nodes of the same function into one call node', () => {
    const profile = fromCpuProfile({
      nodes: [node(1, '(root)', [2, 3]), node(2, 'main', [], 1, 9), node(3, 'main', [], 2, 9)],
      startTime: 0,
      endTime: 300,
    });
    expect(treeShape(profile, profile.root)).toBe('*(300)[main(300)]');
  });

  it('builds trees from parent links (trace ProfileChunk style)', () => {
    const nodes = [node(1, '(root)'), { ...node(2, 'main', [], 1, 9), parent: 1 }, { ...node(3, 'work', [], 1, 19), parent: 2 }];
    for (const each of nodes) delete each.children;
    const profile = fromCpuProfile({ nodes, startTime: 0, endTime: 20 });
    expect(treeShape(profile, profile.root)).toBe('*(20)[main(20)[work(10)]]');
  });

  it('reads a 5,000-deep stack without recursion', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => node(i + 1, i === 0 ? '(root)' : `f${i}`, i < 4999 ? [i + 2] : [], 0, i));
    const profile = fromCpuProfile({ nodes, startTime: 0, endTime: 1000, samples: [5000], timeDeltas: [0] });
    let deepest = 0;
    forEachNode(profile.root, (_node, depth) => (deepest = Math.max(deepest, depth)));
    expect(deepest).toBe(4999);
    expect(profile.total).toBe(1000);
  });

  it.each([
    ['not an object', [], /Not a valid \.cpuprofile: expected an object with a "nodes" array/],
    ['no nodes', { nodes: [] }, /"nodes" is empty/],
    ['a node without id', { nodes: [{ callFrame: {} }] }, /nodes\[0\] has no integer "id"/],
    ['a node without callFrame', { nodes: [{ id: 1 }] }, /node 1 has no "callFrame"/],
    ['an unknown child', { nodes: [node(1, '(root)', [7])] }, /node 1 has child 7, which is not in "nodes"/],
    ['a duplicate id', { nodes: [node(1, '(root)'), node(1, 'x')] }, /node id 1 appears twice/],
    ['a cycle', { nodes: [node(1, 'a', [2]), node(2, 'b', [1])] }, /cycle/],
    ['an unknown sample', small({ samples: [9], timeDeltas: [1] }), /samples\[0\] is node 9, which is not in "nodes"/],
    ['deltas that do not pair with samples', small({ samples: [4, 4], timeDeltas: [1] }), /"samples" has 2 entries but "timeDeltas" has 1/],
    ['a delta that is not a number', small({ samples: [4, 4], timeDeltas: [1, 'x' as unknown as number] }), /timeDeltas\[1\] is not a number/],
  ])('refuses %s with a message that says so', (_case, document, message) => {
    expect(() => fromCpuProfile(document)).toThrow(message);
  });
});
