// A real node (sockets, SQLite) with the node metrics wired into its telemetry, real XMPP clients,
// and the metrics endpoints served by a real admin server over HTTP and WebSocket.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freePort } from '../../../test/support/test-node.js';
import { connect, xml, type TestClient } from '../../../test/support/xmpp-clients.js';
import { deriveScramCredentialsSync } from '../../base/sasl/scram-credentials.js';
import { defaultConfig, type NodeConfigInput } from '../../config/index.js';
import { NO_METRICS, NO_TELEMETRY, type ChatMetrics } from '../../core/telemetry.js';
import { startNode, type RunningNode } from '../../node/start-node.js';
import { createNodeMetrics, type NodeMetrics } from '../../observability/metrics/node-metrics.js';
import { promtoolCheckMetrics } from '../../observability/metrics/promtool-check.js';
import type { MetricsHistoryResponse, MetricsSampleEvent, MetricsSeriesCatalog } from '../contract/metrics.js';
import { startAdminServer, type AdminServer } from '../server/admin-server.js';
import { RouteTable } from '../server/route-table.js';
import { registerMetricsRoutes } from './metrics-routes.js';

const TOKEN = 'metrics-test-token-0123456789abcdefghijklmnop';
const silent = pino({ level: 'silent' });

/**
 * The node's chat code needs its ChatMetrics when it starts, and createNodeMetrics needs the node's
 * runtime and session table: the node gets a forwarder that is pointed at the metrics once both exist.
 */
function forwardingMetrics(): { metrics: ChatMetrics; pointAt(target: ChatMetrics): void } {
  let target: ChatMetrics = NO_METRICS;
  const metrics = {} as Record<keyof ChatMetrics, (...args: never[]) => void>;
  for (const key of Object.keys(NO_METRICS) as (keyof ChatMetrics)[]) {
    metrics[key] = (...args: never[]) => (target[key] as (...a: never[]) => void)(...args);
  }
  return { metrics: metrics as unknown as ChatMetrics, pointAt: (t) => (target = t) };
}

let dataDir: string;
let node: RunningNode;
let nodeMetrics: NodeMetrics;
let admin: AdminServer;
let tcpPort: number;
let tcpService: string;
let wsService: string;
const clients: TestClient[] = [];

async function addUser(local: string, password: string): Promise<void> {
  await node.storage.users.create({
    jid: `${local}@localhost`,
    credentials: { scramSha1: deriveScramCredentialsSync(password, 'sha1'), scramSha256: deriveScramCredentialsSync(password, 'sha256') },
  });
}

function adminUrl(path: string): string {
  return `http://127.0.0.1:${admin.port}${path}`;
}

/** token null: no Authorization header at all. */
function get(path: string, token: string | null = TOKEN): Promise<Response> {
  return fetch(adminUrl(path), { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

/** The value of one sample line of a Prometheus exposition, e.g. sample(text, 'xmpp_sessions', 'transport="tcp"'). */
function sample(text: string, name: string, labels: string): number {
  const prefix = labels === '' ? `${name}{node="test1"} ` : `${name}{${labels},node="test1"} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  if (line === undefined) throw new Error(`no sample ${prefix}`);
  return Number(line.slice(prefix.length));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'meerkat-metrics-'));
  tcpPort = await freePort();
  const wsPort = await freePort();
  const config = defaultConfig({
    general: { hosts: ['localhost'], node_name: 'test1', data_dir: dataDir },
    listen: { c2s: { host: '127.0.0.1', port: tcpPort, tls_mode: 'none' }, websocket: { host: '127.0.0.1', port: wsPort } },
  } as NodeConfigInput);
  const forward = forwardingMetrics();
  node = await startNode(config, silent, { telemetry: { ...NO_TELEMETRY, metrics: forward.metrics } });
  nodeMetrics = createNodeMetrics({ nodeName: 'test1', runtime: node.runtime, sessions: node.sessions, historySeconds: 120, sampleIntervalMs: 0 });
  forward.pointAt(nodeMetrics.chat);
  tcpService = `xmpp://127.0.0.1:${tcpPort}`;
  wsService = `ws://127.0.0.1:${wsPort}/xmpp-websocket`;

  const routes = new RouteTable();
  registerMetricsRoutes(routes, { registry: nodeMetrics.registry, history: nodeMetrics.history });
  admin = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log: silent });

  for (const user of ['alice', 'bob', 'carol']) await addUser(user, 'secret');
});

