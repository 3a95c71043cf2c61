// Outlines ([tracing] detail = "sampled", the default): a stanza's trace the sampling draw did not
// pick records its root and its deliveries only, and is kept when it fails or is slow.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseJid } from '../../base/jid.js';
import { stanzaMeta } from '../../core/telemetry.js';
import { createNodeTracing, type NodeTracingOptions } from './node-tracing.js';

/** The real clock (readings are performance.now() values), ratio 0 unless given: every trace an outline. */
function setup(opts: Partial<NodeTracingOptions> = {}) {
  let reads = 0;
  const tracing = createNodeTracing({
    nodeName: 'n1',
    sampleRatio: 0,
    slowThresholdMs: 50,
    maxTraces: 100,
    sweepIntervalMs: 0,
    now: () => {
      reads++;
      return performance.timeOrigin + performance.now();
    },
    ...opts,
  });
  return { tracing, spans: tracing.spans, reads: () => reads };
}

type Spans = ReturnType<typeof setup>['spans'];

/** The path as the node records it (c2s/bound-session.ts, core/router.ts), one delivery per recipient. */
function nodePath(spans: Spans, at: number, recipients: string[] = ['bob@localhost/laptop'], made: string[] = []) {
  const describeReceived = (el: { id: string }) => {
    made.push(`receive ${el.id}`);
    return { 'xmpp.kind': 'message', 'xmpp.id': el.id };
  };
  const describeDelivery = (session: { jid: string }) => {
    made.push(`deliver ${session.jid}`);
    return { 'xmpp.to': session.jid };
  };
  spans.open('c2s.receive', at, describeReceived, { id: 'm1' });
  spans.open('hooks.user_send_packet');
  spans.close();
  spans.open('router.route', undefined, (n: number) => ({ n }), 1);
  spans.attribute('xmpp.from', parseJid('alice@localhost/phone'));
  spans.attribute('xmpp.to', parseJid('bob@localhost'));
  const metas = recipients.map((jid, i) => {
    const meta = stanzaMeta(at);
    spans.openParked(meta, 'c2s.deliver', at + 0.5 + i * 0.1, describeDelivery, { jid });
    return meta;
  });
  spans.close();
  spans.close();
  return metas;
}

