// A real node (sockets, SQLite) logging through the node logging, real XMPP clients, and the logs
// API on a real admin server: a login shows up on the live stream and in queries with stable
// fields, and every line the node writes has a snake_case `what`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freePort } from '../../../test/support/test-node.js';
import { connect, xml, type TestClient } from '../../../test/support/xmpp-clients.js';
import { deriveScramCredentialsSync } from '../../base/sasl/scram-credentials.js';
import { defaultConfig, type NodeConfigInput } from '../../config/index.js';
import { startNode, type RunningNode } from '../../node/start-node.js';
import { createNodeLogging, type NodeLogging } from '../../observability/logging/node-logging.js';
import type { LogQueryResponse, LogRecord, LogStreamEvent } from '../contract/logs.js';
import { startAdminServer, type AdminServer } from '../server/admin-server.js';
import { ensureAdminToken } from '../server/admin-token.js';
import { RouteTable } from '../server/route-table.js';
import { registerLogsRoutes } from './logs-routes.js';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

let dataDir: string;
let logging: NodeLogging;
let node: RunningNode | undefined;
let admin: AdminServer;
let token: string;
let tcpService: string;
let wsService: string;

async function addUser(local: string, password: string): Promise<void> {
  await node!.storage.users.create({
    jid: `${local}@localhost`,
    credentials: { scramSha1: deriveScramCredentialsSync(password, 'sha1'), scramSha256: deriveScramCredentialsSync(password, 'sha256') },
  });
}

async function until(condition: () => boolean, label: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${label}`);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'meerkat-logs-node-'));
  const tcpPort = await freePort();
  const wsPort = await freePort();
  const config = defaultConfig({
    general: { hosts: ['localhost'], node_name: 'test1', data_dir: dataDir, loglevel: 'debug' },
    listen: { c2s: { host: '127.0.0.1', port: tcpPort, tls_mode: 'none' }, websocket: { host: '127.0.0.1', port: wsPort } },
    log: { stdout: false },
  } as NodeConfigInput);
  logging = createNodeLogging(config);
  node = await startNode(config, logging.log);
  tcpService = `xmpp://127.0.0.1:${tcpPort}`;
  wsService = `ws://127.0.0.1:${wsPort}/xmpp-websocket`;
  token = ensureAdminToken(dataDir).token;
  const routes = new RouteTable();
  registerLogsRoutes(routes, { ring: logging.ring, levels: logging.levels });
  admin = await startAdminServer({ host: '127.0.0.1', port: 0, token, routes, log: logging.moduleLogger('admin') });
  await addUser('alice', 'alice-secret');
  await addUser('bob', 'bob-secret');
});

afterAll(async () => {
  await admin?.close();
  await node?.stop('test finished');
  await logging?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('node logs over the admin API', () => {
  it('streams the lines of a real login and a message exchange, with stable fields, to a WebSocket client', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${admin.port}/api/streams/logs?jid=alice@localhost`, { headers: { authorization: `Bearer ${token}` } });
    const events: LogStreamEvent[] = [];
    ws.on('message', (data) => events.push(JSON.parse(data.toString()) as LogStreamEvent));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const records = (): LogRecord[] => events.flatMap((e) => (e.type === 'entries' ? e.entries : []));

    const clients: TestClient[] = [];
    try {
      const alice = await connect({ service: tcpService, username: 'alice', password: 'alice-secret', resource: 'phone' });
      clients.push(alice);
      const bob = await connect({ service: wsService, username: 'bob', password: 'bob-secret', resource: 'web' });
      clients.push(bob);
      await alice.xmpp.send(xml('message', { to: 'bob@localhost/web', type: 'chat', id: 'm1' }, xml('body', {}, 'hello bob')));
      await bob.waitFor((el) => el.is('message') && el.attrs.id === 'm1');

      await until(() => records().some((r) => r.what === 'session_opened'), 'session_opened on the stream');
      const opened = records().find((r) => r.what === 'session_opened')!;
      expect(opened).toMatchObject({ jid: 'alice@localhost/phone', node: 'test1', level: 30 });
      expect(typeof opened.pid).toBe('number');
      expect(opened.time).toBeGreaterThan(Date.now() - 60_000);
      const line = JSON.parse(opened.line) as Record<string, unknown>;
      expect(line).toMatchObject({ what: 'session_opened', jid: 'alice@localhost/phone', pid: opened.pid, node: 'test1', level: 30 });
      expect(new Date(line.time as string).getTime()).toBe(opened.time);
      // Only lines about alice were sent: the filter runs on the node.
      const jidsOnStream = records().flatMap((r) => [r.jid, r.from_jid, r.to_jid]).filter((j): j is string => j !== null);
      expect(jidsOnStream.length).toBeGreaterThan(0);
      expect(jidsOnStream.some((j) => j === 'alice@localhost' || j.startsWith('alice@localhost/'))).toBe(true);
      for (const r of records()) expect([r.jid, r.from_jid, r.to_jid].some((j) => j === 'alice@localhost' || j?.startsWith('alice@localhost/'))).toBe(true);
    } finally {
      for (const c of clients) await c.stop();
      ws.close();
    }

    const res = await fetch(`http://127.0.0.1:${admin.port}/api/logs?what=session_opened`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as LogQueryResponse;
    expect(body.entries.map((e) => e.jid).sort()).toEqual(['alice@localhost/phone', 'bob@localhost/web']);
  });

  it('writes a snake_case `what` on every line of the run', async () => {
    await node!.stop('checking the log');
    node = undefined;
    const entries = logging.ring.query({ limit: logging.ring.capacity }).entries;
    expect(entries.length).toBeGreaterThan(5);
    const offenders = entries.filter((e) => e.what === undefined || !SNAKE_CASE.test(e.what)).map((e) => e.line);
    expect(offenders).toEqual([]);
    expect(logging.ring.stats().withoutWhat).toBe(0);
  });
});
