// The processes.* channels through the console backend to a real admin server serving the node's
// own processes routes over a real runtime: ranking on the node, the paged mailbox, actions, and a
// trace that ends at its limit.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerProcessesRoutes } from '../../../embedded-server/admin/routes/processes-routes.js';
import { startAdminServer, type AdminServer } from '../../../embedded-server/admin/server/admin-server.js';
import { RouteTable } from '../../../embedded-server/admin/server/route-table.js';
import { Runtime } from '../../../embedded-server/runtime/index.js';
import type { ProcessTraceEvent } from '../../common/process-views.js';
import { NodeAdminClient } from '../admin/node-admin-client.js';
import { NodeRegistry } from '../registry/node-registry.js';
import { ProcessRequests } from './process-requests.js';
import { processTraceStream } from './process-trace.js';

const TOKEN = 'p'.repeat(40);
let server: AdminServer;
let runtime: Runtime;
let requests: ProcessRequests;
const registry = new NodeRegistry();
let stuck: number;
let echo: number;

beforeAll(async () => {
  runtime = new Runtime();
  const routes = new RouteTable();
  registerProcessesRoutes(routes, { runtime, log: pino({ level: 'silent' }) });
  server = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log: pino({ level: 'silent' }) });
  const admin = new NodeAdminClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: TOKEN });
  registry.add({ id: 'n1', admin, view: () => ({ id: 'n1' }) as never });
  requests = new ProcessRequests(registry);
  for (let i = 0; i < 30; i++) runtime.spawn({ kind: 'worker', serves: `w${i}@example.com`, handle() {} });
  stuck = runtime.spawn({ kind: 'c2s', serves: 'stuck@example.com/phone', handle() {}, renderMessage: (m: string) => m });
  echo = runtime.spawn({ kind: 'echo', handle() {} });
  runtime.suspend(stuck);
  for (let i = 0; i < 45; i++) runtime.send(stuck, `<message id="m${i}"><body>hi ${i}</body></message>`);
});

afterAll(async () => {
  await server.close();
  await runtime.shutdown();
});

describe('processes requests', () => {
  it('ranks by mailbox and filters by kind and serves on the node', async () => {
    const list = await requests.list({ nodeId: 'n1', sort: 'mailbox', limit: 5 });
    expect(list.process_count).toBe(32);
    expect(list.processes).toHaveLength(5);
    expect(list.processes[0]).toMatchObject({ pid: stuck, kind: 'c2s', status: 'suspended', mailbox_length: 45 });
    const filtered = await requests.list({ nodeId: 'n1', kind: 'worker', serves: 'w1', limit: 100 });
    expect(filtered.processes.map((p) => p.serves).sort()).toEqual(['w1@example.com', ...Array.from({ length: 10 }, (_, i) => `w1${i}@example.com`)].sort());
    const top = await requests.top({ nodeId: 'n1', by: 'mailbox', n: 1 });
    expect(top.processes[0].pid).toBe(stuck);
  });

  it('pages the mailbox: first 20, next 20, the rest', async () => {
    const first = await requests.info({ nodeId: 'n1', pid: stuck, peekOffset: 0, peekLimit: 20 });
    expect(first.mailbox).toMatchObject({ offset: 0, total: 45 });
    expect(first.mailbox.messages).toHaveLength(20);
    expect(first.mailbox.messages[0]).toContain('id="m0"');
    const next = await requests.info({ nodeId: 'n1', pid: stuck, peekOffset: 20, peekLimit: 20 });
    expect(next.mailbox.messages[0]).toContain('id="m20"');
    const last = await requests.info({ nodeId: 'n1', pid: stuck, peekOffset: 40, peekLimit: 20 });
    expect(last.mailbox.messages).toHaveLength(5);
  });

  it('resumes and kills, and turns a missing process into a coded error', async () => {
    const victim = runtime.spawn({ kind: 'worker', handle() {} });
    expect(await requests.act('suspend', { nodeId: 'n1', pid: victim })).toMatchObject({ status: 'suspended' });
    expect((await requests.act('resume', { nodeId: 'n1', pid: victim })).status).not.toBe('suspended');
    await requests.act('kill', { nodeId: 'n1', pid: victim });
    await expect(requests.info({ nodeId: 'n1', pid: victim })).rejects.toMatchObject({ code: 'not_found', details: { status: 404 } });
    await expect(requests.list({ nodeId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('processes.trace stream', () => {
  it('passes events through and ends after the stopped event at max_events', async () => {
    const events: ProcessTraceEvent[] = [];
    const ended = new Promise<unknown>((resolve) => {
      processTraceStream(registry, { nodeId: 'n1', pid: echo, maxEvents: 5, maxRate: 1000 }, {
        event: (e) => {
          events.push(e);
          return true;
        },
        end: resolve,
      });
    });
    const sender = setInterval(() => runtime.send(echo, 'ping'), 5);
    const error = await ended;
    clearInterval(sender);
    expect(error).toBeUndefined();
    expect(events.filter((e) => e.type === 'received')).toHaveLength(5);
    expect(events[events.length - 1]).toMatchObject({ type: 'stopped', reason: 'max_events', events: 5 });
  });

  it('reports a missing process as an error event', async () => {
    const events: ProcessTraceEvent[] = [];
    await new Promise<unknown>((resolve) => {
      processTraceStream(registry, { nodeId: 'n1', pid: 999_999 }, { event: (e) => (events.push(e), true), end: resolve });
    });
    expect(events).toEqual([{ type: 'error', error: { code: 'not_found', message: expect.stringContaining('999999') } }]);
  });
});
