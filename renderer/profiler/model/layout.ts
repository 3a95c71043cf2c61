// Call trees → FlameLayout rectangles. Tree layouts place each node's children side by side under
// it (in source order, or heaviest first for the left-heavy view); the time-order layout replays
// the timeline as a flame chart. All of them walk with queues, not recursion (stacks can be
// thousands of frames deep), and write flat typed arrays sorted by depth and then start.
import type { CallNode, FlameLayout, Profile, TimelineSample } from './types.js';

/** Row indices are Uint16: deeper frames are not drawn. */
export const MAX_DEPTH = 0xffff;

export interface TreeLayoutOptions {
  /** Children heaviest first (left heavy) instead of in the order the source gave them. */
  heaviestFirst?: boolean;
  /** Fills FlameLayout.delta (diff views). */
  delta?: (node: CallNode) => number;
  /** Told which node each rectangle stands for, for side tables (the diff's before weights). */
  onRectangle?: (index: number, node: CallNode) => void;
}

/** The merged view: every call path once, children sorted by total, heaviest on the left. */
export function leftHeavyLayout(root: CallNode): FlameLayout {
  return treeLayout(root, { heaviestFirst: true });
}

/**
 * Lays out any call tree. A synthetic root (frame -1) is not drawn and its children start at row
 * 0; a real frame as root is row 0. Zero-width nodes and everything under them are skipped.
 */
export function treeLayout(root: CallNode, options: TreeLayoutOptions = {}): FlameLayout {
  const top = root.frame === -1 ? root.children : [root];
  const count = countDrawn(top);
  const layout = emptyLayout(count, Math.max(0, root.total), options.delta !== undefined);
  const { start, width, depth, frame, self, nodeTotal } = layout;

  // Breadth first: rows come out in depth order and, within a row, left to right. The queue is
  // the layout itself: a node's place in the queue is its rectangle's index.
  const queue = new Array<CallNode>(count);
  let tail = 0;
  const enqueue = (children: CallNode[], x: number, row: number) => {
    const ordered = options.heaviestFirst && children.length > 1 ? children.slice().sort(heavierFirst) : children;
    for (let i = 0; i < ordered.length; i++) {
      const child = ordered[i];
      if (child.total <= 0) continue;
      queue[tail] = child;
      start[tail] = x;
      depth[tail] = row;
      tail += 1;
      x += child.total;
    }
  };
  enqueue(top, 0, 0);
  for (let index = 0; index < tail; index++) {
    const node = queue[index];
    width[index] = node.total;
    frame[index] = node.frame;
    self[index] = node.self;
    nodeTotal[index] = node.total;
    if (layout.delta) layout.delta[index] = options.delta!(node);
    options.onRectangle?.(index, node);
    const row = depth[index];
    if (row + 1 > layout.rows) layout.rows = row + 1;
    if (row + 1 <= MAX_DEPTH && node.children.length > 0) enqueue(node.children, start[index], row + 1);
  }
  return layout;
}

function heavierFirst(a: CallNode, b: CallNode): number {
  return b.total - a.total;
}

/** Nodes with weight, not under a zero-weight node, within MAX_DEPTH rows. */
function countDrawn(top: CallNode[]): number {
  let count = 0;
  const nodes: CallNode[] = [];
  const depths: number[] = [];
  for (const node of top) {
    if (node.total <= 0) continue;
    nodes.push(node);
    depths.push(0);
  }
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    count += 1;
    if (depth + 1 > MAX_DEPTH) continue;
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      if (children[i].total <= 0) continue;
      nodes.push(children[i]);
      depths.push(depth + 1);
    }
  }
  return count;
}

function emptyLayout(count: number, total: number, withDelta: boolean): FlameLayout {
  return {
    count,
    total,
    rows: 0,
    start: new Float64Array(count),
    width: new Float64Array(count),
    depth: new Uint16Array(count),
    frame: new Int32Array(count),
    self: new Float64Array(count),
    nodeTotal: new Float64Array(count),
    delta: withDelta ? new Float64Array(count) : undefined,
  };
}

/**
 * The chronological flame chart: the timeline's samples left to right, a frame that stays on the
 * stack across consecutive samples drawn as one rectangle. A rectangle's total is its span and its
 * self the part of the span not covered by its children. Without a timeline: the tree in source order.
 */
