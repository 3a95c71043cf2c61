// The SpanStack (Telemetry.spans) as the stanza path uses it: spans as slots of a pooled trace
// record, a span parked in a message and ended by another process, reused clock readings, and
// records reused only when nothing can still reach the trace they held. Every trace here records
// every span ([tracing] detail = "all"); outlines, the default's traces not picked for detail, are
// outline-trace.test.ts's.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
    detail: 'all',
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

  it('keeps copies of attribute strings, not the large strings they were sliced from', () => {
    // A stanza's attribute values are slices of the chunk read from the socket; a kept trace that
    // held them would keep every such chunk alive for as long as the store keeps the trace.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { tracing, spans } = setup({ maxKeptPerSecond: 10_000, maxSampledPerSecond: 10_000 });
    const describe = (to: string) => ({ 'xmpp.to': to });
    const chunkChars = 1 << 20;
    const traces = 50;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < traces; i++) {
      const chunk = `${String(i).padEnd(chunkChars, ' ')}<message to='user${i}@example.com/laptop'/>`;
      const start = chunk.indexOf("to='") + 4;
      const to = chunk.slice(start, chunk.indexOf("'", start));
      const meta = stanzaMeta(0);
      spans.open('c2s.receive', undefined, describe, to);
      spans.attribute('xmpp.from', to);
      spans.openParked(meta, 'c2s.deliver', 0, describe, to);
      spans.close();
      spans.closeParked(meta);
    }
    gc();
    const grownChars = process.memoryUsage().heapUsed - before;
    expect(tracing.store.size).toBe(traces);
    const [latest] = tracing.store.list({ limit: 1 });
    const receive = tracing.store.get(latest.traceId)?.spans.find((span) => span.name === 'c2s.receive');
    expect(receive?.attributes).toEqual({ 'xmpp.to': `user${traces - 1}@example.com/laptop`, 'xmpp.from': `user${traces - 1}@example.com/laptop` });
    // Held chunks would be traces × 1 MB (one byte a character); the traces themselves are a few KB each.
    expect(grownChars).toBeLessThan((traces * chunkChars) / 5);
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

  it('opens, describes and parks in one call (openParked) as open, describe and park do', () => {
    const { tracing, spans, clock } = setup();
    const made: string[] = [];
    const describeDelivery = (session: { jid: string; pid: number }) => {
      made.push(session.jid);
      return { 'xmpp.to': session.jid, 'runtime.pid': session.pid };
    };
    const at = performance.now();
    const meta = stanzaMeta(at);
    spans.open('c2s.receive', at, (el: { kind: string }) => ({ 'xmpp.kind': el.kind }), { kind: 'message' });
    spans.open('router.route');
    const readsBefore = clock.reads;
    spans.openParked(meta, 'c2s.deliver', at + 1, describeDelivery, { jid: 'bob@localhost/laptop', pid: 9 });
    spans.close();
    spans.close();
    // The deliver span starts at the reading given; route and receive end there, with no read.
    expect(clock.reads).toBe(readsBefore);
    expect(tracing.stats().openTraces).toBe(1);
    spans.closeParked(meta, undefined, at + 3);
    spans.closeParked(meta, 'ended twice: ignored');
    const detail = tracing.store.get(tracing.store.list({ limit: 1 })[0].traceId);
    const byName = new Map(detail?.spans.map((s) => [s.name, s]));
    const deliver = byName.get('c2s.deliver');
    expect(deliver?.parentSpanId).toBe(byName.get('router.route')?.spanId);
    expect(deliver?.attributes).toEqual({ 'xmpp.to': 'bob@localhost/laptop', 'runtime.pid': 9 });
    expect(deliver?.startMs).toBeCloseTo(performance.timeOrigin + at + 1, 2);
    expect(deliver?.endMs).toBeCloseTo(performance.timeOrigin + at + 3, 2);
    expect(byName.get('router.route')?.endMs).toBe(deliver?.startMs);
    expect(byName.get('c2s.receive')?.endMs).toBe(deliver?.startMs);
    expect(byName.get('c2s.receive')?.attributes).toEqual({ 'xmpp.kind': 'message' });
    expect(deliver?.status.code).toBe('unset');
    expect(made).toEqual(['bob@localhost/laptop']);
  });

  it('openParked with no current span parks the root of a new trace', () => {
    const { tracing, spans } = setup();
    const meta = stanzaMeta(0);
    spans.openParked(meta, 'c2s.deliver', performance.now(), (n: number) => ({ n }), 1);
    expect(tracing.stats().openTraces).toBe(1);
    spans.closeParked(meta, 'recipient mailbox full or process gone');
    const [summary] = tracing.store.list({ limit: 1 });
    expect(summary).toMatchObject({ rootName: 'c2s.deliver', spanCount: 1, keptBecause: 'error' });
  });

  it('takes readings the caller already has (performance.now() values)', () => {
    const { tracing, spans } = setup();
    const at = performance.now();
    const meta = stanzaMeta(at);
    // Times are served rounded to the microsecond, and an epoch millisecond near 1.8e12 carries
    // about 0.25 µs of float error: two decimals is the precision to compare at.
    spans.open('c2s.receive', at);
    spans.open('c2s.deliver');
    spans.park(meta);
    spans.close();
    spans.closeParked(meta, undefined, at + 2.5);
    const [receive, deliver] = tracing.store.get(tracing.store.list({ limit: 1 })[0].traceId)?.spans ?? [];
    expect(receive.startMs).toBeCloseTo(performance.timeOrigin + at, 2);
    expect(deliver.endMs).toBeCloseTo(performance.timeOrigin + at + 2.5, 2);
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
    const options = { nodeName: 'n1', sampleRatio: 0, detail: 'all' as const, slowThresholdMs: 50, maxTraces: 10, sweepIntervalMs: 0, now: () => clock.ms };
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

/** The path as the node records it (c2s/bound-session.ts, core/router.ts): a lazy trace's shape. */
function nodePath(spans: ReturnType<typeof setup>['spans'], made: string[] = [], at = performance.now()) {
  const describeReceived = (el: { id: string }) => {
    made.push(`receive ${el.id}`);
    return { 'xmpp.kind': 'message', 'xmpp.id': el.id };
  };
  const describeDelivery = (session: { jid: string }) => {
    made.push(`deliver ${session.jid}`);
    return { 'xmpp.to': session.jid };
  };
  const meta = stanzaMeta(at);
  spans.open('c2s.receive', at, describeReceived, { id: 'm1' });
  spans.open('hooks.user_send_packet');
  spans.close();
  spans.open('router.route', undefined, (el: { type: string }) => ({ 'xmpp.type': el.type }), { type: 'chat' });
  spans.attribute('xmpp.from', parseJid('alice@localhost/phone'));
  spans.attribute('xmpp.to', parseJid('bob@localhost'));
  spans.openParked(meta, 'c2s.deliver', at + 0.5, describeDelivery, { jid: 'bob@localhost/laptop' });
  spans.close();
  spans.close();
  return meta;
}

describe('SpanStack: the stanza path in a lazy trace', () => {
  it('records the node\'s path as a trace whose spans, descriptions and attributes are all there when kept', () => {
    const { tracing, spans } = setup({ sampleRatio: 1, now: undefined });
    const made: string[] = [];
    const meta = nodePath(spans, made);
    expect(tracing.stats().openTraces).toBe(1);
    spans.closeParked(meta, undefined, performance.now() + 1);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { sampled: 1 } });
    const [summary] = tracing.store.list({ limit: 1 });
    expect(summary).toMatchObject({ rootName: 'c2s.receive', spanCount: 4 });
    expect(summary.jids).toEqual(expect.arrayContaining(['alice@localhost/phone', 'bob@localhost', 'bob@localhost/laptop']));
    const byName = new Map(tracing.store.get(summary.traceId)?.spans.map((span) => [span.name, span]));
    expect(byName.get('c2s.receive')?.attributes).toEqual({ 'xmpp.kind': 'message', 'xmpp.id': 'm1' });
    expect(byName.get('router.route')?.attributes).toEqual({ 'xmpp.type': 'chat', 'xmpp.from': 'alice@localhost/phone', 'xmpp.to': 'bob@localhost' });
    expect(byName.get('c2s.deliver')?.attributes).toEqual({ 'xmpp.to': 'bob@localhost/laptop' });
    expect(byName.get('c2s.deliver')?.parentSpanId).toBe(byName.get('router.route')?.spanId);
    expect(byName.get('hooks.user_send_packet')?.parentSpanId).toBe(byName.get('c2s.receive')?.spanId);
    expect(byName.get('router.route')?.startMs).toBe(byName.get('hooks.user_send_packet')?.endMs);
    expect(byName.get('router.route')?.endMs).toBe(byName.get('c2s.deliver')?.startMs);
    expect(made).toEqual(['receive m1', 'deliver bob@localhost/laptop']);
  });

  it('keeps its times to the microsecond, and a span ended over 17 minutes late at 17 minutes', () => {
    const { tracing, spans } = setup({ sampleRatio: 1, now: undefined });
    const at = performance.now();
    const path = (deliverAt: number, endAt: number) => {
      const meta = stanzaMeta(at);
      spans.open('c2s.receive', at);
      spans.open('router.route', deliverAt);
      spans.openParked(meta, 'c2s.deliver', deliverAt, (n: number) => ({ n }), 1);
      spans.close();
      spans.close();
      spans.closeParked(meta, undefined, endAt);
      const [kept] = tracing.store.list({ limit: 1 });
      return { kept, deliver: tracing.store.get(kept.traceId)?.spans.find((span) => span.name === 'c2s.deliver') };
    };
    const exact = path(at + 0.3337, at + 2.71828);
    const origin = performance.timeOrigin;
    expect(Math.abs(exact.kept.startMs - (origin + at))).toBeLessThanOrEqual(0.001);
    expect(Math.abs((exact.deliver?.startMs ?? 0) - (origin + at + 0.3337))).toBeLessThanOrEqual(0.001);
    expect(Math.abs((exact.deliver?.endMs ?? 0) - (origin + at + 2.71828))).toBeLessThanOrEqual(0.001);
    const late = path(at + 1, at + 20 * 60_000);
    expect(late.kept.durationMs).toBeGreaterThan(17 * 60_000);
    expect(late.kept.durationMs).toBeLessThan(18 * 60_000);
    expect(late.deliver?.endMs).toBeGreaterThan(late.deliver?.startMs ?? Infinity);
  });

  it('draws once a trace, when its root closes with only the delivery parked, and counts it open until the delivery ends', () => {
    const draws = [0.9, 0.1, 0.9];
    let drawn = 0;
    const { tracing, spans } = setup({ sampleRatio: 0.5, slowThresholdMs: 50, now: undefined, random: () => (drawn++, draws.shift() ?? 0) });
    const at = performance.now();
    const metas = [nodePath(spans, [], at), nodePath(spans, [], at), nodePath(spans, [], at)];
    expect(drawn).toBe(3);
    expect(tracing.stats().openTraces).toBe(3);
    spans.closeParked(metas[0], undefined, at + 1);
    spans.closeParked(metas[1], undefined, at + 1);
    // Drawn "not sampled", then failed at the recipient: kept all the same.
    spans.closeParked(metas[2], 'recipient mailbox full or process gone', at + 1);
    expect(drawn).toBe(3);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { sampled: 1, error: 1 }, dropped: { not_sampled: 1 } });
    const failed = tracing.store.get(tracing.store.list({ limit: 1 })[0].traceId);
    expect(failed?.spans.find((span) => span.name === 'c2s.deliver')?.status).toEqual({ code: 'error', message: 'recipient mailbox full or process gone' });
  });

  it('drops an ordinary trace without describing it, and keeps a failed or slow one', () => {
    // The real clock: the hooks span's readings and the given ones must agree.
    const { tracing, spans } = setup({ sampleRatio: 0, slowThresholdMs: 50, now: undefined });
    const made: string[] = [];
    const at = performance.now();
    spans.closeParked(nodePath(spans, made, at), undefined, at + 1);
    expect(made).toEqual([]);
    spans.closeParked(nodePath(spans, made, at), 'recipient mailbox full or process gone', at + 1);
    spans.closeParked(nodePath(spans, made, at), undefined, at + 60);
    expect(tracing.stats()).toMatchObject({ kept: { error: 1, slow: 1, sampled: 0 }, dropped: { not_sampled: 1 }, openTraces: 0 });
    const [slow, failed] = tracing.store.list({ limit: 2 });
    expect(slow).toMatchObject({ keptBecause: 'slow', durationMs: 60 });
    const deliver = tracing.store.get(failed.traceId)?.spans.find((span) => span.name === 'c2s.deliver');
    expect(deliver?.status).toEqual({ code: 'error', message: 'recipient mailbox full or process gone' });
  });

  it('keeps a trace failed on the stack (fail) and a hand-over failed before the stack unwound', () => {
    const { tracing, spans } = setup({ sampleRatio: 0 });
    const meta = stanzaMeta(0);
    spans.open('c2s.receive');
    spans.open('router.route');
    spans.fail('remote-server-not-found');
    spans.close();
    spans.close();
    spans.open('router.route');
    spans.openParked(meta, 'c2s.deliver', performance.now(), (n: number) => ({ n }), 1);
    spans.closeParked(meta, 'recipient mailbox full or process gone');
    spans.close();
    expect(tracing.stats()).toMatchObject({ kept: { error: 2 }, openTraces: 0 });
    const [handOver, failedRoute] = tracing.store.list({ limit: 2 }).map((summary) => tracing.store.get(summary.traceId));
    expect(failedRoute?.spans.map((span) => [span.name, span.status.code])).toEqual([
      ['c2s.receive', 'unset'],
      ['router.route', 'error'],
    ]);
    expect(handOver?.spans.map((span) => [span.name, span.status.code])).toEqual([
      ['router.route', 'unset'],
      ['c2s.deliver', 'error'],
    ]);
  });

  it('moves a lazy trace into a record for a log line inside it: the line\'s ids are the kept trace\'s, and the parked span still ends it', () => {
    const { tracing, spans } = setup({ sampleRatio: 1 });
    const lines: Record<string, unknown>[] = [];
    const log = pino({ mixin: tracing.logMixin }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const at = performance.now();
    const meta = stanzaMeta(at);
    spans.open('c2s.receive', at);
    spans.open('router.route');
    spans.openParked(meta, 'c2s.deliver', at + 1, (n: number) => ({ n }), 1);
    log.info({ what: 'stanza_routed' });
    spans.close();
    spans.close();
    expect(tracing.stats().openTraces).toBe(1);
    spans.closeParked(meta, undefined, at + 2);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { sampled: 1 } });
    const [kept] = tracing.store.list({ limit: 1 });
    const route = tracing.store.get(kept.traceId)?.spans.find((span) => span.name === 'router.route');
    expect(lines[0]).toMatchObject({ what: 'stanza_routed', trace_id: kept.traceId, span_id: route?.spanId });
    expect(tracing.store.get(kept.traceId)?.spans.map((span) => span.name)).toEqual(['c2s.receive', 'router.route', 'c2s.deliver']);
  });

  it('moves a trace into a record once it outgrows four spans, with the deliveries parked before and after', () => {
    const { tracing, spans } = setup({ sampleRatio: 1 });
    const metas = [stanzaMeta(0), stanzaMeta(0), stanzaMeta(0), stanzaMeta(0)];
    spans.open('router.route');
    // A presence broadcast: one parked delivery per recipient.
    for (const [i, meta] of metas.entries()) spans.openParked(meta, 'c2s.deliver', performance.now(), (n: number) => ({ 'runtime.pid': n }), i);
    spans.close();
    for (const meta of metas) spans.closeParked(meta);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { sampled: 1 } });
    const [kept] = tracing.store.list({ limit: 1 });
    const spansKept = tracing.store.get(kept.traceId)?.spans ?? [];
    expect(spansKept.map((span) => span.name)).toEqual(['router.route', 'c2s.deliver', 'c2s.deliver', 'c2s.deliver', 'c2s.deliver']);
    expect(spansKept.slice(1).map((span) => [span.attributes['runtime.pid'], span.endMs !== null])).toEqual([
      [0, true],
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('sweeps a lazy trace left open past the timeout, and evicts the oldest past maxOpenTraces', () => {
    // A clock standing still at performance.now() = 0, the reading the paths below are given.
    const clock = { ms: performance.timeOrigin };
    const options = { nodeName: 'n1', sampleRatio: 0, detail: 'all' as const, slowThresholdMs: 50, maxTraces: 10, sweepIntervalMs: 0, now: () => clock.ms };
    const swept = createNodeTracing({ ...options, openTraceTimeoutMs: 60_000 });
    const stuck = nodePath(swept.spans, [], 0);
    clock.ms += 61_000;
    swept.sweep();
    expect(swept.stats()).toMatchObject({ openTraces: 0, forcedComplete: 1, kept: { slow: 1 } });
    const [incomplete] = swept.store.list({ limit: 1 });
    expect(incomplete).toMatchObject({ incomplete: true, spanCount: 4 });
    expect(swept.store.get(incomplete.traceId)?.spans.find((span) => span.name === 'c2s.deliver')?.endMs).toBeNull();
    swept.spans.closeParked(stuck);
    expect(swept.stats()).toMatchObject({ openTraces: 0, kept: { slow: 1 }, dropped: { not_sampled: 0 } });

    const evicting = createNodeTracing({ ...options, maxOpenTraces: 2 });
    clock.ms = performance.timeOrigin;
    const at = 0;
    const [oldest, second, third] = [nodePath(evicting.spans, [], at), nodePath(evicting.spans, [], at), nodePath(evicting.spans, [], at)];
    expect(evicting.stats()).toMatchObject({ openTraces: 2, dropped: { evicted: 1 } });
    evicting.spans.closeParked(oldest, 'late');
    evicting.spans.closeParked(second, undefined, at + 1);
    evicting.spans.closeParked(third, undefined, at + 1);
    expect(evicting.stats()).toMatchObject({ openTraces: 0, kept: { error: 0 }, dropped: { evicted: 1, not_sampled: 2 } });
  });
});
