import { describe, expect, it } from 'vitest';
import type { LogsTailEvent } from '../../common/log-views.js';
import type { NodeStatus, NodeView } from '../../common/node-views.js';
import type { NodeAdminClient } from '../admin/node-admin-client.js';
import { NodeRegistry, type NodeHandle } from '../registry/node-registry.js';
import { LogFanIn } from './log-fan-in.js';
import type { NodeLogApi, NodeTailHandlers } from './node-log-api.js';

function fakeNode(id: string, status: NodeStatus): NodeHandle & { status: NodeStatus } {
  const handle = {
    id,
    status,
    admin: {} as NodeAdminClient,
    view: (): NodeView => ({
      id,
      name: id,
      kind: 'local',
      status: handle.status,
      stages: [],
      version: null,
      uptime_s: null,
      hosts: [],
      ports: { c2s: null, websocket: null, admin: null },
      adminUrl: '',
      testUser: null,
      lastError: null,
      osPid: null,
      dataDir: null,
      configFile: null,
    }),
  };
  return handle;
}

/** Tails that the test drives by hand. */
function fakeApi() {
  const open = new Map<string, NodeTailHandlers & { sinceSeq: number | undefined; closed: boolean }>();
  const api: NodeLogApi = {
    tail(node, _filter, sinceSeq, handlers) {
      const tail = { ...handlers, sinceSeq, closed: false };
      open.set(node.id, tail);
      queueMicrotask(() => handlers.onOpen());
      return { close: () => (tail.closed = true) };
    },
    async query(node, _filter, limit) {
      if (node.id === 'b') throw new Error('boom');
      return [1, 2, 3].slice(0, limit).map((seq) => ({ nodeId: node.id, seq, time: seq * 10 + (node.id === 'a' ? 0 : 5), level: 30, line: '{}' }));
    },
  };
  return { api, open };
}

const entry = (nodeId: string, seq: number) => ({ nodeId, seq, time: seq, level: 30, line: `{"seq":${seq}}` });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LogFanIn', () => {
  it('merges the running nodes, picks up nodes that start later and forgets stopped ones', async () => {
    const registry = new NodeRegistry();
    const a = fakeNode('a', 'running');
    const b = fakeNode('b', 'stopped');
    registry.add(a);
    registry.add(b);
    const { api, open } = fakeApi();
    const events: LogsTailEvent[] = [];
    const stop = new LogFanIn(registry, api).subscribe({}, (e) => (events.push(e), true));
    await tick();
    expect([...open.keys()]).toEqual(['a']);
    open.get('a')!.onEntries([entry('a', 1), entry('a', 2)]);
    b.status = 'running';
    registry.changed('b');
    await tick();
    open.get('b')!.onDropped(7);
    a.status = 'stopped';
    registry.changed('a');
    expect(open.get('a')!.closed).toBe(true);
    expect(events).toEqual([
      { kind: 'source', nodeId: 'a', state: 'connected' },
      { kind: 'entries', entries: [entry('a', 1), entry('a', 2)] },
      { kind: 'source', nodeId: 'b', state: 'connected' },
      { kind: 'dropped', nodeId: 'b', count: 7, at: expect.any(Number) },
      { kind: 'source', nodeId: 'a', state: 'disconnected', message: 'the node stopped' },
    ]);
    stop();
    expect(open.get('b')!.closed).toBe(true);
  });

  it('counts what the subscriber refused and reports it before the next batch', async () => {
    const registry = new NodeRegistry();
    registry.add(fakeNode('a', 'running'));
    const { api, open } = fakeApi();
    const events: LogsTailEvent[] = [];
    let accept = false;
    new LogFanIn(registry, api).subscribe({ nodeIds: ['a'] }, (e) => (accept ? (events.push(e), true) : false));
    await tick();
    open.get('a')!.onEntries([entry('a', 1), entry('a', 2)]);
    open.get('a')!.onEntries([entry('a', 3)]);
    accept = true;
    open.get('a')!.onEntries([entry('a', 4)]);
    expect(events).toEqual([
      { kind: 'dropped', nodeId: 'a', count: 3, at: expect.any(Number) },
      { kind: 'entries', entries: [entry('a', 4)] },
    ]);
  });

  it('re-opens a broken tail after the last entry seen', async () => {
    const registry = new NodeRegistry();
    registry.add(fakeNode('a', 'running'));
    const { api, open } = fakeApi();
    new LogFanIn(registry, api).subscribe({}, () => true);
    await tick();
    const first = open.get('a')!;
    first.onEntries([entry('a', 41), entry('a', 42)]);
    first.onClose(undefined);
    await new Promise((r) => setTimeout(r, 1100));
    expect(open.get('a')).not.toBe(first);
    expect(open.get('a')!.sinceSeq).toBe(42);
  });

  it('merges a query across nodes by time and names the nodes that failed', async () => {
    const registry = new NodeRegistry();
    registry.add(fakeNode('a', 'running'));
    registry.add(fakeNode('b', 'running'));
    registry.add(fakeNode('c', 'stopped'));
    const { api } = fakeApi();
    const result = await new LogFanIn(registry, api).query({ limit: 2 });
    expect(result.entries.map((e) => `${e.nodeId}${e.seq}`)).toEqual(['a1', 'a2']);
    expect(result.failures.map((f) => [f.nodeId, f.code])).toEqual([
      ['b', 'internal'],
      ['c', 'node_unreachable'],
    ]);
  });
});
