import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHeapProfile } from './parse-heapprofile.js';
import { treeShape } from './profile-test-support.js';
import type { HeapProfile, HeapProfileNode } from './v8-formats.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/meerkat-node.heapprofile', import.meta.url), 'utf8')) as HeapProfile;

function heapNode(functionName: string, selfSize: number, children: HeapProfileNode[] = []): HeapProfileNode {
  return { callFrame: { functionName, scriptId: '1', url: 'file:///app.js', lineNumber: 0, columnNumber: 0 }, selfSize, children };
}

describe('fromHeapProfile', () => {
  it('reads a real capture from a meerkat node in bytes', () => {
    const profile = fromHeapProfile(fixture, { name: 'heap' });
    let bytes = 0;
    const pending = [fixture.head];
    while (pending.length > 0) {
      const each = pending.pop()!;
      bytes += each.selfSize;
      pending.push(...each.children);
    }
    expect(profile).toMatchObject({ kind: 'heap', unit: 'bytes', source: 'heapprofile', total: bytes });
    expect(bytes).toBeGreaterThan(0);
    expect(profile.timeline).toBeUndefined();
  });

  it('keeps the tree and numbers lines from 1', () => {
    const document = { head: { ...heapNode('(root)', 0, [heapNode('load', 100, [heapNode('', 50)]), heapNode('load', 10)]) } };
    const profile = fromHeapProfile(document);
    expect(treeShape(profile, profile.root)).toBe('*(160)[load(160)[(anonymous)(50)]]');
    expect(profile.frames[0]).toMatchObject({ name: 'load', line: 1, column: 1 });
  });

  it('reads a 3,000-deep document without recursion', () => {
    let head = heapNode('leaf', 8);
    for (let i = 0; i < 3000; i++) head = heapNode(`f${i}`, 0, [head]);
    expect(fromHeapProfile({ head }).total).toBe(8);
  });

  it.each([
    ['no head', {}, /Not a valid heap profile: expected an object with a "head" node/],
    ['a node without callFrame', { head: { selfSize: 0, children: [] } }, /head has no "callFrame"/],
    ['a negative selfSize', { head: heapNode('(root)', 0, [heapNode('a', -1)]) }, /head\.children\[0\] has no valid "selfSize"/],
    ['children that are not an array', { head: { ...heapNode('(root)', 0), children: 3 } }, /head has "children" that is not an array/],
  ])('refuses %s', (_case, document, message) => {
    expect(() => fromHeapProfile(document)).toThrow(message);
  });
});
