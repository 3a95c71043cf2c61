// The node, session, user and message endpoints with real clients: kicking a session (the client
// gets a stream error), creating an account over the API and logging in with it, deleting it
// (sessions end, remove_user runs, login fails), and messages sent as the server, online and offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeInfo } from '../../embedded-server/admin/contract/node.js';
import type { KickResult, SentMessage, SessionList } from '../../embedded-server/admin/contract/sessions.js';
import type { UserDeleted, UserList } from '../../embedded-server/admin/contract/users.js';
import { MODULE_IDS } from '../../embedded-server/config/index.js';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, xml, type TestClient } from '../support/xmpp-clients.js';
import { startAdminHarness, type AdminHarness } from './admin-harness.js';

/** Resolves with the condition of the stream error the client gets. */
function streamErrorOf(c: TestClient): Promise<string> {
  return new Promise((resolve) => c.xmpp.on('error', (e: { condition?: string }) => resolve(e.condition ?? 'no condition')));
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await cond()).toBe(true);
}

// c2s-connection.ts maps the kick reason ({error:'kicked'}) to a stream error; until it has its own
// mapping (policy-violation, "Kicked by an operator") it falls under internal-server-error.
const KICK_CONDITIONS = ['policy-violation'];

describe('node, sessions, users and messages', () => {
  let t: TestNode;
  let admin: AdminHarness;
  const clients: TestClient[] = [];
  const login = async (username: string, password: string, resource: string, service?: string) => {
    const c = await connect({ service: service ?? t.tcpService, username, password, resource });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestNode();
    await t.addUser('alice', 'wonderland');
    await t.addUser('bob', 'builder');
    admin = await startAdminHarness(t);
  });
  afterAll(async () => {
    for (const c of clients) await c.stop();
    await admin.close();
    await t.stop();
  });

  it('describes the node', async () => {
    const alice = await login('alice', 'wonderland', 'node-info');
    const info = await admin.ok<NodeInfo>('GET', '/api/node');
    expect(info).toMatchObject({ node: 'test1', hosts: ['localhost'], os_pid: process.pid, started_at_ms: t.node.startedAt });
    expect(info.listeners).toEqual(
      expect.arrayContaining([
        { name: 'c2s', host: '127.0.0.1', port: t.tcpPort },
        { name: 'websocket', host: '127.0.0.1', port: t.wsPort },
      ]),
    );
    expect(info.modules.sort()).toEqual([...MODULE_IDS].sort());
    expect(info.counts).toEqual({ sessions: t.node.sessions.count(), users_online: t.node.sessions.userCount(), processes: t.node.runtime.count() });
    expect(info.counts.sessions).toBeGreaterThanOrEqual(1);
    expect(info.memory.rss_bytes).toBeGreaterThan(info.memory.heap_used_bytes);
    expect(info.uptime_s).toBeGreaterThanOrEqual(0);
    await alice.stop();
  });

  it("lists sessions with their last presence and kicks one full JID; the client gets a stream error", async () => {
    const desk = await login('alice', 'wonderland', 'desk');
    const phone = await login('alice', 'wonderland', 'phone', t.wsService);
    await phone.xmpp.send(xml('presence', {}, xml('show', {}, 'away'), xml('status', {}, 'at lunch'), xml('priority', {}, '5')));
    await until(() => t.node.sessions.get('alice@localhost', 'phone')?.priority === 5);

    const list = await admin.ok<SessionList>('GET', '/api/sessions?user=Alice@LocalHost');
    expect(list.total).toBe(2);
    const byJid = Object.fromEntries(list.sessions.map((s) => [s.jid, s]));
    expect(byJid['alice@localhost/phone']).toMatchObject({ bare: 'alice@localhost', transport: 'websocket', available: true, priority: 5, show: 'away', status: 'at lunch' });
    expect(byJid['alice@localhost/desk']).toMatchObject({ transport: 'tcp', available: true, pid: t.node.sessions.get('alice@localhost', 'desk')!.pid });
    expect(byJid['alice@localhost/desk'].show).toBeUndefined();
    const page = await admin.ok<SessionList>('GET', '/api/sessions?limit=1');
    expect(page.sessions).toHaveLength(1);
    expect(page.total).toBe(t.node.sessions.count());

    const deskError = streamErrorOf(desk);
    const kicked = await admin.ok<KickResult>('DELETE', `/api/sessions/${encodeURIComponent('alice@localhost/desk')}`);
    expect(kicked.kicked).toEqual([{ jid: 'alice@localhost/desk', pid: byJid['alice@localhost/desk'].pid }]);
    expect(KICK_CONDITIONS).toContain(await deskError);
    expect(t.node.sessions.get('alice@localhost', 'desk')).toBeUndefined();
    expect(t.node.sessions.get('alice@localhost', 'phone')).toBeDefined();
    expect(t.logs.findLast((l) => l.what === 'admin_session_kicked')).toMatchObject({ jid: 'alice@localhost/desk' });

    const again = await admin.call('DELETE', `/api/sessions/${encodeURIComponent('alice@localhost/desk')}`);
    expect(again.status).toBe(404);
    const bare = await admin.call('DELETE', `/api/sessions/${encodeURIComponent('alice@localhost')}`);
    expect(bare.status).toBe(400);
    await phone.stop();
  });

  it("kicks all of a user's sessions", async () => {
    const one = await login('bob', 'builder', 'one');
    const two = await login('bob', 'builder', 'two', t.wsService);
    const errors = Promise.all([streamErrorOf(one), streamErrorOf(two)]);
    const kicked = await admin.ok<KickResult>('DELETE', '/api/sessions?user=bob@localhost');
    expect(kicked.kicked.map((k) => k.jid).sort()).toEqual(['bob@localhost/one', 'bob@localhost/two']);
    for (const condition of await errors) expect(KICK_CONDITIONS).toContain(condition);
    expect(t.node.sessions.hasSessions('bob@localhost')).toBe(false);
    expect((await admin.ok<KickResult>('DELETE', '/api/sessions?user=bob@localhost')).kicked).toEqual([]);
  });

  it('creates an account over the API that a real client logs in with; the password is never logged', async () => {
    const created = await admin.call('POST', '/api/users', { body: { jid: 'Dave@LocalHost', password: 'correct horse battery' } });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ jid: 'dave@localhost' });
    const dave = await login('dave', 'correct horse battery', 'laptop');
    expect(dave.jid).toBe('dave@localhost/laptop');

    const list = await admin.ok<UserList>('GET', '/api/users?host=localhost');
    expect(list.total).toBe(3);
    expect(list.users).toEqual([
      { jid: 'alice@localhost', sessions: [...t.node.sessions.resources('alice@localhost')].length },
      { jid: 'bob@localhost', sessions: 0 },
      { jid: 'dave@localhost', sessions: 1 },
    ]);
    expect((await admin.ok<UserList>('GET', '/api/users?limit=1&offset=2')).users.map((u) => u.jid)).toEqual(['dave@localhost']);

    const exists = await admin.call('POST', '/api/users', { body: { jid: 'dave@localhost', password: 'another one' } });
    expect(exists.status).toBe(409);
    expect(exists.body).toMatchObject({ error: { code: 'conflict' } });
    for (const jid of ['not a jid@@', 'eve@example.org', 'eve@localhost/res', 'localhost']) {
      const bad = await admin.call('POST', '/api/users', { body: { jid, password: 'x' } });
      expect(bad.status, jid).toBe(400);
    }
    expect((await admin.call('POST', '/api/users', { body: { jid: 'eve@localhost', password: '' } })).status).toBe(400);
    expect((await admin.call('GET', '/api/users?host=example.org')).status).toBe(400);
    expect(JSON.stringify(t.logs)).not.toContain('correct horse battery');
    expect(JSON.stringify(t.logs)).not.toContain('another one');
    expect(t.logs.findLast((l) => l.what === 'admin_user_created')).toMatchObject({ jid: 'dave@localhost' });
  });

  it('deletes an account: its sessions end, remove_user runs, and it can no longer log in', async () => {
    const removed: string[] = [];
    const unhook = t.node.hooks.add('admin-test', [{ hook: 'remove_user', priority: 0, handler: (acc, { user }) => (removed.push(user), acc) }]);
    const dave = clients.find((c) => c.jid === 'dave@localhost/laptop')!;
    const daveError = streamErrorOf(dave);
    const deleted = await admin.ok<UserDeleted>('DELETE', '/api/users/dave@localhost');
    expect(deleted).toEqual({ jid: 'dave@localhost', kicked_sessions: 1 });
    expect(KICK_CONDITIONS).toContain(await daveError);
    expect(removed).toEqual(['dave@localhost']);
    expect(await t.node.storage.users.exists('dave@localhost')).toBe(false);
    const err = await connect({ service: t.tcpService, username: 'dave', password: 'correct horse battery' }).then(
      () => undefined,
      (e: { condition?: string }) => e,
    );
    expect(err?.condition).toBe('not-authorized');
    expect((await admin.call('DELETE', '/api/users/dave@localhost')).status).toBe(404);
    unhook();
  });

  it('sends a message as the server to a real client', async () => {
    const alice = await login('alice', 'wonderland', 'inbox');
    const sent = await admin.ok<SentMessage>('POST', '/api/messages', { to: 'alice@localhost/inbox', body: 'Maintenance at 22:00' });
    expect(sent).toMatchObject({ from: 'localhost', to: 'alice@localhost/inbox', type: 'chat' });
    const got = await alice.waitFor((el) => el.is('message') && el.attrs.id === sent.id);
    expect(got.attrs).toMatchObject({ from: 'localhost', type: 'chat' });
    expect(got.getChildText('body')).toBe('Maintenance at 22:00');

    const announce = await admin.ok<SentMessage>('POST', '/api/messages', { to: 'alice@localhost', body: 'Hello', type: 'headline', from: 'announce@localhost' });
    const headline = await alice.waitFor((el) => el.attrs.id === announce.id);
    expect(headline.attrs).toMatchObject({ from: 'announce@localhost', type: 'headline' });
    expect(t.logs.findLast((l) => l.what === 'admin_message_sent')).toMatchObject({ id: announce.id, to_jid: 'alice@localhost' });
    expect(JSON.stringify(t.logs.filter((l) => l.what === 'admin_message_sent'))).not.toContain('Maintenance');

    expect((await admin.call('POST', '/api/messages', { body: { to: 'someone@example.org', body: 'x' } })).status).toBe(400);
    expect((await admin.call('POST', '/api/messages', { body: { to: 'alice@localhost', body: 'x', from: 'ops@example.org' } })).status).toBe(400);
    expect((await admin.call('POST', '/api/messages', { body: { to: 'alice@localhost', body: 'x', type: 'groupchat' } })).status).toBe(400);
  });

  it('stores a message for an offline user, delivered at login (offline storage applies)', async () => {
    expect(t.node.sessions.hasSessions('bob@localhost')).toBe(false);
    const sent = await admin.ok<SentMessage>('POST', '/api/messages', { to: 'bob@localhost', body: 'While you were out' });
    await until(async () => (await t.node.storage.offline.count('bob@localhost')) === 1);
    const bob = await login('bob', 'builder', 'back');
    const got = await bob.waitFor((el) => el.is('message') && el.attrs.id === sent.id);
    expect(got.getChildText('body')).toBe('While you were out');
  });
});
