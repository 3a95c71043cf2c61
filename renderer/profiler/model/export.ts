// Profiles back out as V8 documents, for Chrome DevTools, speedscope or VS Code. A profile read
// from such a document is given back unchanged; others (speedscope, folded) are synthesized from
// the call tree. In a synthesized .cpuprofile, sample i weighs timeDeltas[i + 1] µs (the gap to the
// next sample, as DevTools and this model read it) and endTime closes the last one.
import { forEachNode } from './call-tree.js';
import type { CallNode, Profile } from './types.js';
import { toCallFrame, type CpuProfile, type CpuProfileNode, type HeapProfile, type HeapProfileNode } from './v8-formats.js';

/** A profile counted in samples (folded stacks) is exported at this nominal interval. */
export const SAMPLE_INTERVAL_US = 1000;

export function toCpuProfile(profile: Profile): CpuProfile {
  if (profile.kind !== 'cpu') {
    throw new Error(`${profile.name} is a heap profile: it cannot be saved as a .cpuprofile; save it as a .heapprofile`);
  }
  if (profile.source === 'cpuprofile' && profile.original) return profile.original as CpuProfile;
  const scale = profile.unit === 'samples' ? SAMPLE_INTERVAL_US : 1;
  const ids = new Map<CallNode, number>();
  const nodes: CpuProfileNode[] = [];
  forEachNode(profile.root, (node) => {
    const id = nodes.length + 1;
    ids.set(node, id);
    nodes.push({ id, callFrame: toCallFrame(profile.frames[node.frame]), hitCount: 0, children: [] });
  });
  forEachNode(profile.root, (node) => {
    nodes[ids.get(node)! - 1].children = node.children.map((child) => ids.get(child)!);
  });

  const samples: number[] = [];
  const weights: number[] = [];
  const addSample = (node: CallNode, weight: number) => {
    if (!(weight > 0)) return;
    const id = ids.get(node)!;
    samples.push(id);
    weights.push(weight * scale);
    nodes[id - 1].hitCount! += 1;
  };
  if (profile.timeline && profile.timeline.length > 0) {
    for (const sample of profile.timeline) addSample(sample.node, sample.weight);
  } else {
    forEachNode(profile.root, (node) => addSample(node, node.self));
  }
  const timeDeltas = samples.map((_, index) => (index === 0 ? 0 : weights[index - 1]));
  const endTime = weights.reduce((sum, weight) => sum + weight, 0);
  return { nodes, startTime: 0, endTime, samples, timeDeltas };
}

export function toHeapProfile(profile: Profile): HeapProfile {
  if (profile.kind !== 'heap') {
    throw new Error(`${profile.name} is a CPU profile: it cannot be saved as a .heapprofile; save it as a .cpuprofile`);
  }
  if (profile.source === 'heapprofile' && profile.original) return profile.original as HeapProfile;
  let nextId = 1;
  const documentNode = (node: CallNode): HeapProfileNode => ({ callFrame: toCallFrame(profile.frames[node.frame]), selfSize: node.self, id: nextId++, children: [] });
  const head = documentNode(profile.root);
  const pending: { node: CallNode; into: HeapProfileNode }[] = [{ node: profile.root, into: head }];
  while (pending.length > 0) {
    const { node, into } = pending.pop()!;
    for (const child of node.children) {
      const childNode = documentNode(child);
      into.children.push(childNode);
      pending.push({ node: child, into: childNode });
    }
  }
  return { head };
}
