// The logs endpoints and stream served by a real admin server (HTTP and WebSocket, with the token)
// in front of the node logging; lines are logged through its pino loggers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultConfig, type NodeConfigInput } from '../../config/index.js';
import { createNodeLogging, type NodeLogging } from '../../observability/logging/node-logging.js';
import type { LogLevelsResponse, LogQueryResponse, LogRecord, LogStreamEvent } from '../contract/logs.js';
import { startAdminServer, type AdminServer } from '../server/admin-server.js';
import { RouteTable } from '../server/route-table.js';
import { registerLogsRoutes } from './logs-routes.js';

const TOKEN = 'logs-test-token-0123456789abcdefghijklmnopq';

let dataDir: string;
let logging: NodeLogging;
let admin: AdminServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'meerkat-logs-routes-'));
  const config = defaultConfig({ general: { node_name: 'n1', data_dir: dataDir, loglevel: 'info' }, log: { stdout: false } } as NodeConfigInput);
  logging = createNodeLogging(config);
  const routes = new RouteTable();
  registerLogsRoutes(routes, { ring: logging.ring, levels: logging.levels, tail: { maxPending: 2000, intervalMs: 20 } });
  admin = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log: logging.moduleLogger('admin') });
});

afterAll(async () => {
  await admin.close();
  await logging.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call<T>(method: string, path: string, opts: { token?: string | null; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const token = opts.token === undefined ? TOKEN : opts.token;
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`http://127.0.0.1:${admin.port}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: res.status, body: (await res.json()) as T };
}

interface StreamClient {
  events: LogStreamEvent[];
  ws: WebSocket;
  records(): LogRecord[];
  close(): Promise<void>;
}

function openStream(query: string, token: string | null = TOKEN): Promise<StreamClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${admin.port}/api/streams/logs${query}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const events: LogStreamEvent[] = [];
  ws.on('message', (data) => events.push(JSON.parse(data.toString()) as LogStreamEvent));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        events,
        ws,
        records: () => events.flatMap((e) => (e.type === 'entries' ? e.entries : [])),
        close: () =>
          new Promise<void>((done) => {
            ws.once('close', () => done());
            ws.close();
          }),
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function until(condition: () => boolean, label: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${label}`);
}

beforeEach(() => {
  logging.levels.apply({ global: 'info', modules: Object.fromEntries(Object.keys(logging.levels.snapshot().modules).map((m) => [m, null])) });
});

describe('the admin token', () => {
  it('is required by every logs endpoint and by the stream', async () => {
    for (const token of [null, 'wrong-token']) {
      expect((await call('GET', '/api/logs', { token })).status).toBe(401);
      expect((await call('GET', '/api/logs/levels', { token })).status).toBe(401);
      expect((await call('PUT', '/api/logs/levels', { token, body: { global: 'trace' } })).status).toBe(401);
      await expect(openStream('', token)).rejects.toThrow('HTTP 401');
    }
    expect(logging.levels.global).toBe('info');
  });
});

describe('GET /api/logs', () => {
  it('returns the newest matching lines first, with their fields and the raw line', async () => {
    const c2s = logging.moduleLogger('c2s').child({ pid: 5 });
    c2s.info({ what: 'session_opened', jid: 'alice@localhost/phone' });
    c2s.warn({ what: 'c2s_stream_error', jid: 'alice@localhost/phone', condition: 'not-well-formed' });
    logging.log.info({ what: 'node_started' });
    const { status, body } = await call<LogQueryResponse>('GET', '/api/logs?jid=alice@localhost&limit=10');
    expect(status).toBe(200);
    expect(body.entries.map((e) => e.what)).toEqual(['c2s_stream_error', 'session_opened']);
    const [latest] = body.entries;
    expect(latest).toMatchObject({ level: 40, module: 'c2s', pid: 5, jid: 'alice@localhost/phone', node: 'n1', trace_id: null });
    expect(JSON.parse(latest.line)).toMatchObject({ what: 'c2s_stream_error', condition: 'not-well-formed' });
    expect(body.newestSeq).toBeGreaterThanOrEqual(latest.seq);
  });

  it('filters by level, what lists and prefixes, module, pid and text', async () => {
    const log = logging.moduleLogger('router');
    log.info({ what: 'message_routed', pid: 77, to_jid: 'bob@localhost' });
    log.error({ what: 'route_failed', pid: 77, reason: 'Remote Server Timeout' });
    const q = async (query: string) => (await call<LogQueryResponse>('GET', `/api/logs?${query}`)).body.entries.map((e) => e.what);
    expect(await q('pid=77&level=error')).toEqual(['route_failed']);
    expect(await q('pid=77&what=message_routed,route_*')).toEqual(['route_failed', 'message_routed']);
    expect(await q('module=router&text=remote%20server')).toEqual(['route_failed']);
    expect(await q('jid=bob@localhost&module=router')).toEqual(['message_routed']);
  });

  it('pages forward after `since`, oldest first', async () => {
    logging.log.info({ what: 'page_marker' });
    const { body: before } = await call<LogQueryResponse>('GET', '/api/logs?what=page_marker&limit=1');
    const since = before.entries[0].seq;
    for (let i = 0; i < 5; i++) logging.log.info({ what: 'page_line', i });
    const { body } = await call<LogQueryResponse>('GET', `/api/logs?since=${since}&what=page_line&limit=3`);
    expect(body.entries.map((e) => JSON.parse(e.line).i)).toEqual([0, 1, 2]);
    const { body: next } = await call<LogQueryResponse>('GET', `/api/logs?since=${body.entries[2].seq}&what=page_line`);
    expect(next.entries.map((e) => JSON.parse(e.line).i)).toEqual([3, 4]);
    expect(next.missed).toBe(0);
  });

  it('refuses bad filters with 400', async () => {
    expect((await call('GET', '/api/logs?level=loud')).status).toBe(400);
    expect((await call('GET', '/api/logs?limit=0')).status).toBe(400);
    expect((await call('GET', '/api/logs?colour=red')).status).toBe(400);
  });
});

describe('/api/logs/levels', () => {
  it('reads and changes the global and module levels at run time', async () => {
    const c2s = logging.moduleLogger('c2s');
    c2s.debug({ what: 'debug_before' });
    const { status, body } = await call<LogLevelsResponse>('PUT', '/api/logs/levels', { body: { modules: { c2s: 'debug' } } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ global: 'info', modules: { c2s: 'debug' } });
    expect(body.loggers.c2s).toBe('debug');
    c2s.debug({ what: 'debug_after' });
    const seen = (await call<LogQueryResponse>('GET', '/api/logs?what=debug_*')).body.entries.map((e) => e.what);
    expect(seen).toEqual(['debug_after']);

    await call('PUT', '/api/logs/levels', { body: { global: 'warn', modules: { c2s: null } } });
    const { body: now } = await call<LogLevelsResponse>('GET', '/api/logs/levels');
    expect(now).toMatchObject({ global: 'warn', modules: {} });
    expect(now.loggers.c2s).toBe('warn');
    expect(c2s.isLevelEnabled('info')).toBe(false);
  });

  it('refuses an unknown level or key with 400 and changes nothing', async () => {
    expect((await call('PUT', '/api/logs/levels', { body: { global: 'verbose' } })).status).toBe(400);
    expect((await call('PUT', '/api/logs/levels', { body: { modules: { c2s: 'loud' } } })).status).toBe(400);
    expect((await call('PUT', '/api/logs/levels', { body: { level: 'debug' } })).status).toBe(400);
    expect(logging.levels.snapshot()).toMatchObject({ global: 'info', modules: {} });
  });
});

describe('/api/streams/logs', () => {
  it('sends matching lines in batches, filtered on the node', async () => {
    const client = await openStream('?what=stream_*&module=c2s');
    const log = logging.moduleLogger('c2s');
    for (let i = 0; i < 30; i++) log.info({ what: i % 2 === 0 ? 'stream_even' : 'stream_odd', i });
    logging.moduleLogger('router').info({ what: 'stream_other_module' });
    logging.moduleLogger('c2s').info({ what: 'not_streamed' });
    await until(() => client.records().length === 30, '30 entries');
    expect(client.records().map((r) => JSON.parse(r.line).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(client.events.every((e) => e.type === 'entries')).toBe(true);
    await client.close();
  });

  it('resumes after `since` with the lines logged in between', async () => {
    logging.log.info({ what: 'resume_a' });
    const { body } = await call<LogQueryResponse>('GET', '/api/logs?what=resume_a&limit=1');
    logging.log.info({ what: 'resume_b' });
    logging.log.info({ what: 'resume_c' });
    const client = await openStream(`?since=${body.entries[0].seq}&what=resume_*`);
    await until(() => client.records().length === 2, 'the missed lines');
    expect(client.records().map((r) => r.what)).toEqual(['resume_b', 'resume_c']);
    await client.close();
  });

  it('stops the work for a client when its socket closes', async () => {
    const before = logging.ring.stats().subscribers;
    const client = await openStream('');
    await until(() => logging.ring.stats().subscribers === before + 1, 'the subscription');
    client.ws.terminate();
    await until(() => logging.ring.stats().subscribers === before, 'the subscription to end');
  });

  it('drops lines for a client that stops reading, says how many, and never holds up logging', async () => {
    const client = await openStream('?what=flood');
    // The client stops reading: its socket, then the server's send buffer, fill up.
    (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const log = logging.moduleLogger('flood');
    const padding = 'x'.repeat(2000);
    const lines = 20_000;
    for (let i = 0; i < lines; ) {
      for (const end = i + 200; i < end; i++) log.info({ what: 'flood', i, padding });
      await new Promise((r) => setImmediate(r));
    }
    // Logging itself lost nothing: every line is in the ring.
    expect(logging.ring.query({ limit: lines + 1, what: ['flood'] }).entries).toHaveLength(lines);
    (client.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const dropped = () => client.events.reduce((n, e) => n + (e.type === 'dropped' ? e.count : 0), 0);
    await until(() => client.records().length + dropped() === lines, 'every line delivered or counted');
    expect(dropped()).toBeGreaterThan(0);
    // Whatever was delivered is in order, and the last line logged made it.
    const numbers = client.records().map((r) => JSON.parse(r.line).i as number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers[numbers.length - 1]).toBe(lines - 1);
    await client.close();
  });
});
