// The observability of a node assembled as `meerkat-node start` assembles it, seen through its own
// admin API while real clients use it: log lines with stable fields and trace ids, a trace covering
// a stanza's path, Prometheus metrics that promtool accepts and that move with traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../embedded-server/admin/contract/logs.js';
import type { TraceDetail, TraceSummary } from '../../embedded-server/admin/contract/traces.js';
import { promtoolCheckMetrics } from '../../embedded-server/observability/metrics/promtool-check.js';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, xml, type TestClient } from '../support/xmpp-clients.js';

describe('a node observed through its admin API', () => {
  let t: TestNode;
  let alice: TestClient;
  let bob: TestClient;
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(t.adminUrl + path, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? await res.json() : await res.text()) as T;
  };
  /** Sum of the samples of `name` whose labels include all of `labels`. */
  const counter = (text: string, name: string, labels: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) && labels.split(',').every((lab) => l.includes(lab)))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);

  beforeAll(async () => {
    t = await startTestNode({ tracing: { sample_ratio: 1 } });
    await t.addUser('alice', 'pw');
    await t.addUser('bob', 'pw');
  });
  afterAll(async () => {
    await alice?.stop();
    await bob?.stop();
    await t.stop();
  });

  it('logs a login with stable fields and its trace id', async () => {
    alice = await connect({ service: t.tcpService, username: 'alice', password: 'pw', resource: 'desk' });
    const { entries } = await api<{ entries: LogRecord[] }>('/api/logs?what=session_opened&jid=alice@localhost');
    expect(entries.length).toBe(1);
    const line = JSON.parse(entries[0].line) as Record<string, unknown>;
    expect(line).toMatchObject({ what: 'session_opened', jid: 'alice@localhost/desk', node: 'test1', module: 'c2s', transport: 'tcp' });
    expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(entries[0].trace_id).toBe(line.trace_id);
    const bind = await api<TraceDetail>(`/api/traces/${String(line.trace_id)}`);
    expect(bind.spans.map((s) => s.name)).toContain('c2s.bind');
  });

  it('keeps a trace whose spans cover a message from receive to delivery', async () => {
    bob = await connect({ service: t.wsService, username: 'bob', password: 'pw', resource: 'web' });
    await alice.xmpp.send(xml('message', { to: 'bob@localhost', type: 'chat', id: 'traced-1' }, xml('body', {}, 'hello')));
    await bob.waitFor((el) => el.attrs.id === 'traced-1');
    let found: TraceSummary | undefined;
    await expect
      .poll(async () => {
        const { traces } = await api<{ traces: TraceSummary[] }>('/api/traces?jid=bob@localhost&span_name=c2s.deliver&limit=50');
        found = traces.find((tr) => tr.rootName === 'c2s.receive');
        return found !== undefined;
      })
      .toBe(true);
    const detail = await api<TraceDetail>(`/api/traces/${found?.traceId}`);
    const byName = new Map(detail.spans.map((s) => [s.name, s]));
    for (const name of ['c2s.receive', 'hooks.user_send_packet', 'router.route', 'c2s.deliver']) expect(byName.has(name), name).toBe(true);
    const receive = byName.get('c2s.receive');
    expect(byName.get('router.route')?.parentSpanId).toBe(receive?.spanId);
    expect(byName.get('c2s.deliver')?.parentSpanId).toBe(byName.get('router.route')?.spanId);
  });

  it('keeps the trace of a message bounced after a storage lookup as an error', async () => {
    await alice.xmpp.send(xml('message', { to: 'ghost@localhost', type: 'chat', id: 'ghost-1' }, xml('body', {}, 'anyone?')));
    await alice.waitFor((el) => el.attrs.id === 'ghost-1' && el.attrs.type === 'error');
    let found: TraceSummary | undefined;
    await expect
      .poll(async () => {
        const { traces } = await api<{ traces: TraceSummary[] }>('/api/traces?errors_only=true&jid=ghost@localhost&limit=20');
        found = traces[0];
        return found !== undefined;
      })
      .toBe(true);
    const detail = await api<TraceDetail>(`/api/traces/${found?.traceId}`);
    const offline = detail.spans.find((sp) => sp.name === 'offline.store');
    expect(offline?.status.code).toBe('error');
  });

  it('serves /metrics that promtool accepts, with counters that move with traffic', async () => {
    const before = await api<string>('/metrics');
    const check = await promtoolCheckMetrics(before);
    expect(check.output).toBe('');
    expect(check.exitCode).toBe(0);
    const inBefore = counter(before, 'xmpp_stanzas_in_total', 'kind="message"');
    const deliveredBefore = counter(before, 'xmpp_routed_total', 'kind="message",outcome="delivered"');
    for (let i = 0; i < 5; i++) await alice.xmpp.send(xml('message', { to: 'bob@localhost', type: 'chat', id: `m-${i}` }, xml('body', {}, 'x')));
    await bob.waitFor((el) => el.attrs.id === 'm-4');
    const after = await api<string>('/metrics');
    expect(counter(after, 'xmpp_stanzas_in_total', 'kind="message"')).toBe(inBefore + 5);
    expect(counter(after, 'xmpp_routed_total', 'kind="message",outcome="delivered"')).toBe(deliveredBefore + 5);
    expect(counter(after, 'xmpp_logins_total', 'result="ok"')).toBeGreaterThanOrEqual(2);
  });
});
