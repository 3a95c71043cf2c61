import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createNodeTracing, type NodeTracingOptions } from './node-tracing.js';

const T0 = 1_800_000_000_000;

function setup(opts: Partial<NodeTracingOptions> = {}) {
  const clock = { ms: T0 };
  const tracing = createNodeTracing({
    nodeName: 'n1',
    sampleRatio: 0,
    slowThresholdMs: 50,
    maxTraces: 1000,
    now: () => clock.ms,
    sweepIntervalMs: 0,
    ...opts,
  });
  const tracer = tracing.telemetryTracer;
  /** One stanza-like trace: root with two children, `durationMs` long. */
  const stanza = (durationMs = 1, fail = false) => {
    const root = tracer.startSpan('c2s.receive');
    tracing.withSpan(root, () => {
      const hooks = tracer.startSpan('hooks.user_send_packet');
      hooks.end();
      const route = tracer.startSpan('router.route');
      if (fail) route.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
      clock.ms += durationMs;
      route.end();
    });
    root.end();
    return root.spanContext().traceId;
  };
  return { clock, tracing, tracer, stanza };
}

describe('tail sampling', () => {
  it('keeps no fast, error-free trace at ratio 0 and counts them as not sampled', () => {
    const { tracing, stanza } = setup({ sampleRatio: 0 });
    for (let i = 0; i < 200; i++) stanza(1);
    const stats = tracing.stats();
    expect(stats.kept).toEqual({ error: 0, slow: 0, sampled: 0 });
    expect(stats.dropped.not_sampled).toBe(200);
    expect(tracing.store.size).toBe(0);
    expect(stats.openTraces).toBe(0);
  });

  it('always keeps a trace with an error span, whatever the ratio', () => {
    const { tracing, stanza } = setup({ sampleRatio: 0 });
    stanza(1);
    const failed = stanza(1, true);
    stanza(1);
    expect(tracing.stats().kept.error).toBe(1);
    const [kept] = tracing.store.list({ limit: 10 });
    expect(kept.traceId).toBe(failed);
    expect(kept.keptBecause).toBe('error');
    expect(kept.error).toBe(true);
  });

  it('always keeps a trace at least slowThresholdMs long', () => {
    const { tracing, stanza } = setup({ sampleRatio: 0, slowThresholdMs: 50 });
    stanza(49.9);
    const slow = stanza(50);
    const summaries = tracing.store.list({ limit: 10 });
    expect(summaries.map((s) => s.traceId)).toEqual([slow]);
    expect(summaries[0].keptBecause).toBe('slow');
    expect(summaries[0].durationMs).toBe(50);
    expect(tracing.stats().dropped.not_sampled).toBe(1);
  });

  it('keeps ordinary traces when the random draw is below the ratio', () => {
    const draws = [0.1, 0.5, 0.29, 0.3, 0.99];
    const { tracing, stanza } = setup({ sampleRatio: 0.3, random: () => draws.shift() ?? 1 });
    const ids = Array.from({ length: 5 }, () => stanza(1));
    expect(tracing.store.list({ limit: 10 }).map((s) => s.traceId)).toEqual([ids[2], ids[0]]);
    expect(tracing.stats().kept.sampled).toBe(2);
    expect(tracing.stats().dropped.not_sampled).toBe(3);
  });

  it('keeps every trace at ratio 1', () => {
    const { tracing, stanza } = setup({ sampleRatio: 1, maxSampledPerSecond: 1000 });
    for (let i = 0; i < 20; i++) stanza(1);
    expect(tracing.stats().kept.sampled).toBe(20);
    expect(tracing.store.size).toBe(20);
  });

  it('decides only when the root and every span under it have ended', () => {
    const { tracing, tracer, clock } = setup({ sampleRatio: 1 });
    const root = tracer.startSpan('c2s.receive');
    const deliver = tracing.withSpan(root, () => tracer.startSpan('c2s.deliver'));
    root.end();
    expect(tracing.stats().openTraces).toBe(1);
    expect(tracing.store.size).toBe(0);
    clock.ms += 7;
    deliver.end();
    expect(tracing.stats().openTraces).toBe(0);
    const [kept] = tracing.store.list({ limit: 1 });
    expect(kept.spanCount).toBe(2);
    expect(kept.durationMs).toBe(7);
  });

  it('does not record spans started under a trace already decided', () => {
    const { tracing, tracer } = setup({ sampleRatio: 1 });
    const root = tracer.startSpan('root');
    root.end();
    const child = tracing.withSpan(root, () => tracer.startSpan('child-of-ended'));
    expect(child.isRecording()).toBe(false);
    expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
    child.end();
    expect(tracing.stats().lateSpans).toBe(1);
    expect(tracing.stats().kept.sampled).toBe(1);
    expect(tracing.store.get(root.spanContext().traceId)?.spans.map((s) => s.name)).toEqual(['root']);
  });
});

