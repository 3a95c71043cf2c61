// The SpanStack (Telemetry.spans) as the stanza path uses it: spans as slots of a pooled trace
// record, a span parked in a message and ended by another process, reused clock readings, and
// records reused only when nothing can still reach the trace they held.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseJid } from '../../base/jid.js';
import { stanzaMeta } from '../../core/telemetry.js';
import { createNodeTracing, type NodeTracingOptions } from './node-tracing.js';

const T0 = 1_800_000_000_000;

/** A tracing whose clock moves 1 ms per read, so a reused reading shows as equal times. */
function setup(opts: Partial<NodeTracingOptions> = {}) {
  const clock = { ms: T0, reads: 0 };
  const tracing = createNodeTracing({
    nodeName: 'n1',
    sampleRatio: 1,
    slowThresholdMs: 10_000,
    maxTraces: 100,
    sweepIntervalMs: 0,
    now: () => {
      clock.reads++;
      clock.ms += 1;
      return clock.ms;
    },
    ...opts,
  });
  return { tracing, spans: tracing.spans, clock };
}

/** The stanza path's shape: receive → hooks, then route → deliver parked in a message. */
function stanza(spans: ReturnType<typeof setup>['spans'], to = parseJid('bob@localhost/laptop')) {
  const meta = stanzaMeta(0);
  spans.open('c2s.receive');
  spans.attribute('xmpp.from', parseJid('alice@localhost/phone'));
  spans.attribute('xmpp.kind', 'message');
  spans.open('hooks.user_send_packet');
  spans.close();
  spans.open('router.route');
  spans.attribute('xmpp.to', to.bare());
  spans.open('c2s.deliver');
  spans.attribute('xmpp.to', to);
  spans.attribute('runtime.pid', 7);
  spans.park(meta);
  spans.close();
  spans.close();
  return meta;
}

/** A receive span described from its subject, and a parked deliver span. */
function stanzaDescribed<T>(spans: ReturnType<typeof setup>['spans'], describe: (subject: T) => Record<string, string>, subject: T) {
  const meta = stanzaMeta(0);
  spans.open('c2s.receive');
  spans.describe(describe, subject);
  spans.attribute('runtime.pid', 3);
  spans.open('c2s.deliver');
  spans.park(meta);
  spans.close();
  return meta;
}

