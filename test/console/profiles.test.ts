// On-demand profiles over the admin API while real clients send messages through a real node: the
// CPU profile is a valid .cpuprofile with the node's own functions in it; one capture at a time;
// the duration cap from [profiling] max_duration_s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuProfile, HeapProfile, ProfileStatus } from '../../embedded-server/admin/contract/profiles.js';
import { registerProfilesRoutes } from '../../embedded-server/admin/routes/profiles-routes.js';
import { startAdminServer, type AdminServer } from '../../embedded-server/admin/server/admin-server.js';
import { RouteTable } from '../../embedded-server/admin/server/route-table.js';
import { createProfiler } from '../../embedded-server/observability/profiling/profiler.js';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, xml, type TestClient } from '../support/xmpp-clients.js';

const TOKEN = 'profiles-test-token-0123456789abcdefghijklmnopqrstu';

describe('profiles over the admin API', () => {
  let t: TestNode;
  let admin: AdminServer;
  const clients: TestClient[] = [];
  const post = (path: string, body: unknown, token = TOKEN) =>
    fetch(`http://127.0.0.1:${admin.port}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const get = (path: string) => fetch(`http://127.0.0.1:${admin.port}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

  beforeAll(async () => {
    t = await startTestNode({ profiling: { max_duration_s: 5 } });
    for (const u of ['alice', 'bob']) await t.addUser(u, 'secret');
    clients.push(await connect({ service: t.tcpService, username: 'alice', password: 'secret', resource: 'r' }));
    clients.push(await connect({ service: t.wsService, username: 'bob', password: 'secret', resource: 'r' }));
    const routes = new RouteTable();
    const profiler = createProfiler({ maxDurationS: t.node.config.profiling.max_duration_s, log: t.node.c2s.log });
    registerProfilesRoutes(routes, { profiler, nodeName: t.node.config.general.node_name });
    admin = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log: t.node.c2s.log });
  });
  afterAll(async () => {
    for (const c of clients) await c.stop();
    await admin?.close();
    await t?.stop();
  });

  it("takes a CPU profile under message load that contains the node's own functions", async () => {
    const [alice, bob] = clients;
    let sending = true;
    let delivered = 0;
    alice.xmpp.on('stanza', (el) => {
      if (el.name === 'message') delivered++;
    });
    const load = (async () => {
      let n = 0;
      while (sending) {
        const batch = [];
        for (let i = 0; i < 20; i++) batch.push(bob.xmpp.send(xml('message', { to: alice.jid, type: 'chat' }, xml('body', {}, `m${n++}`))));
        await Promise.all(batch);
        await new Promise((r) => setImmediate(r));
      }
    })();

    const res = await post('/api/profiles/cpu', { duration_s: 1, sampling_interval_us: 100 });
    sending = false;
    await load;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="test1-\d{8}T\d{6}Z\.cpuprofile"$/);
    const profile = (await res.json()) as CpuProfile;

    expect(delivered).toBeGreaterThan(0);
    expect(profile.startTime).toBeLessThan(profile.endTime);
    expect(profile.samples?.length).toBeGreaterThan(100);
    expect(profile.timeDeltas?.length).toBe(profile.samples?.length);
    const ids = new Set(profile.nodes.map((n) => n.id));
    expect(profile.nodes.every((n) => typeof n.callFrame.functionName === 'string' && typeof n.callFrame.url === 'string')).toBe(true);
    expect(profile.samples?.every((id) => ids.has(id))).toBe(true);
    const ours = profile.nodes.filter((n) => n.callFrame.url.includes('embedded-server/'));
    const names = new Set(ours.map((n) => n.callFrame.functionName));
    expect(['route', 'handleStanza', 'routeMessage', 'deliver'].filter((name) => names.has(name))).not.toEqual([]);

    const logged = t.logs.filter((l) => l.what === 'profile_started' || l.what === 'profile_finished');
    expect(logged.map((l) => [l.what, l.kind])).toEqual([
      ['profile_started', 'cpu'],
      ['profile_finished', 'cpu'],
    ]);
    expect(logged[1].bytes).toBeGreaterThan(1000);
  });

  it('refuses a second profile while one runs and reports the running one', async () => {
    const first = post('/api/profiles/cpu', { duration_s: 1 });
    let status: ProfileStatus = { running: false };
    for (let i = 0; i < 100 && !status.running; i++) {
      status = (await (await get('/api/profiles/status')).json()) as ProfileStatus;
      if (!status.running) await new Promise((r) => setTimeout(r, 10));
    }
    expect(status).toMatchObject({ running: true, kind: 'cpu', durationS: 1, startedAt: expect.any(Number) });
    const second = await post('/api/profiles/heap', { duration_s: 1 });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('busy');
    expect((await first).status).toBe(200);
    expect(await (await get('/api/profiles/status')).json()).toEqual({ running: false });
  });

  it('caps the duration at [profiling] max_duration_s and validates the body', async () => {
    const over = await post('/api/profiles/cpu', { duration_s: 6 });
    expect(over.status).toBe(400);
    const body = (await over.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('max_duration_s');
    expect((await post('/api/profiles/cpu', { duration_s: -1 })).status).toBe(400);
    expect((await post('/api/profiles/cpu', { seconds: 1 })).status).toBe(400);
  });

  it('takes a sampling heap profile', async () => {
    // The profile holds only sampled allocations still live when it ends, and the node (in this
    // process) may allocate nothing that lives on in 0.3 s when idle: keep some alive meanwhile.
    const kept: string[][] = [];
    const allocating = setInterval(() => kept.push(Array.from({ length: 2_000 }, (_, i) => `kept-${kept.length}-${i}`)), 5);
    const res = await post('/api/profiles/heap', { duration_s: 0.3, sampling_interval_bytes: 4096 });
    clearInterval(allocating);
    expect(kept.length).toBeGreaterThan(0);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/\.heapprofile"$/);
    const profile = (await res.json()) as HeapProfile;
    expect(profile.head.callFrame.functionName).toBe('(root)');
    expect(profile.head.children.length).toBeGreaterThan(0);
  });

  it('refuses a wrong token', async () => {
    expect((await post('/api/profiles/cpu', { duration_s: 1 }, 'nope')).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${admin.port}/api/profiles/status`)).status).toBe(401);
  });
});
