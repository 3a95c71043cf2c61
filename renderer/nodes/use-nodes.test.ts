import { describe, expect, it } from 'vitest';
import type { NodeView } from '../../main/common/console-api.js';
import { applyNodeChange } from './use-nodes.js';

const node = (id: string, status: NodeView['status']) => ({ id, name: id, status }) as NodeView;

describe('applyNodeChange', () => {
  it('adds, replaces in place and removes', () => {
    let list = applyNodeChange(undefined, { kind: 'upsert', node: node('a', 'starting') });
    list = applyNodeChange(list, { kind: 'upsert', node: node('b', 'running') });
    list = applyNodeChange(list, { kind: 'upsert', node: node('a', 'running') });
    expect(list.map((n) => `${n.id}:${n.status}`)).toEqual(['a:running', 'b:running']);
    list = applyNodeChange(list, { kind: 'removed', nodeId: 'a' });
    expect(list.map((n) => n.id)).toEqual(['b']);
  });
});
