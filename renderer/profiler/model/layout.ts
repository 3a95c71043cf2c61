// Call trees → FlameLayout rectangles. Tree layouts place each node's children side by side under
// it (in source order, or heaviest first for the left-heavy view); the time-order layout replays
// the timeline as a flame chart. All of them walk with queues, not recursion (stacks can be
// thousands of frames deep), and write flat typed arrays sorted by depth and then start.
import type { CallNode, FlameLayout, Profile } from './types.js';

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
  const order = options.heaviestFirst ? (children: CallNode[]) => children.slice().sort((a, b) => b.total - a.total) : (children: CallNode[]) => children;
  const count = countDrawn(top);
  const layout = emptyLayout(count, Math.max(0, root.total), options.delta !== undefined);

  // Breadth first: rows come out in depth order and, within a row, left to right.
  const queue: CallNode[] = [];
  const starts: number[] = [];
  const depths: number[] = [];
  let x = 0;
  for (const node of order(top)) {
    if (node.total <= 0) continue;
    queue.push(node);
    starts.push(x);
    depths.push(0);
    x += node.total;
  }
  let index = 0;
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    const depth = depths[head];
    layout.start[index] = starts[head];
    layout.width[index] = node.total;
    layout.depth[index] = depth;
    layout.frame[index] = node.frame;
    layout.self[index] = node.self;
    layout.nodeTotal[index] = node.total;
    if (layout.delta) layout.delta[index] = options.delta!(node);
    options.onRectangle?.(index, node);
    index += 1;
    if (depth + 1 > MAX_DEPTH) continue;
    let childStart = starts[head];
    for (const child of order(node.children)) {
      if (child.total <= 0) continue;
      queue.push(child);
      starts.push(childStart);
      depths.push(depth + 1);
      childStart += child.total;
    }
    layout.rows = Math.max(layout.rows, depth + 1);
  }
  return layout;
}

/** Nodes with weight, not under a zero-weight node, within MAX_DEPTH rows. */
function countDrawn(top: CallNode[]): number {
  let count = 0;
  const nodes = top.filter((node) => node.total > 0);
  const depths = nodes.map(() => 0);
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    count += 1;
    if (depth + 1 > MAX_DEPTH) continue;
    for (const child of node.children) {
      if (child.total <= 0) continue;
      nodes.push(child);
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
  const indexOf = new Map<CallNode, number>();
  const frames: number[] = [];
  const parents: number[] = [];
  const depths: number[] = [];
  const pending = profile.root.children.map((node) => ({ node, parent: -1 }));
  while (pending.length > 0) {
    const { node, parent } = pending.pop()!;
    const index = frames.length;
    indexOf.set(node, index);
    frames.push(node.frame);
    parents.push(parent);
    depths.push(parent === -1 ? 0 : depths[parent] + 1);
    for (const child of node.children) pending.push({ node: child, parent: index });
  }

  const rows = new RectangleRows();
  const open: number[] = [];
  const openStart: number[] = [];
  const childSpan: number[] = [];
  let time = 0;
  const closeTo = (length: number) => {
    while (open.length > length) {
      const depth = open.length - 1;
      const node = open.pop()!;
      const start = openStart.pop()!;
      const covered = childSpan.pop()!;
      const width = time - start;
      if (width <= 0) continue;
      if (depth <= MAX_DEPTH) rows.add(depth, start, width, frames[node], width - covered);
      if (depth > 0) childSpan[depth - 1] += width;
    }
  };
  const climbed: number[] = [];
  for (const sample of timeline) {
    if (!(sample.weight > 0)) continue;
    // Climb from the leaf until a frame that is already open: everything below it stays open.
    climbed.length = 0;
    let node = indexOf.get(sample.node) ?? -1;
    while (node !== -1 && open[depths[node]] !== node) {
      climbed.push(node);
      node = parents[node];
    }
    closeTo(node === -1 ? 0 : depths[node] + 1);
    for (let i = climbed.length - 1; i >= 0; i--) {
      open.push(climbed[i]);
      openStart.push(time);
      childSpan.push(0);
    }
    time += sample.weight;
  }
  closeTo(0);
  return rows.toLayout(time);
}

/** Rectangles collected per row; each row's come in start order, so concatenating rows sorts them. */
class RectangleRows {
  private readonly rows: number[][] = [];

  add(depth: number, start: number, width: number, frame: number, self: number): void {
    let row = this.rows[depth];
    if (!row) {
      for (let d = this.rows.length; d <= depth; d++) this.rows[d] = [];
      row = this.rows[depth];
    }
    row.push(start, width, frame, self);
  }

  toLayout(total: number): FlameLayout {
    let count = 0;
    for (const row of this.rows) count += row.length / 4;
    const layout = emptyLayout(count, total, false);
    let index = 0;
    this.rows.forEach((row, depth) => {
      for (let i = 0; i < row.length; i += 4) {
        layout.start[index] = row[i];
        layout.width[index] = row[i + 1];
        layout.depth[index] = depth;
        layout.frame[index] = row[i + 2];
        layout.self[index] = row[i + 3];
        layout.nodeTotal[index] = row[i + 1];
        index += 1;
      }
    });
    layout.rows = this.rows.length;
    return layout;
  }
}
