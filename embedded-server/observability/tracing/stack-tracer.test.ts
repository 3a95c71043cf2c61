import { ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createNodeTracing } from './node-tracing.js';

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

function newTracing() {
  return createNodeTracing({ nodeName: 'n1', sampleRatio: 1, slowThresholdMs: 50, maxTraces: 100, sweepIntervalMs: 0 });
}

describe('span ids and parents', () => {
  it('gives W3C ids; a child shares the trace id and names its parent', () => {
    const tracing = newTracing();
    const tracer = tracing.telemetryTracer;
    const root = tracer.startSpan('root');
    const child = tracing.withSpan(root, () => tracer.startSpan('child'));
    const grandchild = tracing.withSpan(child, () => tracer.startSpan('grandchild'));
    for (const span of [grandchild, child, root]) span.end();
    const r = root.spanContext();
    expect(r.traceId).toMatch(HEX32);
    expect(r.spanId).toMatch(HEX16);
    expect(child.spanContext().traceId).toBe(r.traceId);
    expect(new Set([r.spanId, child.spanContext().spanId, grandchild.spanContext().spanId]).size).toBe(3);
    const spans = tracing.store.get(r.traceId)?.spans ?? [];
    expect(spans.map((s) => [s.name, s.parentSpanId])).toEqual([
      ['root', null],
      ['child', r.spanId],
      ['grandchild', child.spanContext().spanId],
    ]);
  });

  it('takes the parent from an explicit context, and none with options.root', () => {
    const tracing = newTracing();
    const tracer = tracing.telemetryTracer;
    const a = tracer.startSpan('a');
    const b = tracer.startSpan('b');
    const underA = tracing.withSpan(b, () => tracer.startSpan('under-a', {}, trace.setSpan(ROOT_CONTEXT, a)));
    const underB = tracing.withSpan(b, () => tracer.startSpan('under-b', {}, ROOT_CONTEXT));
    const fresh = tracing.withSpan(b, () => tracer.startSpan('fresh', { root: true }));
    expect(underA.spanContext().traceId).toBe(a.spanContext().traceId);
    expect(underB.spanContext().traceId).toBe(b.spanContext().traceId);
    expect(fresh.spanContext().traceId).not.toBe(b.spanContext().traceId);
  });

  it('keeps the traces of two nodes in one process apart', () => {
    const one = newTracing();
    const two = newTracing();
    const root = one.telemetryTracer.startSpan('on-one');
    const child = one.withSpan(root, () => two.telemetryTracer.startSpan('on-two', {}, trace.setSpan(ROOT_CONTEXT, root)));
    child.end();
    root.end();
    expect(two.activeSpan()).toBeUndefined();
    expect(one.store.get(root.spanContext().traceId)?.spans.map((s) => s.name)).toEqual(['on-one']);
    // The other node continues the same trace id with the first node's span as its remote parent.
    const onTwo = two.store.get(root.spanContext().traceId)?.spans ?? [];
    expect(onTwo.map((s) => [s.name, s.parentSpanId])).toEqual([['on-two', root.spanContext().spanId]]);
  });
});

