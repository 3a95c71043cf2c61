// Building and walking call trees without recursion: stacks can be thousands of frames deep and a
// profile can have 100,000+ nodes, so every walk here keeps its own stack.
import type { CallNode } from './types.js';

const INDEX_FROM_CHILDREN = 16;

export function newCallNode(frame: number): CallNode {
  // Weights are fractions (µs between samples, scaled counts). Made with 0, a small integer, V8
  // would keep self and total as integers until the first fraction, then move every node made so
  // far to a new shape, one by one as each is next read (a third of a cold 100,000-node parse).
  // Made with a fraction, they are doubles from the start.
  const node: CallNode = { frame, self: 0.5, total: 0.5, children: [] };
  node.self = 0;
  node.total = 0;
  return node;
}

/** Finds or adds children by frame, so that siblings with the same frame are one node. */
export class CallTreeBuilder {
  readonly root: CallNode = newCallNode(-1);
  /** Every node in the order it was made: a parent always before its children. */
  private readonly made: CallNode[] = [this.root];
  /** Most nodes have a few children and are searched in place; wider ones get an index. */
  private readonly childIndex = new Map<CallNode, Map<number, CallNode>>();

  child(parent: CallNode, frame: number): CallNode {
    const children = parent.children;
    let byFrame: Map<number, CallNode> | undefined;
    if (children.length < INDEX_FROM_CHILDREN) {
      for (let i = 0; i < children.length; i++) if (children[i].frame === frame) return children[i];
    } else {
      byFrame = this.childIndex.get(parent);
      if (!byFrame) {
        byFrame = new Map();
        for (const existing of children) byFrame.set(existing.frame, existing);
        this.childIndex.set(parent, byFrame);
      }
      const found = byFrame.get(frame);
      if (found) return found;
    }
    const node = newCallNode(frame);
    children.push(node);
    byFrame?.set(frame, node);
    this.made.push(node);
    return node;
  }

  /** Sets every total (self + the children's totals) and returns the root. */
  finish(): CallNode {
    // Children were made after their parent, so in reverse order every child is summed first.
    const made = this.made;
    for (let i = made.length - 1; i >= 0; i--) {
      const node = made[i];
      let total = node.self;
      const children = node.children;
      for (let c = 0; c < children.length; c++) total += children[c].total;
      node.total = total;
    }
    return this.root;
  }
}

/** Visits every node, parents before children, with its depth (the root is depth 0) and parent. */
export function forEachNode(root: CallNode, visit: (node: CallNode, depth: number, parent: CallNode | null) => void): void {
  const nodes: CallNode[] = [root];
  const depths: number[] = [0];
  const parents: (CallNode | null)[] = [null];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    visit(node, depth, parents.pop()!);
    for (let i = node.children.length - 1; i >= 0; i--) {
      nodes.push(node.children[i]);
      depths.push(depth + 1);
      parents.push(node);
    }
  }
}

/** Each node's parent (the root maps to null). */
export function parentsOf(root: CallNode): Map<CallNode, CallNode | null> {
  const parents = new Map<CallNode, CallNode | null>();
  forEachNode(root, (node, _depth, parent) => parents.set(node, parent));
  return parents;
}
