// Admin API: the traces the node kept (tail sampling: every error, every slow trace, a share of the
// rest). Served from memory by embedded-server/observability/tracing; times are epoch milliseconds
// with microsecond precision.
import * as z from 'zod';
import { endpoint } from './define.js';

export type TraceKeptReason = 'error' | 'slow' | 'sampled';
export type TraceDroppedReason = 'not_sampled' | 'evicted';
export type SpanStatusName = 'unset' | 'ok' | 'error';
export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type SpanAttributeValue = string | number | boolean | (string | number | boolean | null | undefined)[];

export interface TraceSummary {
  traceId: string;
  /** Name of the first span of the trace on this node. */
  rootName: string;
  startMs: number;
  durationMs: number;
  spanCount: number;
  /** Some span has status error. */
  error: boolean;
  /** JIDs named by span attributes (xmpp.from, xmpp.to, xmpp.jid, xmpp.user). */
  jids: string[];
  keptBecause: TraceKeptReason;
  /** A span had not ended when the trace was closed for being open too long. */
  incomplete: boolean;
}

export interface SpanEventRecord {
  name: string;
  timeMs: number;
  attributes: Record<string, SpanAttributeValue>;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** Null for the trace's root on this node; a remote parent's id when the trace came from elsewhere. */
  parentSpanId: string | null;
  name: string;
  kind: SpanKindName;
  startMs: number;
  /** Null when the span never ended (see TraceSummary.incomplete). */
  endMs: number | null;
  durationMs: number | null;
  attributes: Record<string, SpanAttributeValue>;
  events: SpanEventRecord[];
  links: { traceId: string; spanId: string; attributes: Record<string, SpanAttributeValue> }[];
  status: { code: SpanStatusName; message?: string };
}

export interface TraceDetail extends TraceSummary {
  /** In start order. */
  spans: SpanRecord[];
}

export interface TraceExportStats {
  endpoint: string;
  exportedSpans: number;
  failedBatches: number;
  failedSpans: number;
  /** Spans dropped because the export queue was full (the collector is slow or down). */
  droppedSpans: number;
  queuedSpans: number;
}

export interface TracingStats {
  sampleRatio: number;
  slowThresholdMs: number;
  maxKeptPerSecond: number;
  /** Sampled traces kept per second at most (within maxKeptPerSecond). */
  maxSampledPerSecond: number;
  kept: Record<TraceKeptReason, number>;
  /** evicted: open traces closed without a decision because too many were open at once. */
  dropped: Record<TraceDroppedReason, number>;
  openTraces: number;
  storedTraces: number;
  maxTraces: number;
  /** Traces closed (then judged) because they stayed open longer than the limit. */
  forcedComplete: number;
  /** Spans started under a trace already decided; they are not recorded. */
  lateSpans: number;
  /** Spans past the per-trace span limit; they are not recorded. */
  spansOverLimit: number;
  /** Null when no OTLP endpoint is configured. */
  export: TraceExportStats | null;
}

export const traceListQuery = z
  .strictObject({
    /** Only traces at least this long. */
    min_duration_ms: z.coerce.number().min(0).optional(),
    /** Only traces with an error span ("true"/"false"). */
    errors_only: z.stringbool().optional(),
    /** A full JID matches itself; a bare JID also matches its full JIDs. */
    jid: z.string().min(1).optional(),
    /** Only traces with a span of this exact name. */
    span_name: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** Only traces that started strictly before this time (epoch ms): the last startMs of a page gives the next page. */
    before: z.coerce.number().optional(),
  })
  // Query parameters are snake_case like the rest of the admin API; the store takes camelCase.
  .transform((q) => ({
    minDurationMs: q.min_duration_ms,
    errorsOnly: q.errors_only,
    jid: q.jid,
    spanName: q.span_name,
    limit: q.limit,
    before: q.before,
  }));

export type TraceListFilter = z.output<typeof traceListQuery>;

export const tracesList = endpoint<{ traces: TraceSummary[] }>()({
  name: 'traces.list',
  method: 'GET',
  path: '/api/traces',
  summary: 'Kept traces, latest start first, filtered by duration, errors, JID or span name',
  query: traceListQuery,
});

export const tracesStats = endpoint<TracingStats>()({
  name: 'traces.stats',
  method: 'GET',
  path: '/api/traces/stats',
  summary: 'Tail-sampling counters: traces kept and dropped by reason, open traces, OTLP export',
});

export const traceGet = endpoint<TraceDetail>()({
  name: 'traces.get',
  method: 'GET',
  path: '/api/traces/:traceId',
  summary: 'One kept trace with all its spans',
  params: z.strictObject({ traceId: z.string().min(1) }),
});