describe('bounded memory', () => {
  it('evicts the oldest open trace past maxOpenTraces, unjudged', () => {
    const { tracing, tracer } = setup({ sampleRatio: 1, maxOpenTraces: 3 });
    const roots = Array.from({ length: 5 }, (_, i) => tracer.startSpan(`r${i}`));
    const stats = tracing.stats();
    expect(stats.openTraces).toBe(3);
    expect(stats.dropped.evicted).toBe(2);
    // An evicted trace's spans no longer record; ending them decides nothing.
    expect(roots[0].isRecording()).toBe(false);
    for (const root of roots) root.end();
    expect(tracing.store.list({ limit: 10 }).map((s) => s.rootName)).toEqual(['r4', 'r3', 'r2']);
    expect(tracing.stats().kept.sampled).toBe(3);
  });

  it('closes traces open longer than the timeout and judges them as they are', () => {
    const { tracing, tracer, clock } = setup({ sampleRatio: 0, openTraceTimeoutMs: 60_000, slowThresholdMs: 50 });
    const stuck = tracer.startSpan('c2s.receive');
    const never = tracing.withSpan(stuck, () => tracer.startSpan('c2s.deliver'));
    stuck.end();
    clock.ms += 30_000;
    const young = tracer.startSpan('young');
    tracing.sweep();
    expect(tracing.stats().forcedComplete).toBe(0);
    clock.ms += 30_000;
    tracing.sweep();
    const stats = tracing.stats();
    expect(stats.forcedComplete).toBe(1);
    expect(stats.openTraces).toBe(1);
    const [kept] = tracing.store.list({ limit: 10 });
    expect(kept).toMatchObject({ rootName: 'c2s.receive', incomplete: true, keptBecause: 'slow', durationMs: 60_000 });
    const deliver = tracing.store.get(kept.traceId)?.spans[1];
    expect(deliver).toMatchObject({ name: 'c2s.deliver', endMs: null, durationMs: null });
    never.end();
    young.end();
    expect(tracing.store.get(kept.traceId)?.spans[1].endMs).toBeNull();
  });

  it('stops recording spans past maxSpansPerTrace', () => {
    const { tracing, tracer } = setup({ sampleRatio: 1, maxSpansPerTrace: 3 });
    const root = tracer.startSpan('root');
    tracing.withSpan(root, () => {
      for (let i = 0; i < 5; i++) tracer.startSpan(`s${i}`).end();
    });
    root.end();
    expect(tracing.stats().spansOverLimit).toBe(3);
    expect(tracing.store.list({ limit: 1 })[0].spanCount).toBe(3);
  });

  it('holds at most maxTraces kept traces, newest first', () => {
    const { tracing, stanza } = setup({ sampleRatio: 1, maxTraces: 3 });
    const ids = Array.from({ length: 5 }, () => stanza(1));
    expect(tracing.store.size).toBe(3);
    expect(tracing.store.list({ limit: 10 }).map((s) => s.traceId)).toEqual([ids[4], ids[3], ids[2]]);
    expect(tracing.store.get(ids[0])).toBeUndefined();
    expect(tracing.store.get(ids[4])?.traceId).toBe(ids[4]);
  });

  it('keeps at most maxKeptPerSecond traces a second: slow and failed ones may use all of it, sampled ones maxSampledPerSecond', () => {
    const { tracing, stanza, clock } = setup({ sampleRatio: 1, slowThresholdMs: 50, maxKeptPerSecond: 4, maxSampledPerSecond: 2 });
    // A node falling behind: every trace is slow.
    for (let i = 0; i < 6; i++) stanza(60);
    let stats = tracing.stats();
    // stanza(60) advances the clock 60 ms per trace: all six end within one second.
    expect(stats.kept.slow).toBe(4);
    expect(stats.dropped.rate_limited).toBe(2);
    expect(tracing.store.size).toBe(4);
    // A new second: the budget is whole again; ordinary traces get maxSampledPerSecond of it.
    clock.ms += 1000;
    for (let i = 0; i < 5; i++) stanza(1);
    stats = tracing.stats();
    expect(stats.kept.sampled).toBe(2);
    expect(stats.dropped.rate_limited).toBe(5);
    // Errors still fit in what sampled traces left.
    const failed = [stanza(1, true), stanza(1, true), stanza(1, true)];
    stats = tracing.stats();
    expect(stats.kept.error).toBe(2);
    expect(stats.dropped.rate_limited).toBe(6);
    expect(tracing.store.get(failed[0])?.keptBecause).toBe('error');
    expect(tracing.store.get(failed[2])).toBeUndefined();
    expect(stats.maxKeptPerSecond).toBe(4);
    expect(stats.maxSampledPerSecond).toBe(2);
  });

  it('keeps 200 traces a second by default', () => {
    const { tracing, stanza } = setup({ sampleRatio: 0, slowThresholdMs: 1 });
    for (let i = 0; i < 300; i++) stanza(1);
    expect(tracing.stats().kept.slow).toBe(200);
    expect(tracing.stats().dropped.rate_limited).toBe(100);
  });
});
