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
  const byId = new Map<number, CpuProfileNode>();
  profile.nodes.forEach((node, index) => {
    if (!isObject(node) || !Number.isInteger(node.id)) throw fail(`nodes[${index}] has no integer "id"`);
    if (!isObject(node.callFrame)) throw fail(`node ${node.id} has no "callFrame"`);
    if (byId.has(node.id)) throw fail(`node id ${node.id} appears twice`);
    byId.set(node.id, node);
  });

  const childIds = childrenById(profile.nodes, byId, fail);
  const roots = profile.nodes.filter((node) => !childIds.hasParent.has(node.id));
  if (roots.length === 0) throw fail('every node is some node\'s child (the tree has a cycle)');

  const callNodes = new Map<number, CallNode>();
  const pending: { id: number; parent: CallNode }[] = roots.map((node) => ({ id: node.id, parent: builder.root })).reverse();
  while (pending.length > 0) {
    const { id, parent } = pending.pop()!;
    if (callNodes.has(id)) throw fail(`node ${id} is reached twice (a cycle or a shared child)`);
    const node = byId.get(id)!;
    const callNode = parent === builder.root && roots.length === 1 && node.callFrame.functionName === '(root)'
      ? builder.root
      : builder.child(parent, internCallFrame(table, node.callFrame));
    callNodes.set(id, callNode);
    const children = childIds.children.get(id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) pending.push({ id: children[i], parent: callNode });
  }
  if (callNodes.size < profile.nodes.length) throw fail('some nodes are not reachable from the root (a cycle)');

  const weights = hasSamples(profile) ? weighSamples(profile, callNodes, fail) : weighHitCounts(profile, callNodes);
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

function childrenById(nodes: CpuProfileNode[], byId: Map<number, CpuProfileNode>, fail: (problem: string) => Error) {
  const children = new Map<number, number[]>();
  const hasParent = new Set<number>();
  const link = (parent: number, child: number) => {
    if (!byId.has(child)) throw fail(`node ${parent} has child ${child}, which is not in "nodes"`);
    if (!byId.has(parent)) throw fail(`node ${child} has parent ${parent}, which is not in "nodes"`);
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(child);
    hasParent.add(child);
  };
  for (const node of nodes) {
    if (node.children !== undefined) {
      if (!Array.isArray(node.children)) throw fail(`node ${node.id} has "children" that is not an array`);
      for (const child of node.children) link(node.id, child);
    }
    if (node.parent !== undefined && node.children === undefined) link(node.parent, node.id);
  }
  return { children, hasParent };
}

function hasSamples(profile: CpuProfile): boolean {
  return Array.isArray(profile.samples) && profile.samples.length > 0;
}

/** The capture's length in µs, or 0 when the document does not say. */
function durationOf(profile: CpuProfile): number {
  const { startTime, endTime } = profile;
  return Number.isFinite(startTime) && Number.isFinite(endTime) && endTime > startTime ? endTime - startTime : 0;
}

function weighSamples(profile: CpuProfile, callNodes: Map<number, CallNode>, fail: (problem: string) => Error): Weights {
  const samples = profile.samples!;
  const deltas = profile.timeDeltas;
  const hasDeltas = Array.isArray(deltas) && deltas.length > 0;
  if (hasDeltas && deltas.length !== samples.length) {
    throw fail(`"samples" has ${samples.length} entries but "timeDeltas" has ${deltas.length}`);
  }
  const leaves = samples.map((id, index) => {
    const node = callNodes.get(id);
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

function weighHitCounts(profile: CpuProfile, callNodes: Map<number, CallNode>): Weights {
  let hits = 0;
  for (const node of profile.nodes) hits += hitCountOf(node);
  const duration = durationOf(profile);
  const interval = duration > 0 && hits > 0 ? duration / hits : 1;
  for (const node of profile.nodes) callNodes.get(node.id)!.self += hitCountOf(node) * interval;
  return { unit: duration > 0 && hits > 0 ? 'microseconds' : 'samples' };
}

function hitCountOf(node: CpuProfileNode): number {
  return typeof node.hitCount === 'number' && node.hitCount > 0 ? node.hitCount : 0;
}