describe('outline traces', () => {
  it('is the default: an ordinary trace not drawn is dropped without a description made', () => {
    const { tracing, spans, reads } = setup();
    const made: string[] = [];
    const at = performance.now();
    const [meta] = nodePath(spans, at, undefined, made);
    // The hooks span's start and end; the rest reuse readings or are given them.
    expect(reads()).toBe(2);
    expect(tracing.stats().openTraces).toBe(1);
    spans.closeParked(meta, undefined, at + 1);
    expect(reads()).toBe(2);
    expect(made).toEqual([]);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { error: 0, slow: 0, sampled: 0 }, dropped: { not_sampled: 1 } });
  });

  it('keeps a slow one as its root and delivery with their times and descriptions, saying how many spans it did not record', () => {
    const { tracing, spans } = setup();
    const made: string[] = [];
    const at = performance.now();
    const [meta] = nodePath(spans, at, undefined, made);
    spans.closeParked(meta, undefined, at + 80);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { slow: 1 } });
    const [summary] = tracing.store.list({ limit: 1 });
    expect(summary).toMatchObject({ keptBecause: 'slow', rootName: 'c2s.receive', spanCount: 2 });
    expect(summary.durationMs).toBeCloseTo(80, 2);
    const [root, deliver] = tracing.store.get(summary.traceId)?.spans ?? [];
    const origin = performance.timeOrigin;
    expect(root).toMatchObject({ name: 'c2s.receive', attributes: { 'xmpp.kind': 'message', 'xmpp.id': 'm1', 'meerkat.trace.outline': 2 } });
    expect(root.startMs).toBeCloseTo(origin + at, 2);
    expect(root.endMs).toBeCloseTo(origin + at + 0.5, 2);
    expect(deliver).toMatchObject({ name: 'c2s.deliver', parentSpanId: root.spanId, attributes: { 'xmpp.to': 'bob@localhost/laptop' } });
    expect(deliver.startMs).toBeCloseTo(origin + at + 0.5, 2);
    expect(deliver.endMs).toBeCloseTo(origin + at + 80, 2);
    expect(made).toEqual(['receive m1', 'deliver bob@localhost/laptop']);
  });

  it('keeps a span that failed inside the root with its times, description and attributes, a failed root, and a failed delivery', () => {
    const { tracing, spans } = setup();
    const at = performance.now();
    spans.open('c2s.receive', at);
    spans.open('hooks.user_send_packet');
    spans.close();
    spans.open('router.route', undefined, (kind: string) => ({ 'xmpp.kind': kind }), 'message');
    spans.attribute('xmpp.to', parseJid('nobody@elsewhere.example'));
    spans.open('hooks.filter_packet');
    spans.attribute('hook.handlers', 3);
    spans.close();
    spans.fail('remote-server-not-found');
    spans.close();
    spans.close();
    spans.open('c2s.receive', at);
    spans.fail('not-authorized');
    spans.close();
    const meta = stanzaMeta(at);
    spans.open('c2s.receive', at);
    spans.open('router.route');
    spans.openParked(meta, 'c2s.deliver', at + 0.2, (n: number) => ({ n }), 1);
    // The hand-over fails before the stack unwinds (router.ts: the recipient's mailbox is full).
    spans.closeParked(meta, 'recipient mailbox full or process gone', at + 0.3);
    spans.close();
    spans.close();
    expect(tracing.stats()).toMatchObject({ kept: { error: 3 }, openTraces: 0 });
    const [handOver, failedRoot, failedRoute] = tracing.store.list({ limit: 3 }).map((summary) => tracing.store.get(summary.traceId));
    const [root, route] = failedRoute?.spans ?? [];
    expect(failedRoute?.spans).toHaveLength(2);
    expect(root).toMatchObject({ name: 'c2s.receive', status: { code: 'unset' }, attributes: { 'meerkat.trace.outline': 2 } });
    expect(route).toMatchObject({
      name: 'router.route',
      parentSpanId: root.spanId,
      status: { code: 'error', message: 'remote-server-not-found' },
      attributes: { 'xmpp.kind': 'message', 'xmpp.to': 'nobody@elsewhere.example' },
    });
    expect(route.startMs).toBeGreaterThanOrEqual(root.startMs);
    expect(route.endMs).toBeGreaterThanOrEqual(route.startMs);
    expect(failedRoot?.spans.map((span) => [span.name, span.status])).toEqual([['c2s.receive', { code: 'error', message: 'not-authorized' }]]);
    expect(handOver?.spans.map((span) => [span.name, span.status.code])).toEqual([
      ['c2s.receive', 'unset'],
      ['c2s.deliver', 'error'],
    ]);
    expect(handOver?.spans[1].status.message).toBe('recipient mailbox full or process gone');
  });

  it('waits for every delivery (a broadcast) and keeps all of them when one is slow', () => {
    const { tracing, spans } = setup();
    const at = performance.now();
    const metas = nodePath(spans, at, ['bob@localhost/a', 'carol@localhost/b', 'dave@localhost/c']);
    spans.closeParked(metas[0], undefined, at + 1);
    spans.closeParked(metas[2], undefined, at + 2);
    expect(tracing.stats()).toMatchObject({ openTraces: 1, kept: { slow: 0 } });
    spans.closeParked(metas[1], undefined, at + 70);
    // Ended twice (a stale message): ignored.
    spans.closeParked(metas[1], undefined, at + 90);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { slow: 1 }, dropped: { not_sampled: 0 } });
    const [summary] = tracing.store.list({ limit: 1 });
    const spansKept = tracing.store.get(summary.traceId)?.spans ?? [];
    expect(spansKept.map((span) => [span.name, span.attributes['xmpp.to']])).toEqual([
      ['c2s.receive', undefined],
      ['c2s.deliver', 'bob@localhost/a'],
      ['c2s.deliver', 'carol@localhost/b'],
      ['c2s.deliver', 'dave@localhost/c'],
    ]);
    expect(summary.durationMs).toBeCloseTo(70, 2);
  });

  it('holds the usual outline in the message its delivery is parked in, which lets go of the stanza and session once judged', () => {
    const { tracing, spans } = setup();
    const at = performance.now();
    const [ordinary] = nodePath(spans, at);
    // Still open: the message holds the root and the delivery, and is among the open traces.
    expect(ordinary).toMatchObject({ rootName: 'c2s.receive', parkedName: 'c2s.deliver', rootSubject: { id: 'm1' }, parkedSubject: { jid: 'bob@localhost/laptop' } });
    spans.closeParked(ordinary, undefined, at + 1);
    expect(ordinary).toMatchObject({ parkedTrace: undefined, rootSubject: undefined, parkedSubject: undefined, rootDescriber: undefined, parkedDescriber: undefined });
    // Ended twice (a stale message): ignored.
    spans.closeParked(ordinary, 'late', at + 100);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { error: 0, slow: 0 }, dropped: { not_sampled: 1 } });

    const [failed] = nodePath(spans, at);
    spans.closeParked(failed, 'stream closed', at + 2);
    expect(failed).toMatchObject({ parkedTrace: undefined, rootSubject: undefined, parkedSubject: undefined });
    const [summary] = tracing.store.list({ limit: 1 });
    expect(summary).toMatchObject({ keptBecause: 'error', spanCount: 2 });
    const [root, deliver] = tracing.store.get(summary.traceId)?.spans ?? [];
    expect(root).toMatchObject({ attributes: { 'xmpp.id': 'm1', 'meerkat.trace.outline': 2 } });
    expect(deliver).toMatchObject({ status: { code: 'error', message: 'stream closed' }, attributes: { 'xmpp.to': 'bob@localhost/laptop' } });
    expect(deliver.startMs - root.startMs).toBeCloseTo(0.5, 3);
  });

  it('lets go of a message judged after the open traces were compacted (an old delivery holding their head, as when a node falls behind)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { tracing, spans } = setup();
    const at = performance.now();
    const ordinary = () => spans.closeParked(nodePath(spans, at)[0], undefined, at + 1);
    // The oldest delivery stays open, so the ring cannot drop the judged traces behind it; deliveries
    // held open past two compactions (judged ones before them: they move) are judged afterwards.
    const [stuck] = nodePath(spans, at);
    for (let i = 0; i < 100; i++) ordinary();
    const watched = ((held: ReturnType<typeof nodePath>) => {
      for (let i = 0; i < 3000; i++) ordinary();
      for (const meta of held) spans.closeParked(meta, undefined, at + 1);
      return new WeakRef(held[0]);
    })(Array.from({ length: 600 }, () => nodePath(spans, at)[0]));
    expect(tracing.stats()).toMatchObject({ openTraces: 1, dropped: { not_sampled: 3700 } });
    // A WeakRef's target lives until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(watched.deref()).toBeUndefined();
    spans.closeParked(stuck, undefined, at + 1);
    expect(tracing.stats().openTraces).toBe(0);
  });

  it('refuses slow ones past max_kept_per_s, with or without a delivery, as a node falling behind makes them', () => {
    const clock = { ms: performance.timeOrigin + performance.now() };
    const { tracing, spans } = setup({ maxKeptPerSecond: 2, now: () => clock.ms });
    const at = performance.now();
    const metas = [nodePath(spans, at), nodePath(spans, at), nodePath(spans, at)].map(([meta]) => meta);
    for (const meta of metas) spans.closeParked(meta, undefined, at + 60);
    spans.open('c2s.receive', at);
    clock.ms = performance.timeOrigin + at + 60;
    spans.close();
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { slow: 2 }, dropped: { rate_limited: 2, not_sampled: 0 } });
    expect(metas[2]).toMatchObject({ parkedTrace: undefined, rootSubject: undefined, parkedSubject: undefined });
    expect(tracing.store.list({ limit: 10 })).toHaveLength(2);
  });

  it('judges a root with no delivery when it closes, and one whose delivery was read at another time as a full outline', () => {
    const clock = { ms: performance.timeOrigin + performance.now() };
    const { tracing, spans } = setup({ now: () => clock.ms });
    // A presence: a root and spans inside it, nothing parked.
    spans.open('c2s.receive', undefined, (id: string) => ({ 'xmpp.id': id }), 'p1');
    spans.open('hooks.user_send_presence');
    spans.close();
    spans.close();
    expect(tracing.stats()).toMatchObject({ openTraces: 0, dropped: { not_sampled: 1 } });
    spans.open('c2s.receive', undefined, (id: string) => ({ 'xmpp.id': id }), 'p2');
    spans.open('hooks.user_send_presence');
    clock.ms += 60;
    spans.close();
    spans.close();
    const [slow] = tracing.store.list({ limit: 1 });
    expect(slow).toMatchObject({ keptBecause: 'slow', spanCount: 1 });
    expect(tracing.store.get(slow.traceId)?.spans[0]).toMatchObject({ attributes: { 'xmpp.id': 'p2', 'meerkat.trace.outline': 1 } });

    // The message's reading is not the root's start (a stanza the node routes itself): an outline.
    const at = performance.now();
    const meta = stanzaMeta(at + 5);
    spans.open('router.route', at);
    spans.openParked(meta, 'c2s.deliver', at + 5, (jid: string) => ({ 'xmpp.to': jid }), 'bob@localhost/a');
    spans.close();
    expect(meta.parkedName).toBeUndefined();
    spans.closeParked(meta, undefined, at + 70);
    const [delivered] = tracing.store.list({ limit: 1 });
    expect(delivered).toMatchObject({ keptBecause: 'slow', rootName: 'router.route', spanCount: 2 });
    expect(delivered.durationMs).toBeCloseTo(70, 2);
  });

  it('draws once a trace, when it begins: a picked one records every span and is kept as sampled', () => {
    const draws = [0.9, 0.1];
    let drawn = 0;
    const { tracing, spans } = setup({ sampleRatio: 0.5, random: () => (drawn++, draws.shift() ?? 0.9) });
    const at = performance.now();
    const [outline] = nodePath(spans, at);
    const [detailed] = nodePath(spans, at);
    expect(drawn).toBe(2);
    spans.closeParked(outline, undefined, at + 1);
    spans.closeParked(detailed, undefined, at + 1);
    expect(drawn).toBe(2);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { sampled: 1 }, dropped: { not_sampled: 1 } });
    const [summary] = tracing.store.list({ limit: 1 });
    expect(tracing.store.get(summary.traceId)?.spans.map((span) => span.name)).toEqual(['c2s.receive', 'hooks.user_send_packet', 'router.route', 'c2s.deliver']);
  });

  it('keeps 10 sampled traces a second by default, and draws none for detail once they are kept', () => {
    let drawn = 0;
    const { tracing, spans } = setup({ sampleRatio: 1, random: () => (drawn++, 0) });
    const at = performance.now();
    for (let i = 0; i < 15; i++) {
      const [meta] = nodePath(spans, at);
      spans.closeParked(meta, undefined, at + 1);
    }
    expect(drawn).toBe(10);
    expect(tracing.stats()).toMatchObject({ maxSampledPerSecond: 10, kept: { sampled: 10 }, dropped: { not_sampled: 5, rate_limited: 0 } });
    // A slow one still fits (errors and slow traces may use all of max_kept_per_s).
    const [slow] = nodePath(spans, at);
    spans.closeParked(slow, undefined, at + 60);
    expect(tracing.stats().kept).toMatchObject({ sampled: 10, slow: 1 });
  });

  it('keeps the draw of a trace picked for detail when it is moved into a record', () => {
    const draws = [0.1, 0.9];
    let drawn = 0;
    const { tracing, spans } = setup({ sampleRatio: 0.5, random: () => (drawn++, draws.shift() ?? 0.9) });
    const at = performance.now();
    const meta = stanzaMeta(at);
    spans.open('c2s.receive', at);
    spans.open('router.route');
    // A span object moves the lazy trace into a record.
    tracing.telemetryTracer.startSpan('storage.query').end();
    spans.openParked(meta, 'c2s.deliver', at + 0.2, (n: number) => ({ n }), 1);
    spans.close();
    spans.close();
    spans.closeParked(meta, undefined, at + 1);
    expect(drawn).toBe(1);
    expect(tracing.stats()).toMatchObject({ kept: { sampled: 1 }, dropped: { not_sampled: 0 } });
  });

  it('records every span of every trace with detail = "all"', () => {
    const { tracing, spans } = setup({ detail: 'all' });
    const at = performance.now();
    const [meta] = nodePath(spans, at);
    spans.closeParked(meta, undefined, at + 60);
    const [summary] = tracing.store.list({ limit: 1 });
    expect(summary).toMatchObject({ keptBecause: 'slow', spanCount: 4 });
  });

  it('gives a log line inside it its trace id and its root\'s span id, which a kept outline has', () => {
    const { tracing, spans } = setup();
    const lines: Record<string, unknown>[] = [];
    const log = pino({ mixin: tracing.logMixin }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const at = performance.now();
    const path = (endAt: number) => {
      const meta = stanzaMeta(at);
      spans.open('c2s.receive', at);
      spans.open('router.route');
      log.info({ what: 'stanza_routed' });
      spans.openParked(meta, 'c2s.deliver', at + 0.3, (n: number) => ({ n }), 3);
      spans.close();
      spans.close();
      spans.closeParked(meta, undefined, endAt);
    };
    path(at + 1);
    // Ordinary: dropped all the same (the line's ids name a trace that was not kept).
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { slow: 0 }, dropped: { not_sampled: 1 } });
    expect(lines[0]).toMatchObject({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    path(at + 75);
    const [kept] = tracing.store.list({ limit: 1 });
    const [root, deliver] = tracing.store.get(kept.traceId)?.spans ?? [];
    expect(lines[1]).toMatchObject({ trace_id: kept.traceId, span_id: root.spanId });
    expect(lines[1].trace_id).not.toBe(lines[0].trace_id);
    expect(root.attributes['meerkat.trace.outline']).toBe(1);
    expect((deliver.endMs ?? 0) - deliver.startMs).toBeCloseTo(74.7, 1);
  });

  it('moves into a record for a span object, with the spans open then exact; later spans are recorded; the draw stands', () => {
    const { tracing, spans } = setup();
    const at = performance.now();
    const run = (endAt: number) => {
      const meta = stanzaMeta(at);
      spans.open('c2s.receive', at);
      spans.open('hooks.user_send_packet');
      spans.close();
      spans.open('router.route', undefined, (kind: string) => ({ 'xmpp.kind': kind }), 'message');
      spans.attribute('xmpp.to', parseJid('bob@localhost'));
      const span = tracing.telemetryTracer.startSpan('storage.query');
      span.end();
      spans.openParked(meta, 'c2s.deliver', performance.now(), (n: number) => ({ n }), 1);
      spans.close();
      spans.close();
      spans.closeParked(meta, undefined, endAt);
    };
    run(performance.now() + 1);
    expect(tracing.stats()).toMatchObject({ openTraces: 0, kept: { sampled: 0 }, dropped: { not_sampled: 1 } });
    run(performance.now() + 80);
    const [kept] = tracing.store.list({ limit: 1 });
    expect(kept).toMatchObject({ keptBecause: 'slow' });
    const byName = new Map(tracing.store.get(kept.traceId)?.spans.map((span) => [span.name, span]));
    expect([...byName.keys()]).toEqual(['c2s.receive', 'router.route', 'storage.query', 'c2s.deliver']);
    expect(byName.get('c2s.receive')?.attributes['meerkat.trace.outline']).toBe(1);
    expect(byName.get('router.route')).toMatchObject({ parentSpanId: byName.get('c2s.receive')?.spanId, attributes: { 'xmpp.kind': 'message', 'xmpp.to': 'bob@localhost' } });
    expect(byName.get('router.route')?.startMs).toBeGreaterThan(byName.get('c2s.receive')?.startMs ?? Infinity);
    expect(byName.get('storage.query')?.parentSpanId).toBe(byName.get('router.route')?.spanId);
    expect(byName.get('c2s.deliver')?.parentSpanId).toBe(byName.get('router.route')?.spanId);
  });

  it('ends deliveries parked before the move in the record', () => {
    const { tracing, spans } = setup();
    const at = performance.now();
    const meta = stanzaMeta(at);
    spans.open('c2s.receive', at);
    spans.openParked(meta, 'c2s.deliver', at + 0.1, (n: number) => ({ n }), 1);
    tracing.activeSpan();
    spans.close();
    spans.closeParked(meta, 'offline storage failed', at + 0.2);
    const [kept] = tracing.store.list({ limit: 1 });
    expect(kept).toMatchObject({ keptBecause: 'error' });
    expect(tracing.store.get(kept.traceId)?.spans.map((span) => [span.name, span.status.code])).toEqual([
      ['c2s.receive', 'unset'],
      ['c2s.deliver', 'error'],
    ]);
  });

  it('sweeps an outline whose delivery never ends as incomplete and slow, and evicts the oldest past maxOpenTraces', () => {
    const clock = { ms: performance.timeOrigin + performance.now() };
    const options = { nodeName: 'n1', sampleRatio: 0, slowThresholdMs: 50, maxTraces: 10, sweepIntervalMs: 0, now: () => clock.ms };
    const swept = createNodeTracing({ ...options, openTraceTimeoutMs: 60_000 });
    const at = performance.now();
    const [stuck] = nodePath(swept.spans, at);
    swept.sweep();
    expect(swept.stats().openTraces).toBe(1);
    clock.ms += 61_000;
    swept.sweep();
    expect(swept.stats()).toMatchObject({ openTraces: 0, forcedComplete: 1, kept: { slow: 1 } });
    const [summary] = swept.store.list({ limit: 1 });
    expect(summary).toMatchObject({ incomplete: true });
    // Its delivery ending now is ignored.
    swept.spans.closeParked(stuck, 'late', at + 62_000);
    expect(swept.stats()).toMatchObject({ kept: { slow: 1, error: 0 } });

    const evicting = createNodeTracing({ ...options, maxOpenTraces: 2 });
    const metas = [nodePath(evicting.spans, at), nodePath(evicting.spans, at), nodePath(evicting.spans, at)].map(([meta]) => meta);
    expect(evicting.stats()).toMatchObject({ openTraces: 2, dropped: { evicted: 1 } });
    evicting.spans.closeParked(metas[0], 'late', at + 1);
    expect(evicting.stats().kept.error).toBe(0);
    evicting.spans.closeParked(metas[1], undefined, at + 1);
    evicting.spans.closeParked(metas[2], undefined, at + 1);
    expect(evicting.stats()).toMatchObject({ openTraces: 0, dropped: { not_sampled: 2, evicted: 1 } });
  });
});