describe('SpanStack', () => {
  it('records the stanza path as one trace, decided when the parked span ends', () => {
    const { tracing, spans } = setup();
    const meta = stanza(spans);
    expect(tracing.stats().openTraces).toBe(1);
    expect(tracing.store.size).toBe(0);
    spans.closeParked(meta);
    spans.closeParked(meta);
    expect(tracing.stats().openTraces).toBe(0);
    const [summary] = tracing.store.list({ limit: 1 });
    expect(summary).toMatchObject({ rootName: 'c2s.receive', spanCount: 4, jids: ['alice@localhost/phone', 'bob@localhost', 'bob@localhost/laptop'] });
    const detail = tracing.store.get(summary.traceId);
    const byName = new Map(detail?.spans.map((s) => [s.name, s]));
    const receive = byName.get('c2s.receive');
    expect(receive?.parentSpanId).toBeNull();
    expect(byName.get('hooks.user_send_packet')?.parentSpanId).toBe(receive?.spanId);
    expect(byName.get('router.route')?.parentSpanId).toBe(receive?.spanId);
    expect(byName.get('c2s.deliver')?.parentSpanId).toBe(byName.get('router.route')?.spanId);
    expect(byName.get('c2s.deliver')?.attributes).toEqual({ 'xmpp.to': 'bob@localhost/laptop', 'runtime.pid': 7 });
  });

  it('makes a described span\'s attributes only for a kept trace, beside its other attributes', () => {
    const { tracing, spans } = setup({ sampleRatio: 0 });
    const made: string[] = [];
    const describe = (stanza: { to: string }) => {
      made.push(stanza.to);
      return { 'xmpp.kind': 'message', 'xmpp.to': stanza.to };
    };
    spans.closeParked(stanzaDescribed(spans, describe, { to: 'dropped@localhost' }));
    expect(made).toEqual([]);
    const failed = stanzaDescribed(spans, describe, { to: 'bob@localhost' });
    spans.closeParked(failed, 'mailbox full');
    const [summary] = tracing.store.list({ limit: 1 });
    const receive = tracing.store.get(summary.traceId)?.spans.find((s) => s.name === 'c2s.receive');
    expect(receive?.attributes).toEqual({ 'xmpp.kind': 'message', 'xmpp.to': 'bob@localhost', 'runtime.pid': 3 });
    expect(made).toEqual(['bob@localhost']);
    expect(summary.jids).toContain('bob@localhost');
  });

  it('reads the clock once where a span closes and its sibling opens, and where a child is parked and its parents close', () => {
    const { tracing, spans, clock } = setup();
    const meta = stanza(spans);
    // receive open, hooks open, hooks close (= route open), deliver open (= route close = receive close).
    expect(clock.reads).toBe(4);
    spans.closeParked(meta);
    // The parked end reads the clock; the trace's completion (its end is its last span's) does not.
    expect(clock.reads).toBe(5);
    const spansByName = new Map(tracing.store.get(tracing.store.list({ limit: 1 })[0].traceId)?.spans.map((s) => [s.name, s]));
    const hooks = spansByName.get('hooks.user_send_packet');
    const route = spansByName.get('router.route');
    const receive = spansByName.get('c2s.receive');
    expect(route?.startMs).toBe(hooks?.endMs);
    expect(route?.endMs).toBe(spansByName.get('c2s.deliver')?.startMs);
    expect(receive?.endMs).toBe(route?.endMs);
    expect(hooks?.durationMs).toBe(1);
  });

  it('takes readings the caller already has (performance.now() values)', () => {
    const { tracing, spans } = setup();
    const at = performance.now();
    const meta = stanzaMeta(at);
    spans.open('c2s.receive', at);
    spans.open('c2s.deliver');
    spans.park(meta);
    spans.close();
    spans.closeParked(meta, undefined, at + 2.5);
    const [receive, deliver] = tracing.store.get(tracing.store.list({ limit: 1 })[0].traceId)?.spans ?? [];
    expect(receive.startMs).toBeCloseTo(performance.timeOrigin + at, 3);
    expect(deliver.endMs).toBeCloseTo(performance.timeOrigin + at + 2.5, 3);
  });

  it('keeps a trace failed on the stack, through a detached end, or through a parked end, whatever the ratio', () => {
    const { tracing, spans } = setup({ sampleRatio: 0 });
    spans.open('c2s.receive');
    spans.fail('bad-request');
    spans.close();
    spans.open('router.route');
    const end = spans.detach();
    end('storage down');
    spans.closeParked(stanza(spans), 'recipient mailbox full or process gone');
    spans.closeParked(stanza(spans));
    const kept = tracing.store.list({ limit: 10 });
    expect(kept.map((t) => [t.rootName, t.keptBecause])).toEqual([
      ['c2s.receive', 'error'],
      ['router.route', 'error'],
      ['c2s.receive', 'error'],
    ]);
    const failed = tracing.store.get(kept[0].traceId)?.spans.find((s) => s.name === 'c2s.deliver');
    expect(failed?.status).toEqual({ code: 'error', message: 'recipient mailbox full or process gone' });
    expect(tracing.stats().dropped.not_sampled).toBe(1);
  });

  it('gives log lines written under a stack span its trace and span ids, which the kept trace has', () => {
    const { tracing, spans } = setup();
    const lines: Record<string, unknown>[] = [];
    const log = pino({ mixin: tracing.logMixin }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    spans.open('c2s.receive');
    log.info({ what: 'inside' });
    spans.close();
    log.info({ what: 'outside' });
    const [kept] = tracing.store.list({ limit: 1 });
    const receive = tracing.store.get(kept.traceId)?.spans[0];
    expect(lines.map((l) => [l.what, l.trace_id, l.span_id])).toEqual([
      ['inside', kept.traceId, receive?.spanId],
      ['outside', undefined, undefined],
    ]);
  });

  it('hands out an OTel span for the current stack span, and spans started under it join the trace', () => {
    const { tracing, spans } = setup();
    spans.open('router.route');
    const active = tracing.activeSpan();
    expect(tracing.activeSpan()).toBe(active);
    const child = tracing.telemetryTracer.startSpan('offline.store');
    spans.close();
    child.setAttribute('xmpp.to', 'carol@localhost');
    child.end();
    const [kept] = tracing.store.list({ limit: 1 });
    expect(kept.traceId).toBe(active?.spanContext().traceId);
    const [route, store] = tracing.store.get(kept.traceId)?.spans ?? [];
    expect(store).toMatchObject({ name: 'offline.store', parentSpanId: route.spanId, attributes: { 'xmpp.to': 'carol@localhost' } });
  });

  it('finds the oldest open trace behind thousands completed after it, for the sweep and for eviction', () => {
    const clock = { ms: T0 };
    const options = { nodeName: 'n1', sampleRatio: 0, slowThresholdMs: 50, maxTraces: 10, sweepIntervalMs: 0, now: () => clock.ms };
    const swept = createNodeTracing({ ...options, openTraceTimeoutMs: 60_000 });
    const stuck = stanza(swept.spans);
    for (let i = 0; i < 5000; i++) swept.spans.closeParked(stanza(swept.spans));
    clock.ms += 30_000;
    const young = Array.from({ length: 2000 }, () => stanza(swept.spans));
    expect(swept.stats().openTraces).toBe(2001);
    clock.ms += 30_000;
    swept.sweep();
    expect(swept.stats()).toMatchObject({ openTraces: 2000, forcedComplete: 1, kept: { slow: 1 } });
    swept.spans.closeParked(stuck);
    for (const meta of young) swept.spans.closeParked(meta);
    expect(swept.stats().openTraces).toBe(0);

    const evicting = createNodeTracing({ ...options, maxOpenTraces: 2 });
    const oldest = stanza(evicting.spans);
    for (let i = 0; i < 3000; i++) evicting.spans.closeParked(stanza(evicting.spans));
    const [second, third] = [stanza(evicting.spans), stanza(evicting.spans)];
    expect(evicting.stats()).toMatchObject({ openTraces: 2, dropped: { evicted: 1, not_sampled: 3000 } });
    evicting.spans.closeParked(oldest, 'late');
    evicting.spans.closeParked(second);
    evicting.spans.closeParked(third);
    expect(evicting.stats()).toMatchObject({ openTraces: 0, kept: { error: 0 }, dropped: { evicted: 1, not_sampled: 3002 } });
  });

  it('still evicts the oldest open trace once the ring has wrapped over traces that completed in order', () => {
    const { tracing, spans } = setup({ sampleRatio: 0, maxOpenTraces: 2 });
    const early = stanza(spans);
    for (let i = 0; i < 3000; i++) spans.closeParked(stanza(spans));
    spans.closeParked(early);
    for (let i = 0; i < 3000; i++) spans.closeParked(stanza(spans));
    const [first, second] = [stanza(spans), stanza(spans)];
    const third = stanza(spans);
    // `early` was open for thousands of clock reads: kept as slow.
    expect(tracing.stats()).toMatchObject({ openTraces: 2, kept: { slow: 1 }, dropped: { evicted: 1, not_sampled: 6000 } });
    spans.closeParked(first, 'late');
    spans.closeParked(second);
    spans.closeParked(third);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { error: 0 }, dropped: { evicted: 1, not_sampled: 6002 } });
  });

  it('reuses a dropped trace record, and a message parked in an evicted trace cannot touch the trace now in it', () => {
    const { tracing, spans } = setup({ sampleRatio: 0, maxOpenTraces: 1 });
    const stale = stanza(spans);
    // A second open trace evicts the first; its record goes back to the pool and is reused.
    const current = stanza(spans);
    stanza(spans);
    expect(tracing.stats().dropped.evicted).toBe(2);
    spans.closeParked(current, 'late');
    spans.closeParked(stale, 'late');
    expect(tracing.stats().kept.error).toBe(0);
    expect(tracing.stats().openTraces).toBe(1);
  });
});