describe('withSpan, activeSpan and logMixin', () => {
  it('is a stack: nested spans are current inside, popped after, even on a throw', () => {
    const tracing = newTracing();
    const tracer = tracing.telemetryTracer;
    const outer = tracer.startSpan('outer');
    const inner = tracer.startSpan('inner');
    const seen: (Span | undefined)[] = [];
    tracing.withSpan(outer, () => {
      seen.push(tracing.activeSpan());
      expect(() =>
        tracing.withSpan(inner, () => {
          seen.push(tracing.activeSpan());
          throw new Error('handler failed');
        }),
      ).toThrow('handler failed');
      seen.push(tracing.activeSpan());
    });
    seen.push(tracing.activeSpan());
    expect(seen).toEqual([outer, inner, outer, undefined]);
    expect(tracing.withSpan(undefined, () => 42)).toBe(42);
  });

  it('startActiveSpan runs fn under the new span and returns what fn returns', () => {
    const tracing = newTracing();
    const tracer = tracing.telemetryTracer;
    const parent = tracer.startSpan('parent');
    const result = tracer.startActiveSpan('a', (span) => {
      expect(tracing.activeSpan()).toBe(span);
      span.end();
      return 'done';
    });
    expect(result).toBe('done');
    const childTraceId = tracer.startActiveSpan('b', { attributes: { k: 1 } }, trace.setSpan(ROOT_CONTEXT, parent), (span) => {
      span.end();
      return span.spanContext().traceId;
    });
    expect(childTraceId).toBe(parent.spanContext().traceId);
    expect(tracing.activeSpan()).toBeUndefined();
  });

  it('logMixin puts the current span ids on pino log lines, and nothing outside a span', () => {
    const tracing = newTracing();
    const lines: Record<string, unknown>[] = [];
    const log = pino({ mixin: tracing.logMixin }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const span = tracing.telemetryTracer.startSpan('work');
    tracing.withSpan(span, () => log.info({ what: 'inside' }));
    log.info({ what: 'outside' });
    tracing.withSpan(span, () => log.info({ what: 'inside_again' }));
    const { traceId, spanId } = span.spanContext();
    expect(lines.map((l) => [l.what, l.trace_id, l.span_id])).toEqual([
      ['inside', traceId, spanId],
      ['outside', undefined, undefined],
      ['inside_again', traceId, spanId],
    ]);
  });
});

describe('span recording', () => {
  it('records attributes, events, exceptions, status and a new name; ignores writes after end', () => {
    const tracing = newTracing();
    const shared = Object.freeze({ 'xmpp.kind': 'message' });
    const span = tracing.telemetryTracer.startSpan('first', { attributes: shared });
    span.setAttribute('xmpp.to', 'bob@localhost').setAttributes({ n: 3, ok: true });
    span.addEvent('queued', { depth: 2 }).addEvent('timed', 1_800_000_000_123.5);
    span.recordException(new TypeError('bad thing'));
    span.setStatus({ code: 2, message: 'failed' });
    span.setStatus({ code: 0 });
    span.updateName('renamed');
    expect(span.isRecording()).toBe(true);
    span.end();
    expect(span.isRecording()).toBe(false);
    span.setAttribute('after', 1).updateName('too-late').setStatus({ code: 1 });
    const [record] = tracing.store.get(span.spanContext().traceId)?.spans ?? [];
    expect(record.name).toBe('renamed');
    expect(record.attributes).toEqual({ 'xmpp.kind': 'message', 'xmpp.to': 'bob@localhost', n: 3, ok: true });
    expect(shared).toEqual({ 'xmpp.kind': 'message' });
    expect(record.events.map((e) => e.name)).toEqual(['queued', 'timed', 'exception']);
    expect(record.events[0].attributes).toEqual({ depth: 2 });
    expect(record.events[1].timeMs).toBe(1_800_000_000_123.5);
    expect(record.events[2].attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'bad thing' });
    expect(record.status).toEqual({ code: 'error', message: 'failed' });
    expect(record.endMs).not.toBeNull();
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('takes explicit start and end times (epoch ms, Date, HrTime, performance.now())', () => {
    const tracing = newTracing();
    const tracer = tracing.telemetryTracer;
    const a = tracer.startSpan('a', { startTime: 1_800_000_000_000 });
    a.end(new Date(1_800_000_000_250));
    const b = tracer.startSpan('b', { startTime: [1_800_000_000, 500_000] });
    b.end([1_800_000_001, 0]);
    const c = tracer.startSpan('c', { startTime: performance.now() });
    c.end();
    expect(tracing.store.get(a.spanContext().traceId)?.spans[0]).toMatchObject({ startMs: 1_800_000_000_000, durationMs: 250 });
    expect(tracing.store.get(b.spanContext().traceId)?.spans[0]).toMatchObject({ startMs: 1_800_000_000_000.5, durationMs: 999.5 });
    const cStart = tracing.store.get(c.spanContext().traceId)?.spans[0].startMs ?? 0;
    expect(Math.abs(cStart - Date.now())).toBeLessThan(60_000);
  });
});
