// Tracing for one chat node: see node-tracing.ts.
export { createNodeTracing, type NodeTracing, type NodeTracingOptions } from './node-tracing.js';
export type { TraceStore, TraceListFilter } from './trace-store.js';
export type { TraceSummary, TraceDetail, SpanRecord, TracingStats } from './trace-records.js';
export type { TraceCarrier } from './w3c-trace-context.js';
