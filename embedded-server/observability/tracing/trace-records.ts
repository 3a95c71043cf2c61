// Plain-JSON views of a kept trace. The admin contract (admin/contract/traces.ts) declares the same
// shapes for clients; the routes file makes the compiler check that the two agree.
import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { FinishedSpan, FinishedTrace } from './finished-trace.js';
import type { ExportCounters } from './otlp-export.js';
import type { KeptReason } from './tail-sampling.js';

type AttributeValue = string | number | boolean | (string | number | boolean | null | undefined)[];
type AttributeRecord = Record<string, AttributeValue>;

export interface TraceSummary {
  traceId: string;
  rootName: string;
  startMs: number;
  durationMs: number;
  spanCount: number;
  error: boolean;
  jids: string[];
  keptBecause: KeptReason;
  incomplete: boolean;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  startMs: number;
  endMs: number | null;
  durationMs: number | null;
  attributes: AttributeRecord;
  events: { name: string; timeMs: number; attributes: AttributeRecord }[];
  links: { traceId: string; spanId: string; attributes: AttributeRecord }[];
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
}

export interface TraceDetail extends TraceSummary {
  spans: SpanRecord[];
}

export interface TracingStats {
  sampleRatio: number;
  slowThresholdMs: number;
  /** Kept traces per second at most; past it, traces are counted in dropped.rate_limited. */
  maxKeptPerSecond: number;
  /** Sampled traces kept per second at most (within maxKeptPerSecond). */
  maxSampledPerSecond: number;
  kept: Record<KeptReason, number>;
  dropped: { not_sampled: number; evicted: number; rate_limited: number };
  openTraces: number;
  storedTraces: number;
  maxTraces: number;
  forcedComplete: number;
  lateSpans: number;
  spansOverLimit: number;
  export: ExportCounters | null;
}

/** Span attributes whose values are JIDs (the chat code's naming). */
export const JID_ATTRIBUTES: readonly string[] = ['xmpp.from', 'xmpp.to', 'xmpp.jid', 'xmpp.user'];

const KIND_NAMES: Record<SpanKind, SpanRecord['kind']> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

const STATUS_NAMES: Record<SpanStatusCode, SpanRecord['status']['code']> = {
  [SpanStatusCode.UNSET]: 'unset',
  [SpanStatusCode.OK]: 'ok',
  [SpanStatusCode.ERROR]: 'error',
};

/** Milliseconds rounded to the microsecond. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function attributeRecord(attributes: Attributes | undefined): AttributeRecord {
  const out: AttributeRecord = {};
  if (attributes === undefined) return out;
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) out[key] = value as AttributeValue;
  }
  return out;
}

export function summarizeTrace(trace: FinishedTrace, keptBecause: KeptReason, startMs: number, durationMs: number): TraceSummary {
  const jids = new Set<string>();
  let error = false;
  for (const span of trace.spans) {
    if (span.status.code === SpanStatusCode.ERROR) error = true;
    for (const key of JID_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value === 'string' && value !== '') jids.add(value);
    }
  }
  return {
    traceId: trace.traceId,
    rootName: trace.spans[0].name,
    startMs: roundMs(startMs),
    durationMs: roundMs(durationMs),
    spanCount: trace.spanCount,
    error,
    jids: [...jids],
    keptBecause,
    incomplete: trace.incomplete,
  };
}

export function spanRecord(trace: FinishedTrace, span: FinishedSpan): SpanRecord {
  const ended = !Number.isNaN(span.endMs);
  const record: SpanRecord = {
    traceId: trace.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? null,
    name: span.name,
    kind: KIND_NAMES[span.kind],
    startMs: roundMs(span.startMs),
    endMs: ended ? roundMs(span.endMs) : null,
    durationMs: ended ? roundMs(span.endMs - span.startMs) : null,
    attributes: attributeRecord(span.attributes),
    events: span.events.map((e) => ({ name: e.name, timeMs: roundMs(e.timeMs), attributes: attributeRecord(e.attributes) })),
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attributes: attributeRecord(l.attributes) })),
    status: { code: STATUS_NAMES[span.status.code] },
  };
  if (span.status.message !== undefined) record.status.message = span.status.message;
  return record;
}
