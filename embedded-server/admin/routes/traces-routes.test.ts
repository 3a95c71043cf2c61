// A real node (sockets, SQLite) whose telemetry tracer is the node tracing, real XMPP clients, and
// the traces endpoints served by a real admin server over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/test-node.js';
import { connect, xml, type TestClient } from '../../../test/support/xmpp-clients.js';
import { deriveScramCredentialsSync } from '../../base/sasl/scram-credentials.js';
import { defaultConfig, type NodeConfigInput } from '../../config/index.js';
import { NO_METRICS, type Telemetry } from '../../core/telemetry.js';
import { startNode, type RunningNode } from '../../node/start-node.js';
import { createNodeTracing, type NodeTracing } from '../../observability/tracing/index.js';
import type { TraceDetail, TraceSummary, TracingStats } from '../contract/traces.js';
import { startAdminServer, type AdminServer } from '../server/admin-server.js';
import { RouteTable } from '../server/route-table.js';
import { registerTracesRoutes } from './traces-routes.js';

const TOKEN = 'traces-test-token-0123456789abcdefghijklmnop';

let dataDir: string;
let node: RunningNode;
let tracing: NodeTracing;
let admin: AdminServer;
let tcpService: string;
const logs: Record<string, unknown>[] = [];
const clients: TestClient[] = [];

async function addUser(local: string, password: string): Promise<void> {
  await node.storage.users.create({
    jid: `${local}@localhost`,
    credentials: { scramSha1: deriveScramCredentialsSync(password, 'sha1'), scramSha256: deriveScramCredentialsSync(password, 'sha256') },
  });
}

async function get<T>(path: string, token: string | null = TOKEN): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${admin.port}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