afterAll(async () => {
  for (const c of clients) await c.stop();
  await admin?.close();
  nodeMetrics?.close();
  await node?.stop('test finished');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('node metrics with real traffic', () => {
  it('counters, gauges and histograms move with logins, messages, offline storage and stream errors', async () => {
    nodeMetrics.sampleNow();
    const alice = await connect({ service: tcpService, username: 'alice', password: 'secret', resource: 'a' });
    const bob = await connect({ service: wsService, username: 'bob', password: 'secret', resource: 'b' });
    clients.push(alice, bob);
    for (let i = 0; i < 5; i++) await alice.xmpp.send(xml('message', { to: bob.jid, type: 'chat' }, xml('body', {}, `m${i}`)));
    await bob.waitFor((el) => el.is('message') && el.getChildText('body') === 'm4', 5000, 'the fifth message');

    await alice.xmpp.send(xml('message', { to: 'carol@localhost', type: 'chat' }, xml('body', {}, 'while you were away')));
    await expect.poll(() => nodeMetrics.chat.offlineStoredCount, { timeout: 5000 }).toBe(1);
    const carol = await connect({ service: tcpService, username: 'carol', password: 'secret', resource: 'c' });
    clients.push(carol);
    await carol.waitFor((el) => el.is('message') && el.getChildText('body') === 'while you were away', 5000, 'the offline message');

    await expect(connect({ service: tcpService, username: 'alice', password: 'wrong', resource: 'x' })).rejects.toThrow();
    await hostUnknownStreamError();
    nodeMetrics.sampleNow();

    const text = await nodeMetrics.registry.metrics();
    const sumOver = (name: string, labels: string[]) => labels.reduce((s, l) => s + sample(text, name, l), 0);
    const mechanisms = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN', 'other'];
    expect(sumOver('xmpp_logins_total', mechanisms.map((m) => `mechanism="${m}",result="ok"`))).toBe(3);
    expect(sumOver('xmpp_logins_total', mechanisms.map((m) => `mechanism="${m}",result="failed"`))).toBe(1);
    expect(sample(text, 'xmpp_stanzas_in_total', 'kind="message",transport="tcp"')).toBe(6);
    expect(sample(text, 'xmpp_stanzas_out_total', 'kind="message",transport="websocket"')).toBe(5);
    expect(sample(text, 'xmpp_stanzas_out_total', 'kind="message",transport="tcp"')).toBe(1);
    // mod_offline hands the stored message to carol's session through the router as well.
    expect(sample(text, 'xmpp_routed_total', 'kind="message",outcome="delivered"')).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'xmpp_routed_total', 'kind="message",outcome="offline"')).toBe(1);
    expect(sample(text, 'xmpp_offline_stored_total', '')).toBe(1);
    expect(sample(text, 'xmpp_offline_delivered_total', '')).toBe(1);
    expect(sample(text, 'xmpp_stream_errors_total', 'condition="host-unknown"')).toBe(1);
    expect(sample(text, 'xmpp_sessions', 'transport="tcp"')).toBe(2);
    expect(sample(text, 'xmpp_sessions', 'transport="websocket"')).toBe(1);
    expect(sample(text, 'xmpp_connections', 'transport="websocket"')).toBe(1);
    expect(sample(text, 'xmpp_routing_latency_seconds_count', '')).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'xmpp_delivery_latency_seconds_count', '')).toBeGreaterThanOrEqual(6);
    expect(sample(text, 'runtime_processes', '')).toBeGreaterThanOrEqual(3);

    const h = nodeMetrics.history.query({ series: ['stanzas_in_message_per_s', 'delivered_per_s', 'logins_ok_per_s', 'sessions'] });
    expect(h.series.sessions).toEqual([0, 3]);
    expect(h.series.stanzas_in_message_per_s![1]).toBeGreaterThan(0);
    expect(h.series.delivered_per_s![1]).toBeGreaterThan(0);
    expect(h.series.logins_ok_per_s![1]).toBeGreaterThan(0);
  });

  it('times real SQLite calls through instrumentStorage', async () => {
    const storage = nodeMetrics.instrumentStorage(node.storage);
    expect(await storage.users.exists('alice@localhost')).toBe(true);
    expect(await storage.users.count()).toBe(3);
    const text = await nodeMetrics.registry.metrics();
    expect(sample(text, 'storage_query_duration_seconds_count', 'op="users.exists"')).toBe(1);
    expect(sample(text, 'storage_query_duration_seconds_count', 'op="users.count"')).toBe(1);
    expect(sample(text, 'storage_query_duration_seconds_sum', 'op="users.count"')).toBeGreaterThan(0);
  });
});

/** RFC 6120 §4.9.3.6: a stream to a domain the node does not serve ends with <host-unknown/>. */
function hostUnknownStreamError(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(tcpPort, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => reject(new Error(`no host-unknown; received ${received}`)), 5000);
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('host-unknown')) {
        clearTimeout(timer);
        socket.destroy();
        resolve();
      }
    });
    socket.on('error', () => {});
    socket.write("<?xml version='1.0'?><stream:stream to='nowhere.example' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
  });
}

