// W3C Trace Context (https://www.w3.org/TR/trace-context/): `traceparent` and `tracestate` in a
// string map (HTTP headers, or stanza attributes when a trace crosses nodes), through the OTel core
// propagator, used directly rather than registered globally.
import { ROOT_CONTEXT, defaultTextMapGetter, defaultTextMapSetter, isSpanContextValid, trace, type Span, type SpanContext } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

export type TraceCarrier = Record<string, string>;

const propagator = new W3CTraceContextPropagator();

/** Writes `traceparent` (and `tracestate` when the trace has one) for `span` into the carrier. */
export function injectTraceContext(span: Span, carrier: TraceCarrier): void {
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
}

/** The remote parent named by the carrier's `traceparent`, or undefined when absent or malformed. */
export function extractTraceContext(carrier: TraceCarrier): SpanContext | undefined {
  const context = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));
  return context !== undefined && isSpanContextValid(context) ? context : undefined;
}
