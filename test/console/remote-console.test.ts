// The remote console over the admin WebSocket against a real node with real XMPP clients: helpers
// see the live node, every line is logged, read-only refuses changes, an endless loop is cut off
// while the node keeps routing, TAB completes on the node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleDeps } from '../../embedded-server/admin/console/console-helpers.js';
import { registerConsoleRoutes } from '../../embedded-server/admin/routes/console-routes.js';
import { startAdminServer, type AdminServer } from '../../embedded-server/admin/server/admin-server.js';
import { RouteTable } from '../../embedded-server/admin/server/route-table.js';
import type { RunningNode } from '../../embedded-server/node/start-node.js';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, xml, type TestClient } from '../support/xmpp-clients.js';
import { openConsole, type ConsoleClient } from './console-client.js';

const TOKEN = 'console-test-token-0123456789abcdefghijklmnopqrstuv';

/** What the lead's kick will do: end every session of the JID with a stream error. */
function kickFor(node: RunningNode) {
  return (jid: string): number => {
    const [bare, resource] = jid.split('/');
    let ended = 0;
    for (const s of [...node.sessions.resources(bare)]) {
      if (resource !== undefined && s.jid.resource !== resource) continue;
      node.runtime.send(s.pid, { type: 'close', condition: 'policy-violation', text: 'Kicked by an operator' });
      ended++;
    }
    return ended;
  };
}

const chat = (to: string, body: string) => xml('message', { to, type: 'chat' }, xml('body', {}, body));

