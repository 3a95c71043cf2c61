// Chrome DevTools .cpuprofile → Profile. The format is V8's Profiler.Profile (Chrome DevTools
// Protocol): a tree of nodes, the node id of each sample and the µs between samples. A sample's
// weight is the time until the next sample, as DevTools and speedscope count it, so totals match
// theirs; V8's out-of-order (negative) deltas are clamped to keep time monotonic.
import { CallTreeBuilder } from './call-tree.js';
import { FrameTable } from './frames.js';
import { isObject, nextProfileId, type ParseOptions } from './parse-options.js';
import { formatError } from './profile-error.js';
import type { CallNode, Profile, TimelineSample, WeightUnit } from './types.js';
import { internCallFrame, type CpuProfile, type CpuProfileNode } from './v8-formats.js';

type Weights = { unit: WeightUnit; timeline?: TimelineSample[] };

export function fromCpuProfile(document: unknown, options: ParseOptions = {}): Profile {
  const fail = (problem: string) => formatError('cpuprofile', problem);
  if (!isObject(document) || !Array.isArray(document.nodes)) throw fail('expected an object with a "nodes" array');
  const profile = document as unknown as CpuProfile;
  if (profile.nodes.length === 0) throw fail('"nodes" is empty');

  const table = new FrameTable();
  const builder = new CallTreeBuilder();
  const nodes = profile.nodes;
  // Everything below is by position in "nodes" (arrays, not maps: 100,000+ nodes).
  const indexOf = new Map<number, number>();
  nodes.forEach((node, index) => {
    if (!isObject(node) || !Number.isInteger(node.id)) throw fail(`nodes[${index}] has no integer "id"`);
    if (!isObject(node.callFrame)) throw fail(`node ${node.id} has no "callFrame"`);
    if (indexOf.has(node.id)) throw fail(`node id ${node.id} appears twice`);
    indexOf.set(node.id, index);
  });

  const children = childIndices(nodes, indexOf, fail);
  const roots: number[] = [];
  for (let index = nodes.length - 1; index >= 0; index--) if (children.hasParent[index] === 0) roots.push(index);
  if (roots.length === 0) throw fail('every node is some node\'s child (the tree has a cycle)');

  const callNodes = new Array<CallNode | undefined>(nodes.length);
  // A lone "(root)" node is the synthetic root; several roots hang under it.
  const rootIndex = roots.length === 1 && nodes[roots[0]].callFrame.functionName === '(root)' ? roots[0] : -1;
  const pending = roots;
  const pendingParents = roots.map(() => builder.root);
  let reached = 0;
  while (pending.length > 0) {
    const index = pending.pop()!;
    const parent = pendingParents.pop()!;
    const node = nodes[index];
    if (callNodes[index] !== undefined) throw fail(`node ${node.id} is reached twice (a cycle or a shared child)`);
    const callNode = index === rootIndex ? builder.root : builder.child(parent, internCallFrame(table, node.callFrame));
    callNodes[index] = callNode;
    reached += 1;
    const list = children.of(index);
    for (let i = list.length - 1; i >= 0; i--) {
      pending.push(list[i]);
      pendingParents.push(callNode);
    }
  }
  if (reached < nodes.length) throw fail('some nodes are not reachable from the root (a cycle)');
  const callNodeOf = (id: number) => {
    const index = indexOf.get(id);
    return index === undefined ? undefined : callNodes[index];
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

/** Each node's children as positions in "nodes", from "children" ids or, failing those, "parent" ids. */
function childIndices(nodes: CpuProfileNode[], indexOf: Map<number, number>, fail: (problem: string) => Error) {
  const hasParent = new Uint8Array(nodes.length);
  const lists = new Array<number[] | undefined>(nodes.length);
  const link = (parent: number, child: number) => {
    const childIndex = indexOf.get(child);
    if (childIndex === undefined) throw fail(`node ${parent} has child ${child}, which is not in "nodes"`);
    const parentIndex = indexOf.get(parent);
    if (parentIndex === undefined) throw fail(`node ${child} has parent ${parent}, which is not in "nodes"`);
    (lists[parentIndex] ??= []).push(childIndex);
    hasParent[childIndex] = 1;
  };
  for (const node of nodes) {
    if (node.children !== undefined) {
      if (!Array.isArray(node.children)) throw fail(`node ${node.id} has "children" that is not an array`);
      for (const child of node.children) link(node.id, child);
    } else if (node.parent !== undefined) {
      link(node.parent, node.id);
    }
  }
  const none: number[] = [];
  return { hasParent, of: (index: number) => lists[index] ?? none };
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
  const leaves = samples.map((id, index) => {
    const node = callNodeOf(id);
    if (!node) throw fail(`samples[${index}] is node ${id}, which is not in "nodes"`);
    return node;
  });
  const duration = durationOf(profile);
  let unit: WeightUnit = 'microseconds';
  let sampleWeights: number[];
  if (hasDeltas) {
    sampleWeights = weightsFromDeltas(deltas, Number.isFinite(profile.startTime) ? profile.startTime : 0, profile.endTime, fail);
  } else if (duration > 0) {
    sampleWeights = samples.map(() => duration / samples.length);
  } else {
    unit = 'samples';
    sampleWeights = samples.map(() => 1);
  }
  const timeline: TimelineSample[] = [];
  for (let i = 0; i < leaves.length; i++) {
    const node = leaves[i];
    const weight = sampleWeights[i];
    node.self += weight;
    const last = timeline[timeline.length - 1];
    if (last && last.node === node) last.weight += weight;
    else timeline.push({ node, weight });
  }
  return { unit, timeline };
}

/** Sample i lasts from its time to the next sample's; the last one until endTime (or a mean interval). */
function weightsFromDeltas(deltas: number[], startTime: number, endTime: number, fail: (problem: string) => Error): number[] {
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
  const weights = new Array<number>(count);
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