/** Kept traces are decided when their last span ends, which may be just after the client sees the stanza. */
async function traceWith(query: string, match: (t: TraceSummary) => boolean): Promise<TraceSummary> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { body } = await get<{ traces: TraceSummary[] }>(`/api/traces?${query}`);
    const found = body.traces.find(match);
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no trace matching ${query}`);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'meerkat-traces-'));
  const tcpPort = await freePort();
  const config = defaultConfig({
    general: { hosts: ['localhost'], node_name: 'test1', data_dir: dataDir },
    listen: { c2s: { host: '127.0.0.1', port: tcpPort, tls_mode: 'none' } },
  } as NodeConfigInput);
  tracing = createNodeTracing({ nodeName: 'test1', sampleRatio: 1, slowThresholdMs: 50, maxTraces: 1000 });
  const log = pino(
    { level: 'debug', base: { node: 'test1' }, mixin: tracing.logMixin },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const telemetry: Telemetry = { metrics: NO_METRICS, tracer: tracing.telemetryTracer, spans: tracing.spans, withSpan: tracing.withSpan, activeSpan: tracing.activeSpan };
  node = await startNode(config, log, { telemetry });
  tcpService = `xmpp://127.0.0.1:${tcpPort}`;
  const routes = new RouteTable();
  registerTracesRoutes(routes, { tracing });
  admin = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log });
  await addUser('alice', 'alice-secret');
  await addUser('bob', 'bob-secret');
  await addUser('carol', 'carol-secret');
  for (const [username, password] of [
    ['alice', 'alice-secret'],
    ['bob', 'bob-secret'],
  ]) {
    clients.push(await connect({ service: tcpService, username, password, resource: 'r1' }));
  }
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop().catch(() => {})));
  await admin?.close();
  await node?.stop('test finished');
  await tracing?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('traces of real traffic', () => {
  it('a message from one client to another yields a kept trace covering receive → hooks → route → deliver', async () => {
    const [alice, bob] = clients;
    await alice.xmpp.send(xml('message', { to: 'bob@localhost/r1', type: 'chat', id: 'm1' }, xml('body', {}, 'hello bob')));
    await bob.waitFor((el) => el.is('message') && el.attrs.id === 'm1');

    const summary = await traceWith('jid=alice@localhost&span_name=c2s.deliver', (t) => t.rootName === 'c2s.receive' && t.jids.includes('bob@localhost/r1'));
    expect(summary).toMatchObject({ error: false, keptBecause: expect.stringMatching(/^(sampled|slow)$/) as unknown, incomplete: false });
    expect(summary.jids).toContain('alice@localhost/r1');

    const { status, body: trace } = await get<TraceDetail>(`/api/traces/${summary.traceId}`);
    expect(status).toBe(200);
    const byName = new Map(trace.spans.map((s) => [s.name, s]));
    for (const name of ['c2s.receive', 'hooks.user_send_packet', 'router.route', 'c2s.deliver']) expect(byName.has(name)).toBe(true);
    const receive = byName.get('c2s.receive')!;
    const route = byName.get('router.route')!;
    const deliver = byName.get('c2s.deliver')!;
    expect(receive.parentSpanId).toBeNull();
    expect(byName.get('hooks.user_send_packet')!.parentSpanId).toBe(receive.spanId);
    expect(route.parentSpanId).toBe(receive.spanId);
    expect(deliver.parentSpanId).toBe(route.spanId);
    expect(receive.attributes).toMatchObject({ 'xmpp.kind': 'message', 'xmpp.from': 'alice@localhost/r1', 'xmpp.to': 'bob@localhost/r1' });
    for (const span of trace.spans) {
      expect(span.traceId).toBe(summary.traceId);
      expect(span.endMs).not.toBeNull();
      expect(span.endMs!).toBeGreaterThanOrEqual(span.startMs);
    }
    // The deliver span ends in bob's process when the stanza is written: it cannot end before the route began.
    expect(deliver.endMs!).toBeGreaterThanOrEqual(route.startMs);
  });

  it('a message to an offline user is traced through offline storage', async () => {
    const [alice] = clients;
    await alice.xmpp.send(xml('message', { to: 'carol@localhost', type: 'chat', id: 'm2' }, xml('body', {}, 'for later')));
    const summary = await traceWith('jid=carol@localhost&span_name=offline.store', () => true);
    const { body: trace } = await get<TraceDetail>(`/api/traces/${summary.traceId}`);
    const names = trace.spans.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['c2s.receive', 'router.route', 'offline.store']));
    expect(names).not.toContain('c2s.deliver');
  });

  it('log lines written inside a span carry its trace_id and span_id', async () => {
    const opened = logs.filter((l) => l.what === 'session_opened');
    expect(opened.length).toBeGreaterThanOrEqual(2);
    for (const line of opened) {
      expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
    const { body } = await get<TraceDetail>(`/api/traces/${String(opened[0].trace_id)}`);
    expect(body.spans.find((s) => s.spanId === opened[0].span_id)?.name).toBe('c2s.bind');
    expect(logs.some((l) => l.what === 'listener_ready' && l.trace_id === undefined)).toBe(true);
  });
});

describe('traces endpoints', () => {
  it('GET /api/traces/stats counts kept traces and open ones', async () => {
    const { status, body } = await get<TracingStats>('/api/traces/stats');
    expect(status).toBe(200);
    expect(body.sampleRatio).toBe(1);
    expect(body.kept.sampled + body.kept.slow + body.kept.error).toBeGreaterThanOrEqual(2);
    expect(body.dropped.not_sampled).toBe(0);
    expect(body.storedTraces).toBe(body.kept.sampled + body.kept.slow + body.kept.error);
    expect(body.export).toBeNull();
  });

  it('filters the list from the query string and validates it', async () => {
    const { body } = await get<{ traces: TraceSummary[] }>('/api/traces?limit=1');
    expect(body.traces).toHaveLength(1);
    const errors = await get<{ traces: TraceSummary[] }>('/api/traces?errors_only=true');
    expect(errors.body.traces.every((t) => t.error)).toBe(true);
    const bad = await get<{ error: { code: string } }>('/api/traces?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
  });

  it('answers 404 for a trace it does not hold', async () => {
    const { status, body } = await get<{ error: { code: string } }>('/api/traces/0af7651916cd43dd8448eb211c80319c');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });

  it('refuses a missing or wrong token on every traces endpoint', async () => {
    for (const path of ['/api/traces', '/api/traces/stats', '/api/traces/0af7651916cd43dd8448eb211c80319c']) {
      expect((await get(path, null)).status).toBe(401);
      expect((await get(path, 'wrong-token')).status).toBe(401);
    }
  });
});