export function timeOrderLayout(profile: Profile): FlameLayout {
  const timeline = profile.timeline;
  if (!timeline || timeline.length === 0) return treeLayout(profile.root);
  // Nodes numbered once, with their parent's number and their row, so climbing a stack is array
  // reads; the root is -1.
  const tree = numberNodes(profile.root);
  const leaves = new Int32Array(timeline.length);
  for (let s = 0; s < timeline.length; s++) leaves[s] = tree.indexOf.get(timeline[s].node) ?? -1;

  // Two replays: the first counts each row's rectangles, the second writes them in place (a row's
  // close left to right), so no buffer grows and nothing is copied or sorted afterwards.
  const next = new Int32Array(tree.rows + 1);
  replayStacks(timeline, leaves, tree, (depth) => (next[depth + 1] += 1));
  let rows = 0;
  for (let row = 0; row < tree.rows; row++) {
    if (next[row + 1] > 0) rows = row + 1;
    next[row + 1] += next[row];
  }
  const layout = emptyLayout(next[tree.rows], 0, false);
  layout.rows = rows;
  const { start, width, depth: rowOf, frame, self, nodeTotal } = layout;
  layout.total = replayStacks(timeline, leaves, tree, (depth, from, span, node, covered) => {
    const at = next[depth]++;
    start[at] = from;
    width[at] = span;
    rowOf[at] = depth;
    frame[at] = tree.frames[node];
    self[at] = span - covered;
    nodeTotal[at] = span;
  });
  return layout;
}

/**
 * Replays the samples as stacks opening and closing: `closed` is told each frame's rectangle when
 * it leaves the stack (its row, start, width, node number and the part its children covered), rows
 * past MAX_DEPTH excepted. Returns the time at the end.
 */
function replayStacks(
  timeline: TimelineSample[],
  leaves: Int32Array,
  tree: NumberedTree,
  closed: (depth: number, start: number, width: number, node: number, covered: number) => void,
): number {
  const { parents, depths } = tree;
  // The open stack: the frames of the current sample's stack, root first, each with its start
  // and how much of its span its children covered.
  const open = new Int32Array(tree.rows);
  const openStart = new Float64Array(tree.rows);
  const childSpan = new Float64Array(tree.rows);
  const climbed = new Int32Array(tree.rows);
  let openCount = 0;
  let time = 0;
  const closeTo = (length: number) => {
    while (openCount > length) {
      const depth = --openCount;
      const width = time - openStart[depth];
      if (width <= 0) continue;
      if (depth <= MAX_DEPTH) closed(depth, openStart[depth], width, open[depth], childSpan[depth]);
      if (depth > 0) childSpan[depth - 1] += width;
    }
  };
  for (let s = 0; s < timeline.length; s++) {
    const weight = timeline[s].weight;
    if (!(weight > 0)) continue;
    // Climb from the leaf until a frame that is already open: everything below it stays open.
    let climbedCount = 0;
    let node = leaves[s];
    while (node !== -1 && !(depths[node] < openCount && open[depths[node]] === node)) {
      climbed[climbedCount++] = node;
      node = parents[node];
    }
    closeTo(node === -1 ? 0 : depths[node] + 1);
    while (climbedCount > 0) {
      open[openCount] = climbed[--climbedCount];
      openStart[openCount] = time;
      childSpan[openCount] = 0;
      openCount += 1;
    }
    time += weight;
  }
  closeTo(0);
  return time;
}

type NumberedTree = ReturnType<typeof numberNodes>;

/** The tree below the root in preorder: each node's number, frame, parent's number (-1: top) and row; rows: the deepest + 1. */
function numberNodes(root: CallNode) {
  const indexOf = new Map<CallNode, number>();
  const frames: number[] = [];
  const parents: number[] = [];
  const depths: number[] = [];
  const pending: CallNode[] = [];
  const pendingParent: number[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) {
    pending.push(root.children[i]);
    pendingParent.push(-1);
  }
  while (pending.length > 0) {
    const node = pending.pop()!;
    const parent = pendingParent.pop()!;
    const index = frames.length;
    indexOf.set(node, index);
    frames.push(node.frame);
    parents.push(parent);
    depths.push(parent === -1 ? 0 : depths[parent] + 1);
    for (let i = node.children.length - 1; i >= 0; i--) {
      pending.push(node.children[i]);
      pendingParent.push(index);
    }
  }
  let rows = 0;
  for (const depth of depths) if (depth + 1 > rows) rows = depth + 1;
  return { indexOf, frames, parents, depths, rows };
}
