// Chrome DevTools .cpuprofile → Profile. The format is V8's Profiler.Profile (Chrome DevTools
// Protocol): a tree of nodes, the node id of each sample and the µs between samples. A sample's
// weight is the time until the next sample, as DevTools and speedscope count it, so totals match
// theirs; V8's out-of-order (negative) deltas are clamped to keep time monotonic.
import { CallTreeBuilder } from './call-tree.js';
import { FrameTable } from './frames.js';
import { isObject, nextProfileId, type ParseOptions } from './parse-options.js';
import { formatError } from './profile-error.js';
import type { CallNode, Profile, TimelineSample, WeightUnit } from './types.js';
import { CallFrameInterner, type CpuProfile, type CpuProfileNode } from './v8-formats.js';

type Weights = { unit: WeightUnit; timeline?: TimelineSample[] };

export function fromCpuProfile(document: unknown, options: ParseOptions = {}): Profile {
  const fail = (problem: string) => formatError('cpuprofile', problem);
  if (!isObject(document) || !Array.isArray(document.nodes)) throw fail('expected an object with a "nodes" array');
  const profile = document as unknown as CpuProfile;
  const nodes = profile.nodes;
  if (nodes.length === 0) throw fail('"nodes" is empty');

  // Everything below is by position in "nodes", in typed arrays: 100,000+ nodes, no recursion.
  const positionOf = indexNodeIds(nodes, fail);
  const tree = childLists(nodes, positionOf, fail);
  const count = nodes.length;
  let rootCount = 0;
  for (let index = 0; index < count; index++) if (tree.hasParent[index] === 0) rootCount += 1;
  if (rootCount === 0) throw fail('every node is some node\'s child (the tree has a cycle)');

  const table = new FrameTable();
  const frames = new CallFrameInterner(table);
  const builder = new CallTreeBuilder();
  const callNodes = new Array<CallNode | undefined>(count);
  // A stack of positions with their parent's (-1: the synthetic root); each link is pushed once.
  const pending = new Int32Array(tree.children.length + rootCount);
  const pendingParent = new Int32Array(pending.length);
  let top = 0;
  for (let index = count - 1; index >= 0; index--) {
    if (tree.hasParent[index] === 0) {
      pending[top] = index;
      pendingParent[top++] = -1;
    }
  }
  // A lone "(root)" node is the synthetic root; several roots hang under it.
  const rootIndex = rootCount === 1 && nodes[pending[0]].callFrame.functionName === '(root)' ? pending[0] : -1;
  let reached = 0;
  while (top > 0) {
    top -= 1;
    const index = pending[top];
    const parentIndex = pendingParent[top];
    const node = nodes[index];
    if (callNodes[index] !== undefined) throw fail(`node ${node.id} is reached twice (a cycle or a shared child)`);
    const parent = parentIndex === -1 ? builder.root : callNodes[parentIndex]!;
    const callNode = index === rootIndex ? builder.root : builder.child(parent, frames.intern(node.callFrame));
    callNodes[index] = callNode;
    reached += 1;
    for (let i = tree.first[index + 1] - 1; i >= tree.first[index]; i--) {
      pending[top] = tree.children[i];
      pendingParent[top++] = index;
    }
  }
  if (reached < count) throw fail('some nodes are not reachable from the root (a cycle)');
  const callNodeOf = (id: number) => {
    const index = positionOf(id);
    return index === -1 ? undefined : callNodes[index];
  };

  const weights = hasSamples(profile) ? weighSamples(profile, callNodeOf, fail) : weighHitCounts(profile, callNodeOf);
  const root = builder.finish();
  return {
    id: options.id ?? nextProfileId(),
    name: options.name ?? 'CPU profile',
    kind: 'cpu',
    unit: weights.unit,
    frames: table.frames,
    root,
    total: root.total,
    timeline: weights.timeline,
    source: 'cpuprofile',
    original: document,
  };
}

/**
 * Checks every node's id and call frame and returns id → position in "nodes" (-1 when absent):
 * an array when the ids are small integers (V8 numbers them 1, 2, 3…), a Map otherwise.
 */
function indexNodeIds(nodes: CpuProfileNode[], fail: (problem: string) => Error): (id: number) => number {
  let maxId = -1;
  let dense = true;
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    if (!isObject(node) || !Number.isInteger(node.id)) throw fail(`nodes[${index}] has no integer "id"`);
    if (!isObject(node.callFrame)) throw fail(`node ${node.id} has no "callFrame"`);
    if (node.id < 0) dense = false;
    else if (node.id > maxId) maxId = node.id;
  }
  if (dense && maxId < 2 * nodes.length + 1024) {
    const positions = new Int32Array(maxId + 1).fill(-1);
    for (let index = 0; index < nodes.length; index++) {
      const id = nodes[index].id;
      if (positions[id] !== -1) throw fail(`node id ${id} appears twice`);
      positions[id] = index;
    }
    return (id) => (Number.isInteger(id) && id >= 0 && id <= maxId ? positions[id] : -1);
  }
  const positions = new Map<number, number>();
  for (let index = 0; index < nodes.length; index++) {
    const id = nodes[index].id;
    if (positions.has(id)) throw fail(`node id ${id} appears twice`);
    positions.set(id, index);
  }
  return (id) => positions.get(id) ?? -1;
}

