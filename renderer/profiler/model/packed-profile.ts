// A Profile as typed arrays, to cross from the parse worker to the window. Posting the Profile
// itself would structured-clone every call node (100,000+ objects, each with its children array);
// the packed form is four arrays for the tree and two for the timeline, transferred without a copy,
// and unpacking builds the call nodes again in one pass. The source document (Profile.original)
// does not cross: the side that has it keeps it.
import { newCallNode } from './call-tree.js';
import type { CallNode, Frame, Profile, ProfileKind, SourceFormat, TimelineSample, WeightUnit } from './types.js';

export interface PackedProfile {
  id: string;
  name: string;
  kind: ProfileKind;
  unit: WeightUnit;
  source: SourceFormat;
  capturedAt?: number;
  frames: Frame[];
  /** The call tree in preorder (node 0 is the root): each node's frame, self, total and number of children. */
  nodeFrame: Int32Array;
  nodeSelf: Float64Array;
  nodeTotal: Float64Array;
  childCount: Int32Array;
  /** The timeline, when the profile has one: each run's leaf (a node's preorder number) and weight. */
  timelineNode?: Int32Array;
  timelineWeight?: Float64Array;
}

/** The packed profile and the buffers to transfer with it. */
export function packProfile(profile: Profile): { packed: PackedProfile; transfer: ArrayBuffer[] } {
  const order: CallNode[] = [];
  const pending: CallNode[] = [profile.root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    order.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]);
  }
  const count = order.length;
  const nodeFrame = new Int32Array(count);
  const nodeSelf = new Float64Array(count);
  const nodeTotal = new Float64Array(count);
  const childCount = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const node = order[i];
    nodeFrame[i] = node.frame;
    nodeSelf[i] = node.self;
    nodeTotal[i] = node.total;
    childCount[i] = node.children.length;
  }
  const packed: PackedProfile = {
    id: profile.id,
    name: profile.name,
    kind: profile.kind,
    unit: profile.unit,
    source: profile.source,
    capturedAt: profile.capturedAt,
    frames: profile.frames,
    nodeFrame,
    nodeSelf,
    nodeTotal,
    childCount,
  };
  const transfer = [nodeFrame.buffer, nodeSelf.buffer, nodeTotal.buffer, childCount.buffer];
  const timeline = profile.timeline;
  if (timeline !== undefined) {
    const numberOf = new Map<CallNode, number>();
    for (let i = 0; i < count; i++) numberOf.set(order[i], i);
    const timelineNode = new Int32Array(timeline.length);
    const timelineWeight = new Float64Array(timeline.length);
    for (let i = 0; i < timeline.length; i++) {
      const number = numberOf.get(timeline[i].node);
      if (number === undefined) throw new Error(`${profile.name}: timeline sample ${i} is not a node of the call tree`);
      timelineNode[i] = number;
      timelineWeight[i] = timeline[i].weight;
    }
    packed.timelineNode = timelineNode;
    packed.timelineWeight = timelineWeight;
    transfer.push(timelineNode.buffer, timelineWeight.buffer);
  }
  return { packed, transfer };
}

export function unpackProfile(packed: PackedProfile): Profile {
  const { nodeFrame, nodeSelf, nodeTotal, childCount } = packed;
  const count = nodeFrame.length;
  const nodes = new Array<CallNode>(count);
  for (let i = 0; i < count; i++) {
    const node = newCallNode(nodeFrame[i]);
    node.self = nodeSelf[i];
    node.total = nodeTotal[i];
    // Exactly as long as needed: a pushed-to empty array reserves 17 slots (7 MB over 100,000 nodes).
    if (childCount[i] > 0) node.children = new Array<CallNode>(childCount[i]);
    nodes[i] = node;
  }
  // Preorder: a stack of the nodes still waiting for children, with how many each has so far;
  // each node is the next child of the nearest one.
  const waiting: number[] = [];
  const filled: number[] = [];
  for (let i = 0; i < count; i++) {
    const top = waiting.length - 1;
    if (top >= 0) {
      const parent = nodes[waiting[top]];
      parent.children[filled[top]++] = nodes[i];
      if (filled[top] === parent.children.length) {
        waiting.pop();
        filled.pop();
      }
    }
    if (childCount[i] > 0) {
      waiting.push(i);
      filled.push(0);
    }
  }
  let timeline: TimelineSample[] | undefined;
  if (packed.timelineNode !== undefined && packed.timelineWeight !== undefined) {
    timeline = new Array<TimelineSample>(packed.timelineNode.length);
    for (let i = 0; i < timeline.length; i++) timeline[i] = { node: nodes[packed.timelineNode[i]], weight: packed.timelineWeight[i] };
  }
  const root = nodes[0];
  return {
    id: packed.id,
    name: packed.name,
    kind: packed.kind,
    unit: packed.unit,
    frames: packed.frames,
    root,
    total: root.total,
    timeline,
    source: packed.source,
    capturedAt: packed.capturedAt,
  };
}
