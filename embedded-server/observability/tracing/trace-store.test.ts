import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createNodeTracing } from './node-tracing.js';

const T0 = 1_800_000_000_000;

/** A store holding four traces of known shape, kept at ratio 1. */
function filledStore() {
  const clock = { ms: T0 };
  const tracing = createNodeTracing({ nodeName: 'n1', sampleRatio: 1, slowThresholdMs: 1000, maxTraces: 100, now: () => clock.ms, sweepIntervalMs: 0 });
  const tracer = tracing.telemetryTracer;
  const message = (from: string, to: string, durationMs: number, fail = false) => {
    const receive = tracer.startSpan('c2s.receive', { attributes: { 'xmpp.from': from, 'xmpp.to': to } });
    tracing.withSpan(receive, () => {
      const route = tracer.startSpan('router.route', { attributes: { 'xmpp.to': to } });
      const deliver = tracing.withSpan(route, () => tracer.startSpan(fail ? 'offline.store' : 'c2s.deliver', { attributes: { 'xmpp.to': `${to}/laptop` } }));
      clock.ms += durationMs;
      if (fail) deliver.setStatus({ code: SpanStatusCode.ERROR, message: 'storage failed' });
      deliver.end();
      route.end();
    });
    receive.end();
    clock.ms += 10;
    return receive.spanContext().traceId;
  };
  const ids = [
    message('alice@localhost/phone', 'bob@localhost', 2),
    message('carol@localhost/web', 'bob@localhost', 30),
    message('alice@localhost/phone', 'dave@localhost', 5, true),
    message('erin@localhost/x', 'frank@localhost', 1),
  ];
  return { tracing, ids };
}

describe('TraceStore', () => {
  it('lists summaries newest first with root name, timing, span count, error flag and jids', () => {
    const { tracing, ids } = filledStore();
    const all = tracing.store.list({ limit: 100 });
    expect(all.map((s) => s.traceId)).toEqual([...ids].reverse());
    expect(all[3]).toEqual({
      traceId: ids[0],
      rootName: 'c2s.receive',
      startMs: T0,
      durationMs: 2,
      spanCount: 3,
      error: false,
      jids: ['alice@localhost/phone', 'bob@localhost', 'bob@localhost/laptop'],
      keptBecause: 'sampled',
      incomplete: false,
    });
    expect(all[1]).toMatchObject({ error: true, keptBecause: 'error' });
  });

  it('filters by duration, errors, JID (bare matches full), span name, before, and limits', () => {
    const { tracing, ids } = filledStore();
    const list = (filter: object) => tracing.store.list({ limit: 100, ...filter }).map((s) => ids.indexOf(s.traceId));
    expect(list({ minDurationMs: 5 })).toEqual([2, 1]);
    expect(list({ errorsOnly: true })).toEqual([2]);
    expect(list({ errorsOnly: false })).toEqual([3, 2, 1, 0]);
    expect(list({ jid: 'alice@localhost' })).toEqual([2, 0]);
    expect(list({ jid: 'alice@localhost/phone' })).toEqual([2, 0]);
    expect(list({ jid: 'alice@localhost/other' })).toEqual([]);
    expect(list({ jid: 'bob@localhost/laptop' })).toEqual([1, 0]);
    expect(list({ jid: 'alice@local' })).toEqual([]);
    expect(list({ spanName: 'offline.store' })).toEqual([2]);
    expect(list({ limit: 2 })).toEqual([3, 2]);
    const second = tracing.store.list({ limit: 100 })[2];
    expect(list({ before: second.startMs })).toEqual([0]);
    expect(list({ jid: 'bob@localhost', minDurationMs: 10 })).toEqual([1]);
  });

  it('returns every span of one trace, with ids, parents, times, attributes and status', () => {
    const { tracing, ids } = filledStore();
    const detail = tracing.store.get(ids[2].toUpperCase());
    expect(detail?.traceId).toBe(ids[2]);
    const [receive, route, store] = detail?.spans ?? [];
    expect(receive).toMatchObject({ name: 'c2s.receive', parentSpanId: null, kind: 'internal', status: { code: 'unset' } });
    expect(route.parentSpanId).toBe(receive.spanId);
    expect(store).toMatchObject({
      traceId: ids[2],
      parentSpanId: route.spanId,
      name: 'offline.store',
      durationMs: 5,
      attributes: { 'xmpp.to': 'dave@localhost/laptop' },
      status: { code: 'error', message: 'storage failed' },
      events: [],
      links: [],
    });
    expect(store.endMs).toBe(store.startMs + 5);
    expect(tracing.store.get('0af7651916cd43dd8448eb211c80319c')).toBeUndefined();
  });

  it('orders by start time and pages with before, even when traces complete out of order', () => {
    const clock = { ms: T0 };
    const tracing = createNodeTracing({ nodeName: 'n1', sampleRatio: 1, slowThresholdMs: 10_000, maxTraces: 100, now: () => clock.ms, sweepIntervalMs: 0 });
    const tracer = tracing.telemetryTracer;
    // "long" starts first and completes last; the others start and complete in between.
    const long = tracer.startSpan('long');
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.ms += 1.0004;
      const span = tracer.startSpan(`short${i}`);
      clock.ms += 0.5;
      span.end();
      names.push(`short${i}`);
    }
    clock.ms += 1;
    long.end();
    const page = (before?: number) => tracing.store.list({ limit: 2, before });
    const first = page();
    const second = page(first[1].startMs);
    const third = page(second[1].startMs);
    const fourth = page(third[1].startMs);
    expect([first, second, third, fourth].map((p) => p.map((s) => s.rootName))).toEqual([
      ['short4', 'short3'],
      ['short2', 'short1'],
      ['short0', 'long'],
      [],
    ]);
    expect(tracing.store.list({ limit: 100 }).map((s) => s.rootName)).toEqual([...names].reverse().concat('long'));
  });
});