/**
 * Each node's children as positions in "nodes", from "children" ids or, failing those, "parent"
 * ids: node i's are children[first[i]] to children[first[i + 1] - 1], in the source's order.
 */
function childLists(nodes: CpuProfileNode[], positionOf: (id: number) => number, fail: (problem: string) => Error) {
  const count = nodes.length;
  const first = new Int32Array(count + 1);
  // Two passes over the links: count each parent's children, then place them.
  const forEachLink = (link: (parent: number, child: number) => void) => {
    for (let index = 0; index < count; index++) {
      const node = nodes[index];
      if (node.children !== undefined) {
        if (!Array.isArray(node.children)) throw fail(`node ${node.id} has "children" that is not an array`);
        for (const child of node.children) {
          const childIndex = positionOf(child);
          if (childIndex === -1) throw fail(`node ${node.id} has child ${child}, which is not in "nodes"`);
          link(index, childIndex);
        }
      } else if (node.parent !== undefined) {
        const parentIndex = positionOf(node.parent);
        if (parentIndex === -1) throw fail(`node ${node.id} has parent ${node.parent}, which is not in "nodes"`);
        link(parentIndex, index);
      }
    }
  };
  forEachLink((parent) => (first[parent + 1] += 1));
  for (let index = 0; index < count; index++) first[index + 1] += first[index];
  const children = new Int32Array(first[count]);
  const next = first.slice(0, count);
  const hasParent = new Uint8Array(count);
  forEachLink((parent, child) => {
    children[next[parent]++] = child;
    hasParent[child] = 1;
  });
  return { first, children, hasParent };
}

function hasSamples(profile: CpuProfile): boolean {
  return Array.isArray(profile.samples) && profile.samples.length > 0;
}

/** The capture's length in µs, or 0 when the document does not say. */
function durationOf(profile: CpuProfile): number {
  const { startTime, endTime } = profile;
  return Number.isFinite(startTime) && Number.isFinite(endTime) && endTime > startTime ? endTime - startTime : 0;
}

function weighSamples(profile: CpuProfile, callNodeOf: (id: number) => CallNode | undefined, fail: (problem: string) => Error): Weights {
  const samples = profile.samples!;
  const deltas = profile.timeDeltas;
  const hasDeltas = Array.isArray(deltas) && deltas.length > 0;
  if (hasDeltas && deltas.length !== samples.length) {
    throw fail(`"samples" has ${samples.length} entries but "timeDeltas" has ${deltas.length}`);
  }
  const duration = durationOf(profile);
  let unit: WeightUnit = 'microseconds';
  let sampleWeights: Float64Array;
  if (hasDeltas) {
    sampleWeights = weightsFromDeltas(deltas, Number.isFinite(profile.startTime) ? profile.startTime : 0, profile.endTime, fail);
  } else if (duration > 0) {
    sampleWeights = new Float64Array(samples.length).fill(duration / samples.length);
  } else {
    unit = 'samples';
    sampleWeights = new Float64Array(samples.length).fill(1);
  }
  const timeline: TimelineSample[] = [];
  for (let i = 0; i < samples.length; i++) {
    const node = callNodeOf(samples[i]);
    if (!node) throw fail(`samples[${i}] is node ${samples[i]}, which is not in "nodes"`);
    const weight = sampleWeights[i];
    node.self += weight;
    const last = timeline[timeline.length - 1];
    if (last && last.node === node) last.weight += weight;
    else timeline.push({ node, weight });
  }
  return { unit, timeline };
}

/** Sample i lasts from its time to the next sample's; the last one until endTime (or a mean interval). */
function weightsFromDeltas(deltas: number[], startTime: number, endTime: number, fail: (problem: string) => Error): Float64Array {
  const times = new Float64Array(deltas.length);
  let time = startTime;
  let latest = startTime;
  for (let i = 0; i < deltas.length; i++) {
    if (typeof deltas[i] !== 'number' || !Number.isFinite(deltas[i])) throw fail(`timeDeltas[${i}] is not a number`);
    time += deltas[i];
    latest = Math.max(latest, time);
    times[i] = latest;
  }
  const count = times.length;
  const weights = new Float64Array(count);
  for (let i = 0; i < count - 1; i++) weights[i] = times[i + 1] - times[i];
  const last = times[count - 1];
  const meanInterval = count > 1 ? (last - times[0]) / (count - 1) : 0;
  weights[count - 1] = Number.isFinite(endTime) && endTime > last ? endTime - last : meanInterval;
  return weights;
}

function weighHitCounts(profile: CpuProfile, callNodeOf: (id: number) => CallNode | undefined): Weights {
  let hits = 0;
  for (const node of profile.nodes) hits += hitCountOf(node);
  const duration = durationOf(profile);
  const interval = duration > 0 && hits > 0 ? duration / hits : 1;
  for (const node of profile.nodes) callNodeOf(node.id)!.self += hitCountOf(node) * interval;
  return { unit: duration > 0 && hits > 0 ? 'microseconds' : 'samples' };
}

function hitCountOf(node: CpuProfileNode): number {
  return typeof node.hitCount === 'number' && node.hitCount > 0 ? node.hitCount : 0;
}
