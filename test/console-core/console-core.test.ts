// The whole back half against a real local node, through the browser mode's WebSocket and the
// shared client, as the renderer uses it: the default node comes up, its logs stream into the
// merged tail, the overview has figures, traffic flows, kill turns it crashed and restart brings it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createConsoleClient, type ConsoleClient, type LogsTailEvent, type NodeView } from '../../main/common/console-api.js';
import { createSocketTransport } from '../../main/common/console-wire.js';
import { ConsoleCore } from '../../main/core/service/console-core.js';
import { startWebConsole, type WebConsole } from '../../main/web/web-console.js';
import { requireBuiltNode, tempConsoleDir, waitFor, type TempDir } from './console-test-env.js';

let dir: TempDir;
let core: ConsoleCore;
let web: WebConsole;
let ws: WebSocket;
let client: ConsoleClient;
const views = new Map<string, NodeView>();

beforeAll(async () => {
  requireBuiltNode();
  dir = tempConsoleDir();
  core = await ConsoleCore.open({ mode: 'web', dataDir: dir.path, overviewIntervalMs: 500 });
  web = await startWebConsole({ backend: core.backend, rendererDir: dir.path, port: 0 });
  ws = new WebSocket(`ws://127.0.0.1:${web.port}/api/ws?token=${web.token}`);
  client = createConsoleClient(createSocketTransport(ws));
  client.subscribe('nodes.changed', undefined, (change) => {
    if (change.kind === 'upsert') views.set(change.node.id, change.node);
  });
}, 60_000);

afterAll(async () => {
  ws?.close();
  await web?.close();
  await core?.close();
  dir?.remove();
});

const running = (id: string) => views.get(id)?.status === 'running';

describe('console core with a real local node', () => {
  it('creates and starts the default node on first start, with a test user', async () => {
    await waitFor('the default node to run', () => running('local-1'), 30_000);
    const [node] = await client.request('nodes.list');
    expect(node).toMatchObject({ id: 'local-1', kind: 'local', status: 'running', hosts: ['localhost'], testUser: { jid: 'test@localhost' } });
    expect(node.stages.every((s) => s.status === 'ok')).toBe(true);
    expect(node.ports.c2s).toBeGreaterThan(0);
    const output = await client.request('nodes.output', { nodeId: 'local-1' });
    expect(output.lines.some((l) => l.text.includes('listener_ready'))).toBe(true);
  });

  it('streams the node’s log lines into the merged tail, with the node id', async () => {
    const events: LogsTailEvent[] = [];
    const stop = client.subscribe('logs.tail', {}, (e) => events.push(e));
    // A login of the test user writes log lines.
    await client.request('traffic.start', { nodeId: 'local-1', users: 4, ratePerSec: 20 });
    const entries = await waitFor('log entries', () => {
      const all = events.flatMap((e) => (e.kind === 'entries' ? e.entries : []));
      return all.length > 0 ? all : undefined;
    });
    expect(entries[0].nodeId).toBe('local-1');
    expect(typeof entries[0].line).toBe('string');
    stop();
    const query = await client.request('logs.query', { filter: { level: 'info' }, limit: 50 });
    expect(query.entries.length).toBeGreaterThan(0);
    expect(query.failures).toEqual([]);
  });

  it('runs traffic and reports what was delivered', async () => {
    const delivered = await waitForAsync(async () => {
      const s = await client.request('traffic.status', { nodeId: 'local-1' });
      return s.received > 0 && s.achievedRate > 0 ? s : undefined;
    });
    expect(delivered).toMatchObject({ running: true, phase: 'sending', users: 4, targetRate: 20 });
    const overview = await waitForAsync(async () => {
      const [o] = await client.request('nodes.overview');
      return o?.figures.sessions.value !== null && (o?.figures.sessions.value ?? 0) >= 4 ? o : undefined;
    });
    expect(overview.figures.processCount.value).toBeGreaterThan(0);
    const history = await client.request('metrics.history', { nodeId: 'local-1', series: ['sessions'], maxPoints: 100 });
    expect(history.timestamps.length).toBeGreaterThan(0);
  });

  it('kill turns the node crashed and stops its traffic; restart brings it back', async () => {
    const killed = await client.request('localNodes.kill', { nodeId: 'local-1' });
    expect(killed.status).toBe('crashed');
    await waitForAsync(async () => ((await client.request('traffic.status', { nodeId: 'local-1' })).running ? undefined : true));
    expect((await client.request('traffic.status', { nodeId: 'local-1' })).endedBecause).toBe('node_stopped');
    const restarted = await client.request('localNodes.restart', { nodeId: 'local-1' });
    expect(restarted.status).toBe('running');
    expect(restarted.lastError).toBeNull();
  });
});

async function waitForAsync<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
