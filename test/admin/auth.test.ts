// Every admin endpoint and stream the node registers refuses a missing or wrong token with 401 and a
// body that holds nothing but the error, and the handler never runs (a DELETE or a kill changes nothing).
// The lists come from the route table, so routes added later are covered without editing this file.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint, Stream } from '../../embedded-server/admin/contract/define.js';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, type TestClient } from '../support/xmpp-clients.js';
import { startAdminHarness, type AdminHarness } from './admin-harness.js';

/** Path parameters point at things that exist, so a handler that ran would visibly change them. */
function concretePath(path: string, values: Record<string, string>): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, key: string) => encodeURIComponent(values[key] ?? 'x'));
}

function expectOnlyUnauthorized(status: number, body: unknown, what: string): void {
  expect(status, what).toBe(401);
  expect(body, what).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
}

describe('admin API authentication', () => {
  let t: TestNode;
  let admin: AdminHarness;
  let alice: TestClient;
  let victimPid: number;
  let endpoints: Endpoint[];
  let streams: Stream[];

  beforeAll(async () => {
    t = await startTestNode();
    await t.addUser('alice', 'wonderland');
    admin = await startAdminHarness(t);
    alice = await connect({ service: t.tcpService, username: 'alice', password: 'wonderland', resource: 'desk' });
    victimPid = t.node.runtime.spawn({ kind: 'auth-test', handle: () => {} });
    endpoints = admin.routes.endpoints();
    streams = admin.routes.streamDefinitions();
  });
  afterAll(async () => {
    await alice.stop();
    await admin.close();
    await t.stop();
  });

  const values = () => ({ pid: String(victimPid), jid: 'alice@localhost/desk' });
  const wrongTokens = (token: string): [string, string | null][] => [
    ['no authorization header', null],
    ['a wrong token of the same length', `Bearer ${randomBytes(token.length).toString('base64url').slice(0, token.length)}`],
    ['the token with one character more', `Bearer ${token}x`],
    ['the token without the Bearer scheme', token],
    ['the token as Basic credentials', `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`],
    ['an empty bearer', 'Bearer '],
  ];

  it('knows the routes it checks (the node area at least)', () => {
    const names = endpoints.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['node.info', 'sessions.kick', 'users.delete', 'processes.kill']));
    expect(streams.map((s) => s.name)).toContain('processes.trace');
    // Every area the node serves is covered, not only the ones this folder's tests exercise.
    const paths = endpoints.map((e) => e.path);
    for (const path of ['/metrics', '/api/logs', '/api/traces', '/api/profiles/cpu', '/api/node', '/api/users']) expect(paths).toContain(path);
    const streamPaths = streams.map((s) => s.path);
    for (const path of ['/api/streams/logs', '/api/streams/metrics', '/api/streams/console', '/api/streams/process-trace']) expect(streamPaths).toContain(path);
  });

  it('refuses every endpoint without the right token, and no handler runs', async () => {
    let checked = 0;
    for (const endpoint of endpoints) {
      const path = concretePath(endpoint.path, values());
      for (const [label, authorization] of wrongTokens(admin.token)) {
        const body = endpoint.method === 'GET' ? undefined : { jid: 'mallory@localhost', password: 'x', to: 'alice@localhost', body: 'x' };
        const reply = await admin.call(endpoint.method, path, { authorization, body });
        expectOnlyUnauthorized(reply.status, reply.body, `${endpoint.method} ${path} with ${label}`);
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer /);
        expect(reply.text).not.toContain(admin.token);
        checked++;
      }
    }
    expect(checked).toBe(endpoints.length * wrongTokens(admin.token).length);
    // Nothing happened: the session, the account and the process are all still there.
    expect(t.node.sessions.get('alice@localhost', 'desk')).toBeDefined();
    expect(await t.node.storage.users.exists('alice@localhost')).toBe(true);
    expect(await t.node.storage.users.exists('mallory@localhost')).toBe(false);
    expect(t.node.runtime.isAlive(victimPid)).toBe(true);
    expect(alice.received.filter((el) => el.is('message'))).toEqual([]);
  });

  it('refuses every stream without the right token, before the upgrade', async () => {
    for (const s of streams) {
      for (const [label, authorization] of wrongTokens(admin.token)) {
        const client = admin.openStream(`${s.path}?pid=${victimPid}`, authorization);
        const err = await client.opened.then(
          () => undefined,
          (e: { status?: number; text?: string }) => e,
        );
        expect(err?.status, `${s.path} with ${label}`).toBe(401);
        expectOnlyUnauthorized(401, JSON.parse(err?.text ?? 'null'), `${s.path} with ${label}`);
      }
    }
    expect(t.node.runtime.traceCount()).toBe(0);
  });

  it('serves the same routes with the right token (so the refusals above are about the token)', async () => {
    for (const endpoint of endpoints.filter((e) => e.method === 'GET' && !e.path.includes(':') && e.produces === undefined)) {
      const reply = await admin.call('GET', endpoint.path);
      expect(reply.status, `GET ${endpoint.path}: ${reply.text}`).not.toBe(401);
    }
    const info = await admin.call('GET', `/api/processes/${victimPid}`);
    expect(info.status).toBe(200);
  });

  it('logs refusals without the token that was tried', () => {
    const refusals = t.logs.filter((l) => l.what === 'admin_unauthorized');
    expect(refusals.length).toBeGreaterThanOrEqual(endpoints.length);
    expect(JSON.stringify(refusals)).not.toContain(admin.token);
  });
});
