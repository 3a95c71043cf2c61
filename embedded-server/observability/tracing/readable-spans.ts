// Kept traces in the OpenTelemetry SDK's ReadableSpan shape, which the OTLP exporters serialize.
import { TraceFlags, type HrTime, type SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { FinishedSpan, FinishedTrace } from './finished-trace.js';

export function hrTimeFromMs(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}

function readableSpan(trace: FinishedTrace, span: FinishedSpan, resource: Resource, scope: InstrumentationScope): ReadableSpan {
  const context: SpanContext = { traceId: trace.traceId, spanId: span.spanId, traceFlags: TraceFlags.SAMPLED, traceState: trace.traceState };
  const parentId = span.parentSpanId;
  const parentSpanContext: SpanContext | undefined =
    parentId === undefined ? undefined : { traceId: context.traceId, spanId: parentId, traceFlags: TraceFlags.SAMPLED, isRemote: span.remoteParent };
  const ended = !Number.isNaN(span.endMs);
  // A span closed before it ended is exported with zero duration and marked, rather than given an invented end.
  const endMs = ended ? span.endMs : span.startMs;
  const attributes = ended ? span.attributes : { ...span.attributes, 'meerkat.span.unfinished': true };
  const events: TimedEvent[] = span.events.map((e) => ({ name: e.name, time: hrTimeFromMs(e.timeMs), attributes: e.attributes }));
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => context,
    parentSpanContext,
    startTime: hrTimeFromMs(span.startMs),
    endTime: hrTimeFromMs(endMs),
    duration: hrTimeFromMs(endMs - span.startMs),
    status: span.status,
    attributes,
    links: [...span.links],
    events,
    ended,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: span.droppedAttributes,
    droppedEventsCount: span.droppedEvents,
    droppedLinksCount: span.droppedLinks,
  };
}

export function toReadableSpans(trace: FinishedTrace, resource: Resource, scope: InstrumentationScope): ReadableSpan[] {
  return trace.spans.map((span) => readableSpan(trace, span, resource, scope));
}