describe('metrics admin endpoints over HTTP', () => {
  it('GET /metrics serves the exposition that promtool accepts, with the registry content type', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(nodeMetrics.registry.contentType);
    const text = await res.text();
    expect(text).toContain('# TYPE xmpp_stanzas_in_total counter');
    const check = await promtoolCheckMetrics(text);
    expect(check.output).toBe('');
    expect(check.exitCode).toBe(0);
  });

  it.each(['/metrics', '/api/metrics/series', '/api/metrics/history'])('%s refuses a missing or wrong token', async (path) => {
    for (const token of [null, 'wrong-token', '']) {
      const res = await get(path, token);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('GET /api/metrics/series lists the catalog with units', async () => {
    const res = await get('/api/metrics/series');
    expect(res.status).toBe(200);
    const catalog = (await res.json()) as MetricsSeriesCatalog;
    expect(catalog.capacity).toBe(120);
    expect(catalog.resolutionMs).toBe(1000);
    expect(catalog.series.map((s) => s.name)).toEqual(nodeMetrics.history.series().map((s) => s.name));
    expect(catalog.series.find((s) => s.name === 'routing_latency_p99_seconds')).toMatchObject({ unit: 'seconds' });
    expect(catalog.series.find((s) => s.name === 'stanzas_in_message_per_s')).toMatchObject({ unit: 'per_second' });
  });

  it('GET /api/metrics/history returns the chosen series over the range, at most max_points', async () => {
    for (let i = 0; i < 20; i++) nodeMetrics.sampleNow();
    const all = nodeMetrics.history.query({ series: ['sessions'] });
    const res = await get('/api/metrics/history?series=sessions,heap_used_bytes&max_points=10');
    expect(res.status).toBe(200);
    const body = (await res.json()) as MetricsHistoryResponse;
    expect(Object.keys(body.series)).toEqual(['sessions', 'heap_used_bytes']);
    expect(body.timestamps.length).toBeLessThanOrEqual(10);
    expect(body.downsampled).toBe(all.timestamps.length > 10);
    expect(body.series.sessions).toHaveLength(body.timestamps.length);
    expect(Math.max(...(body.series.sessions as number[]))).toBe(3);

    const from = all.timestamps[1];
    const to = all.timestamps[3];
    const ranged = (await (await get(`/api/metrics/history?series=sessions&from=${from}&to=${to}&max_points=10000`)).json()) as MetricsHistoryResponse;
    expect(ranged.timestamps).toEqual(all.timestamps.filter((t) => t >= from && t <= to));
    expect(ranged.timestamps.length).toBeGreaterThanOrEqual(3);
  });

  it('GET /api/metrics/history refuses unknown series and bad bounds with bad_request', async () => {
    const unknown = await get('/api/metrics/history?series=sessions,no_such_series');
    expect(unknown.status).toBe(400);
    const body = (await unknown.json()) as { error: { code: string; details: { unknown: string[] } } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details.unknown).toEqual(['no_such_series']);
    for (const query of ['max_points=1', 'max_points=abc', 'from=5&to=4', 'maxPoints=10']) {
      expect((await get(`/api/metrics/history?${query}`)).status, query).toBe(400);
    }
  });
});

describe('metrics stream over WebSocket', () => {
  function open(query: string, token = TOKEN): WebSocket {
    return new WebSocket(`ws://127.0.0.1:${admin.port}/api/streams/metrics${query}`, { headers: { authorization: `Bearer ${token}` } });
  }

  it('pushes each new sample with the chosen series', async () => {
    const ws = open('?series=sessions,connections');
    const events: MetricsSampleEvent[] = [];
    ws.on('message', (data) => events.push(JSON.parse(data.toString()) as MetricsSampleEvent));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await expect.poll(() => nodeMetrics.history.subscriberCount).toBe(1);
    nodeMetrics.sampleNow();
    nodeMetrics.sampleNow();
    await expect.poll(() => events.length).toBe(2);
    const latest = nodeMetrics.history.query({ series: ['sessions', 'connections'] });
    expect(events[1]).toEqual({
      timestamp: latest.timestamps.at(-1),
      values: { sessions: latest.series.sessions!.at(-1), connections: latest.series.connections!.at(-1) },
      dropped: 0,
    });
    expect(events[1].values.sessions).toBe(3);
    expect(events[0].timestamp).toBe(latest.timestamps.at(-2));
    ws.close();
    await expect.poll(() => nodeMetrics.history.subscriberCount).toBe(0);
  });

  it('refuses a wrong token and closes on an unknown series', async () => {
    const refused = open('', 'wrong-token');
    const status = await new Promise<number>((resolve) => refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
    refused.on('error', () => {});

    const ws = open('?series=nope');
    const reason = await new Promise<string>((resolve) => ws.on('close', (_code, r) => resolve(r.toString())));
    expect(reason).toContain('nope');
  });
});
