// Traces as the console carries them: the node's kept traces (tail sampling), listed with filters
// and fetched one at a time with every span. The shapes are the node's own admin contract types.
import type { SpanRecord, TraceDetail, TraceSummary } from '../../embedded-server/admin/contract/traces.js';

export type { SpanAttributeValue, SpanEventRecord, SpanRecord, TraceDetail, TraceSummary } from '../../embedded-server/admin/contract/traces.js';

export interface TracesListRequest {
  nodeId: string;
  /** Only traces at least this long. */
  minDurationMs?: number;
  /** Only traces with an error span. */
  errorsOnly?: boolean;
  /** A bare JID also matches its full JIDs. */
  jid?: string;
  /** Only traces with a span of this exact name. */
  spanName?: string;
  /** Default 100, at most 1000. */
  limit?: number;
  /** Only traces that started strictly before this time (epoch ms): the last startMs of a page gives the next page. */
  beforeMs?: number;
}

export interface TracesListResult {
  traces: TraceSummary[];
}

export interface TraceGetRequest {
  nodeId: string;
  traceId: string;
}

export type TraceGetResult = TraceDetail;

/** A span as the waterfall needs it (kept here so both sides agree on the critical path). */
export type TraceSpan = SpanRecord;