describe('remote console over the admin WebSocket', () => {
  let t: TestNode;
  let admin: AdminServer;
  const clients: TestClient[] = [];
  const consoles: ConsoleClient[] = [];
  const open = async (query: Record<string, string> = {}) => {
    const c = await openConsole(admin.port, TOKEN, { terminal: 'false', ...query });
    consoles.push(c);
    await c.waitFor('meerkat(test1)> ');
    return c;
  };
  const login = async (user: string) => {
    const c = await connect({ service: t.tcpService, username: user, password: 'secret', resource: 'res' });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestNode();
    for (const u of ['alice', 'bob', 'carol']) await t.addUser(u, 'secret');
    const deps: ConsoleDeps = {
      nodeName: 'test1',
      runtime: t.node.runtime,
      sessions: t.node.sessions,
      storage: t.node.storage,
      c2sCounters: t.node.c2s.counters,
      kick: kickFor(t.node),
      log: t.node.c2s.log,
      evalTimeoutMs: 300,
    };
    const routes = new RouteTable();
    registerConsoleRoutes(routes, deps);
    admin = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log: t.node.c2s.log });
  });
  afterAll(async () => {
    for (const c of consoles) c.ws.terminate();
    for (const c of clients) await c.stop();
    await admin?.close();
    await t?.stop();
  });

  it("evaluates top('mailbox', 3) against the live node and logs the line first", async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    await login('carol');
    // Hold alice's connection process so the messages bob sends her pile up in its mailbox.
    const alicePid = [...t.node.sessions.resources('alice@localhost')][0].pid;
    t.node.runtime.suspend(alicePid);
    for (let i = 0; i < 5; i++) await bob.xmpp.send(chat(alice.jid, `queued ${i}`));
    for (let i = 0; i < 100 && t.node.runtime.info(alicePid)!.mailboxLength < 5; i++) await new Promise((r) => setTimeout(r, 10));

    const c = await open();
    c.send({ type: 'data', data: "top('mailbox', 3)\n" });
    const rows = await c.waitFor(/\]\nmeerkat\(test1\)> $/);
    expect(rows.match(/\bpid: \d+/g)).toHaveLength(3);
    expect(rows.match(/serves: '([^']+)'/)?.[1]).toBe(alice.jid);
    expect(rows.match(/mailboxLength: (\d+)/)?.[1]).toBe('5');

    const evalLine = t.logs.find((l) => l.what === 'console_eval' && l.code === "top('mailbox', 3)");
    expect(evalLine).toMatchObject({ mode: 'read_write', node: 'test1' });
    expect(evalLine?.session_id).toEqual(expect.any(String));
    expect(evalLine?.peer).toMatch(/^127\.0\.0\.1:\d+$/);

    t.node.runtime.resume(alicePid);
    await alice.waitFor((el) => el.name === 'message' && el.getChildText('body') === 'queued 4', 5000, 'the held messages');
  });

  it('prints 2 for 1 + 1 and reaches every helper', async () => {
    const c = await open();
    c.send({ type: 'data', data: '1 + 1\n' });
    await c.waitFor('> 2\n');
    c.send({ type: 'data', data: 'sessions().map((s) => s.jid).sort()\n' });
    await c.waitFor("[ 'alice@localhost/res', 'bob@localhost/res', 'carol@localhost/res' ]");
    c.send({ type: 'data', data: 'users(2)\n' });
    await c.waitFor("[ 'alice@localhost', 'bob@localhost' ]");
    c.send({ type: 'data', data: 'metrics().then((m) => m.sessions.total)\n' });
    await c.waitFor('> 3\n');
  });

  it('read-only refuses kick() and arbitrary code but answers inspection calls', async () => {
    const c = await open({ mode: 'read_only' });
    c.send({ type: 'data', data: 'kick("carol@localhost")\n' });
    await c.waitFor('Refused: this console is read-only');
    c.send({ type: 'data', data: '1 + 1\n' });
    await c.waitFor(/Refused[^]*Refused/);
    c.send({ type: 'data', data: "users(1)\n" });
    await c.waitFor("[ 'alice@localhost' ]");
    expect(c.text()).not.toContain('> 2\n');
    expect(t.node.sessions.hasSessions('carol@localhost')).toBe(true);
    expect(t.logs.some((l) => l.what === 'console_eval' && l.code === 'kick("carol@localhost")' && l.mode === 'read_only')).toBe(true);
  });

  it('kick() in a read-write console ends the session', async () => {
    const carol = clients[2];
    const streamError = new Promise<{ condition?: string }>((resolve) => carol.xmpp.once('error', resolve));
    const c = await open();
    c.send({ type: 'data', data: 'kick("carol@localhost")\n' });
    await c.waitFor("'ended 1 session of carol@localhost'");
    expect((await streamError).condition).toBe('policy-violation');
    for (let i = 0; i < 200 && t.node.sessions.hasSessions('carol@localhost'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(t.node.sessions.hasSessions('carol@localhost')).toBe(false);
  });

  it('cuts off an endless loop and the node keeps routing', async () => {
    const [alice, bob] = clients;
    const c = await open();
    c.send({ type: 'data', data: 'while (true) {}\n' });
    await c.waitFor('Interrupted: the line ran longer than 300 ms');
    await bob.xmpp.send(chat(alice.jid, 'after the loop'));
    await alice.waitFor((el) => el.name === 'message' && el.getChildText('body') === 'after the loop', 5000, 'message after the loop');
    c.send({ type: 'data', data: '"alive"\n' });
    await c.waitFor("'alive'");
  });

  it('completes on TAB in terminal mode, on the node', async () => {
    const c = await openConsole(admin.port, TOKEN, { cols: '120', rows: '40' });
    consoles.push(c);
    await c.waitFor('meerkat(test1)> ');
    c.send({ type: 'data', data: 'ses' });
    await c.waitFor('meerkat(test1)> ses');
    c.send({ type: 'data', data: '\t' });
    await c.waitFor('meerkat(test1)> sessions');
    c.send({ type: 'resize', cols: 100, rows: 30 });
    c.send({ type: 'data', data: '().length\r' });
    await c.waitFor(/sessions\(\)\.length\r\n2\r\n/);
  });

  it('ends with an exit event when the client sends eof', async () => {
    const c = await open();
    c.send({ type: 'data', data: '21 * 2\n' });
    c.send({ type: 'eof' });
    const closed = await c.closed;
    expect(closed.code).toBe(1000);
    expect(c.text()).toContain('42');
    expect(c.events.at(-1)).toEqual({ type: 'exit' });
  });

  it('refuses a missing or wrong token', async () => {
    await expect(openConsole(admin.port, 'wrong-token')).rejects.toThrow(/401/);
  });
});
