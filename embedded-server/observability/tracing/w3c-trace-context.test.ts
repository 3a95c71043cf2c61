import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { createNodeTracing } from './node-tracing.js';

function newTracing() {
  return createNodeTracing({ nodeName: 'n1', sampleRatio: 1, slowThresholdMs: 50, maxTraces: 100, sweepIntervalMs: 0 });
}

describe('W3C trace context', () => {
  it('injects a traceparent that extracts back to the same span context', () => {
    const tracing = newTracing();
    const span = tracing.telemetryTracer.startSpan('stanza');
    const carrier: Record<string, string> = {};
    tracing.inject(span, carrier);
    const { traceId, spanId } = span.spanContext();
    expect(carrier.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(tracing.extract(carrier)).toMatchObject({ traceId, spanId, traceFlags: 1, isRemote: true });
  });

  it('continues a remote trace: same trace id, the remote span as parent, tracestate carried on', () => {
    const sender = newTracing();
    const receiver = newTracing();
    const carrier = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'meerkat=n1,other=x' };
    const remote = receiver.extract(carrier);
    expect(remote?.traceState?.get('meerkat')).toBe('n1');
    const span = receiver.telemetryTracer.startSpan('c2s.receive', {}, trace.setSpanContext(ROOT_CONTEXT, remote!));
    const forwarded: Record<string, string> = {};
    receiver.inject(span, forwarded);
    span.end();
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(forwarded.tracestate).toBe('meerkat=n1,other=x');
    expect(receiver.store.get('0af7651916cd43dd8448eb211c80319c')?.spans[0].parentSpanId).toBe('b7ad6b7169203331');
    expect(sender.store.size).toBe(0);
  });

  it('ignores a missing or malformed traceparent', () => {
    const tracing = newTracing();
    expect(tracing.extract({})).toBeUndefined();
    expect(tracing.extract({ traceparent: 'garbage' })).toBeUndefined();
    expect(tracing.extract({ traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' })).toBeUndefined();
    expect(tracing.extract({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01' })).toBeUndefined();
    expect(tracing.extract({ traceparent: 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' })).toBeUndefined();
  });

  it('writes tracestate only when the trace has one', () => {
    const tracing = newTracing();
    const local: Record<string, string> = {};
    tracing.inject(tracing.telemetryTracer.startSpan('x'), local);
    expect(Object.keys(local)).toEqual(['traceparent']);
    const withState = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
      isRemote: true,
      traceState: new TraceState('a=1'),
    });
    const carrier: Record<string, string> = {};
    tracing.inject(tracing.telemetryTracer.startSpan('y', {}, withState), carrier);
    expect(carrier.tracestate).toBe('a=1');
  });
});
