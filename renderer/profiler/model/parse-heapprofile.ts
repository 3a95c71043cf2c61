// V8 sampling heap profile (HeapProfiler.SamplingHeapProfile, what the node's /api/profiles/heap and
// node --heap-prof write) → Profile in bytes. The document is already a tree; selfSize is each
// frame's sampled live bytes. The document can be thousands of levels deep: walked with a stack.
import { CallTreeBuilder } from './call-tree.js';
import { FrameTable } from './frames.js';
import { isObject, nextProfileId, type ParseOptions } from './parse-options.js';
import { formatError } from './profile-error.js';
import type { CallNode, Profile } from './types.js';
import { CallFrameInterner, type ProfileCallFrame } from './v8-formats.js';

export function fromHeapProfile(document: unknown, options: ParseOptions = {}): Profile {
  const fail = (problem: string) => formatError('heapprofile', problem);
  if (!isObject(document) || !isObject(document.head)) throw fail('expected an object with a "head" node');
  const table = new FrameTable();
  const frames = new CallFrameInterner(table);
  const builder = new CallTreeBuilder();
  const pending: { node: unknown; parent: CallNode | null; path: string }[] = [{ node: document.head, parent: null, path: 'head' }];
  while (pending.length > 0) {
    const { node, parent, path } = pending.pop()!;
    if (!isObject(node) || !isObject(node.callFrame)) throw fail(`${path} has no "callFrame"`);
    const selfSize = node.selfSize;
    if (typeof selfSize !== 'number' || !Number.isFinite(selfSize) || selfSize < 0) throw fail(`${path} has no valid "selfSize"`);
    const children = node.children ?? [];
    if (!Array.isArray(children)) throw fail(`${path} has "children" that is not an array`);
    const callNode = parent === null ? builder.root : builder.child(parent, frames.intern(node.callFrame as unknown as ProfileCallFrame));
    callNode.self += selfSize;
    for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i], parent: callNode, path: `${path}.children[${i}]` });
  }
  const root = builder.finish();
  return {
    id: options.id ?? nextProfileId(),
    name: options.name ?? 'Heap profile',
    kind: 'heap',
    unit: 'bytes',
    frames: table.frames,
    root,
    total: root.total,
    source: 'heapprofile',
    original: document,
  };
}
