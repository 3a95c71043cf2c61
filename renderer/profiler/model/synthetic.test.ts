import { describe, expect, it } from 'vitest';
import { forEachNode } from './call-tree.js';
import { fromCpuProfile } from './parse-cpuprofile.js';
import { syntheticProfile } from './synthetic.js';

describe('syntheticProfile', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(JSON.stringify(syntheticProfile({ frames: 2000, seed: 3 }))).toBe(JSON.stringify(syntheticProfile({ frames: 2000, seed: 3 })));
    expect(JSON.stringify(syntheticProfile({ frames: 2000, seed: 4 }))).not.toBe(JSON.stringify(syntheticProfile({ frames: 2000, seed: 3 })));
  });

  it('has about the asked number of nodes, 20 to 60 deep, with V8\'s special frames, and reads as a valid .cpuprofile', () => {
    const document = syntheticProfile({ frames: 20_000, seed: 1 });
    expect(document.nodes.length).toBeGreaterThanOrEqual(20_000);
    expect(document.nodes.length).toBeLessThan(20_000 + 61);
    expect(document.samples).toHaveLength(20_000);
    const profile = fromCpuProfile(document);
    const names = new Set(profile.frames.map((frame) => frame.name));
    for (const special of ['(program)', '(idle)', '(garbage collector)']) expect(names).toContain(special);
    let callNodes = 0;
    let deepest = 0;
    let leafDepths = 0;
    let leaves = 0;
    forEachNode(profile.root, (node, depth) => {
      callNodes += 1;
      deepest = Math.max(deepest, depth);
      if (node.children.length === 0 && depth > 1) {
        leaves += 1;
        leafDepths += depth;
      }
    });
    // Siblings never repeat a function, so parsing merges nothing away.
    expect(callNodes).toBe(document.nodes.length);
    expect(deepest).toBeLessThanOrEqual(60);
    expect(leafDepths / leaves).toBeGreaterThan(20);
    expect(profile.total).toBeCloseTo(document.endTime - document.startTime - document.timeDeltas![0], 6);
  });
});
