// The process-trace stream on a real client's c2s process: it reports the stanzas the process
// receives and sends, and switches itself off at its event limit, above its rate, when the process
// exits, and when its viewer goes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessTraceEvent } from '../../embedded-server/admin/contract/processes.js';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, xml, type TestClient } from '../support/xmpp-clients.js';
import { startAdminHarness, type AdminHarness } from './admin-harness.js';

type Stopped = Extract<ProcessTraceEvent, { type: 'stopped' }>;
type Traced = Extract<ProcessTraceEvent, { type: 'received' | 'sent' }>;

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(cond()).toBe(true);
}

describe('process trace stream', () => {
  let t: TestNode;
  let admin: AdminHarness;
  let alice: TestClient;
  let bob: TestClient;
  const bobPid = () => t.node.sessions.get('bob@localhost', 'desk')!.pid;

  beforeAll(async () => {
    t = await startTestNode();
    await t.addUser('alice', 'wonderland');
    await t.addUser('bob', 'builder');
    admin = await startAdminHarness(t);
    alice = await connect({ service: t.tcpService, username: 'alice', password: 'wonderland', resource: 'desk' });
    bob = await connect({ service: t.wsService, username: 'bob', password: 'builder', resource: 'desk' });
  });
  afterAll(async () => {
    await alice.stop();
    await bob.stop();
    await admin.close();
    await t.stop();
  });

  const sendToBob = (n: number, tag: string) =>
    Promise.all(Array.from({ length: n }, (_, i) => alice.xmpp.send(xml('message', { to: 'bob@localhost/desk', type: 'chat', id: `${tag}-${i}` }, xml('body', {}, `${tag} ${i}`)))));

  it('stops by itself after max_events while the process gets real traffic', async () => {
    const pid = bobPid();
    const trace = admin.openStream<ProcessTraceEvent>(`/api/streams/process-trace?pid=${pid}&max_events=5&max_rate=1000`);
    await trace.opened;
    await until(() => t.node.runtime.traceCount(pid) === 1);
    await sendToBob(20, 'limit');
    const stopped = (await trace.waitFor((e) => e.type === 'stopped')) as Stopped;
    expect(stopped).toEqual({ type: 'stopped', reason: 'max_events', events: 5, dropped: 0 });
    const traced = trace.events.filter((e): e is Traced => e.type === 'received' || e.type === 'sent');
    expect(traced).toHaveLength(5);
    expect(trace.events.at(-1)).toBe(stopped);
    for (const e of traced) expect(e.pid).toBe(pid);
    // Alice's messages arrive in bob's mailbox as stanzas routed by her c2s process, rendered as XML.
    const first = traced.find((e) => e.type === 'received')!;
    expect(first.message).toMatch(/^<message [^>]*id="limit-0"[^>]*>.*<body>limit 0<\/body><\/message>$/);
    expect(first.peer_pid).toBe(t.node.sessions.get('alice@localhost', 'desk')!.pid);
    expect((await trace.closed).code).toBe(1000);
    expect(t.node.runtime.traceCount()).toBe(0);
    // Bob got all of them: tracing did not disturb delivery.
    await bob.waitFor((el) => el.attrs.id === 'limit-19');
    const log = t.logs.findLast((l) => l.what === 'admin_trace_stopped');
    expect(log).toMatchObject({ pid, reason: 'max_events', events: 5 });
  });

  it("reports what the traced process sends to another process, with the recipient's pid", async () => {
    const alicePid = t.node.sessions.get('alice@localhost', 'desk')!.pid;
    const trace = admin.openStream<ProcessTraceEvent>(`/api/streams/process-trace?pid=${encodeURIComponent(`<0.${alicePid}.0>`)}&max_events=100&max_rate=1000`);
    await trace.opened;
    await until(() => t.node.runtime.traceCount(alicePid) === 1);
    await sendToBob(1, 'outbound');
    const sent = (await trace.waitFor((e) => e.type === 'sent' && e.message.includes('outbound 0'))) as Traced;
    expect(sent.peer_pid).toBe(bobPid());
    trace.ws.close();
    await trace.closed;
    await until(() => t.node.runtime.traceCount() === 0);
    expect(t.logs.findLast((l) => l.what === 'admin_trace_stopped')).toMatchObject({ pid: alicePid, reason: 'client_gone' });
  });

  it('stops when the rate limit is exceeded', async () => {
    const pid = bobPid();
    const trace = admin.openStream<ProcessTraceEvent>(`/api/streams/process-trace?pid=${pid}&max_events=1000&max_rate=3`);
    await trace.opened;
    await until(() => t.node.runtime.traceCount(pid) === 1);
    await sendToBob(30, 'burst');
    const stopped = (await trace.waitFor((e) => e.type === 'stopped')) as Stopped;
    expect(stopped.reason).toBe('rate_limit');
    expect(stopped.events).toBeLessThan(30);
    expect(t.node.runtime.traceCount()).toBe(0);
  });

  it('stops when the traced process exits', async () => {
    const phone = await connect({ service: t.tcpService, username: 'alice', password: 'wonderland', resource: 'phone' });
    const pid = t.node.sessions.get('alice@localhost', 'phone')!.pid;
    const trace = admin.openStream<ProcessTraceEvent>(`/api/streams/process-trace?pid=${pid}&max_events=1000&max_rate=1000`);
    await trace.opened;
    await until(() => t.node.runtime.traceCount(pid) === 1);
    await phone.stop();
    const stopped = (await trace.waitFor((e) => e.type === 'stopped')) as Stopped;
    expect(stopped.reason).toBe('process_exited');
    expect(t.node.runtime.traceCount()).toBe(0);
  });

  it('answers an unknown pid with an error event and closes; a malformed filter is refused at the upgrade', async () => {
    const trace = admin.openStream<ProcessTraceEvent>('/api/streams/process-trace?pid=999999');
    await trace.opened;
    await trace.closed;
    expect(trace.events).toEqual([{ type: 'error', error: { code: 'not_found', message: 'No process <0.999999.0>' } }]);
    const bad = admin.openStream<ProcessTraceEvent>('/api/streams/process-trace?pid=1&max_events=0');
    const err = await bad.opened.then(
      () => undefined,
      (e: { status?: number }) => e,
    );
    expect(err?.status).toBe(400);
  });
});
