// The sandwich view: a table of functions (self and total per frame, recursion counted once), and
// for one function the trees of its callers (inverted: the function at the top, who called it
// below) and of its callees (all its subtrees merged). Like speedscope, only the outermost calls
// of a recursive function count: an inner call's time is already inside the outer one's.
import { CallTreeBuilder, parentsOf } from './call-tree.js';
import type { CallNode, Frame, Profile } from './types.js';

export interface FunctionRow {
  /** Index into Profile.frames. */
  frame: number;
  self: number;
  /** Weight of the stacks the function is on, each stack once however deep the recursion. */
  total: number;
  /** self / profile total, 0 to 1. */
  selfShare: number;
  totalShare: number;
}

/** One row per frame with weight, heaviest total first. */
export function functionTable(profile: Profile): FunctionRow[] {
  const self = new Float64Array(profile.frames.length);
  const total = new Float64Array(profile.frames.length);
  const onStack = new Int32Array(profile.frames.length);
  // Depth-first with explicit enter/leave so onStack counts the frame's open calls.
  const pending: { node: CallNode; leave: boolean }[] = profile.root.children.map((node) => ({ node, leave: false }));
  while (pending.length > 0) {
    const { node, leave } = pending.pop()!;
    if (leave) {
      onStack[node.frame] -= 1;
      continue;
    }
    self[node.frame] += node.self;
    if (onStack[node.frame] === 0) total[node.frame] += node.total;
    onStack[node.frame] += 1;
    pending.push({ node, leave: true });
    for (const child of node.children) pending.push({ node: child, leave: false });
  }
  const rows: FunctionRow[] = [];
  const share = (weight: number) => (profile.total > 0 ? weight / profile.total : 0);
  for (let frame = 0; frame < profile.frames.length; frame++) {
    if (total[frame] <= 0 && self[frame] <= 0) continue;
    rows.push({ frame, self: self[frame], total: total[frame], selfShare: share(self[frame]), totalShare: share(total[frame]) });
  }
  return rows.sort((a, b) => b.total - a.total || b.self - a.self);
}

/** The outermost calls of a frame: nodes of that frame with no ancestor of the same frame. */
function outermostCalls(profile: Profile, frame: number): CallNode[] {
  const calls: CallNode[] = [];
  const pending = profile.root.children.slice().reverse();
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.frame === frame) calls.push(node);
    else for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]);
  }
  return calls;
}

function checkFrame(profile: Profile, frame: number): Frame {
  const found = profile.frames[frame];
  if (!found) throw new RangeError(`frame ${frame} is not in profile ${profile.name} (it has ${profile.frames.length} frames)`);
  return found;
}

/**
 * Who calls the function: a synthetic root, the function under it, then its callers, their
 * callers... Each path's weight is the function's total on that path; a path ends (self weight)
 * at the outermost frame of its stack.
 */
export function callersTree(profile: Profile, frame: number): CallNode {
  checkFrame(profile, frame);
  const parents = parentsOf(profile.root);
  const builder = new CallTreeBuilder();
  const focus = builder.child(builder.root, frame);
  for (const call of outermostCalls(profile, frame)) {
    let node = focus;
    for (let caller = parents.get(call)!; caller !== profile.root && caller !== null; caller = parents.get(caller)!) {
      node = builder.child(node, caller.frame);
    }
    node.self += call.total;
  }
  return builder.finish();
}

/** What the function calls: a synthetic root, the function under it, then all its subtrees merged. */
export function calleesTree(profile: Profile, frame: number): CallNode {
  checkFrame(profile, frame);
  const builder = new CallTreeBuilder();
  const focus = builder.child(builder.root, frame);
  for (const call of outermostCalls(profile, frame)) {
    const pending: { from: CallNode; into: CallNode }[] = [{ from: call, into: focus }];
    while (pending.length > 0) {
      const { from, into } = pending.pop()!;
      into.self += from.self;
      // Children are added to the merged tree before being pushed, so they keep the source's order.
      const children = from.children.map((child) => ({ from: child, into: builder.child(into, child.frame) }));
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
    }
  }
  return builder.finish();
}
