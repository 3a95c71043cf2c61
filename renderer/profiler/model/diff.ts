// Two profiles compared: their call trees merged by stack path (frames matched by key, so the
// same function in two captures is one frame), laid out on the after profile's weights and
// coloured by how each node's share of its profile changed. Shares, not raw weights, are
// compared, so captures of different lengths diff fairly. Paths the after profile no longer has
// would be zero-width: they are listed in `vanished`.
import { CallTreeBuilder, forEachNode, parentsOf } from './call-tree.js';
import { FrameTable } from './frames.js';
import { treeLayout } from './layout.js';
import type { CallNode, FlameLayout, Profile } from './types.js';

export interface FrameChange {
  /** Index into the diff profile's frames. */
  frame: number;
  beforeSelf: number;
  afterSelf: number;
  /** Self weight / the profile's total, 0 to 1. */
  beforeShare: number;
  afterShare: number;
  /** afterShare − beforeShare. */
  change: number;
}

export interface VanishedPath {
  /** Frame indices (diff profile) from the outermost to the frame that vanished. */
  path: number[];
  beforeTotal: number;
  /** beforeTotal / the before profile's total. */
  beforeShare: number;
}

export interface ProfileDiff {
  /** The merged tree with the after profile's weights (vanished paths are in it with weight 0). */
  profile: Profile;
  /** Left heavy, on the after weights, with delta = share after − share before per rectangle. */
  layout: FlameLayout;
  /** The before profile's total for each rectangle of the layout. */
  beforeTotal: Float64Array;
  /** Paths only the before profile has (outermost such node of each path). */
  vanished: VanishedPath[];
  /** Frames whose self share grew, most first. */
  grew: FrameChange[];
  /** Frames whose self share shrank, most first. */
  shrank: FrameChange[];
}

export function diffProfiles(before: Profile, after: Profile): ProfileDiff {
  if (before.kind !== after.kind) {
    throw new Error(`Cannot diff a ${before.kind} profile (${before.name}) with a ${after.kind} profile (${after.name}): compare two CPU profiles or two heap profiles`);
  }
  const table = new FrameTable();
  const builder = new CallTreeBuilder();
  const afterFrames = after.frames.map((frame) => table.internFrame(frame));
  const beforeFrames = before.frames.map((frame) => table.internFrame(frame));
  mergeInto(builder, after.root, afterFrames, (node, from) => (node.self += from.self));
  const beforeTotals = new Map<CallNode, number>();
  mergeInto(builder, before.root, beforeFrames, (node, from) => beforeTotals.set(node, (beforeTotals.get(node) ?? 0) + from.total));
  const root = builder.finish();

  const afterScale = after.total > 0 ? 1 / after.total : 0;
  const beforeScale = before.total > 0 ? 1 / before.total : 0;
  const rectangleNodes: CallNode[] = [];
  const layout = treeLayout(root, {
    heaviestFirst: true,
    delta: (node) => node.total * afterScale - (beforeTotals.get(node) ?? 0) * beforeScale,
    onRectangle: (index, node) => (rectangleNodes[index] = node),
  });
  const beforeTotal = Float64Array.from(rectangleNodes, (node) => beforeTotals.get(node) ?? 0);

  return {
    profile: {
      id: `diff:${before.id}:${after.id}`,
      name: `${before.name} → ${after.name}`,
      kind: after.kind,
      unit: after.unit,
      frames: table.frames,
      root,
      total: root.total,
      source: after.source,
    },
    layout,
    beforeTotal,
    vanished: vanishedPaths(root, beforeTotals, beforeScale),
    ...selfChanges(table.frames.length, before, beforeFrames, after, afterFrames),
  };
}

/** Walks a profile's tree alongside the merged tree, adding its paths. */
function mergeInto(builder: CallTreeBuilder, root: CallNode, frames: number[], add: (node: CallNode, from: CallNode) => void): void {
  const pending: { from: CallNode; into: CallNode }[] = [{ from: root, into: builder.root }];
  while (pending.length > 0) {
    const { from, into } = pending.pop()!;
    add(into, from);
    for (const child of from.children) pending.push({ from: child, into: builder.child(into, frames[child.frame]) });
  }
}

function vanishedPaths(root: CallNode, beforeTotals: Map<CallNode, number>, beforeScale: number): VanishedPath[] {
  const parents = parentsOf(root);
  const vanished: VanishedPath[] = [];
  forEachNode(root, (node, _depth, parent) => {
    if (parent === null || node.total > 0 || (parent !== root && parent.total <= 0)) return;
    const beforeTotal = beforeTotals.get(node) ?? 0;
    if (beforeTotal <= 0) return;
    const path: number[] = [];
    for (let at: CallNode | null = node; at !== null && at !== root; at = parents.get(at) ?? null) path.push(at.frame);
    vanished.push({ path: path.reverse(), beforeTotal, beforeShare: beforeTotal * beforeScale });
  });
  return vanished.sort((a, b) => b.beforeTotal - a.beforeTotal);
}

function selfChanges(frameCount: number, before: Profile, beforeFrames: number[], after: Profile, afterFrames: number[]) {
  const beforeSelf = selfByFrame(frameCount, before, beforeFrames);
  const afterSelf = selfByFrame(frameCount, after, afterFrames);
  const beforeScale = before.total > 0 ? 1 / before.total : 0;
  const afterScale = after.total > 0 ? 1 / after.total : 0;
  const grew: FrameChange[] = [];
  const shrank: FrameChange[] = [];
  for (let frame = 0; frame < frameCount; frame++) {
    const beforeShare = beforeSelf[frame] * beforeScale;
    const afterShare = afterSelf[frame] * afterScale;
    const change = afterShare - beforeShare;
    const row = { frame, beforeSelf: beforeSelf[frame], afterSelf: afterSelf[frame], beforeShare, afterShare, change };
    if (change > 0) grew.push(row);
    else if (change < 0) shrank.push(row);
  }
  return { grew: grew.sort((a, b) => b.change - a.change), shrank: shrank.sort((a, b) => a.change - b.change) };
}

function selfByFrame(frameCount: number, profile: Profile, frames: number[]): Float64Array {
  const self = new Float64Array(frameCount);
  forEachNode(profile.root, (node) => {
    if (node.frame >= 0) self[frames[node.frame]] += node.self;
  });
  return self;
}
