// The traces.list and traces.get channels: the node's GET /api/traces and /api/traces/:traceId,
// with the console's camelCase filter turned into the node's snake_case query.
import { traceGet, tracesList } from '../../../embedded-server/admin/contract/traces.js';
import type { TraceGetRequest, TraceGetResult, TracesListRequest, TracesListResult } from '../../common/trace-views.js';
import type { QueryValue } from '../admin/admin-request.js';
import type { NodeRegistry } from '../registry/node-registry.js';

export function traceListQuery(req: TracesListRequest): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  if (req.minDurationMs !== undefined) query.min_duration_ms = req.minDurationMs;
  if (req.errorsOnly === true) query.errors_only = 'true';
  if (req.jid !== undefined && req.jid !== '') query.jid = req.jid;
  if (req.spanName !== undefined && req.spanName !== '') query.span_name = req.spanName;
  if (req.limit !== undefined) query.limit = req.limit;
  if (req.beforeMs !== undefined) query.before = req.beforeMs;
  return query;
}

export function listTraces(registry: NodeRegistry, req: TracesListRequest): Promise<TracesListResult> {
  return registry.require(req.nodeId).admin.call(tracesList, { query: traceListQuery(req) });
}

export function getTrace(registry: NodeRegistry, { nodeId, traceId }: TraceGetRequest): Promise<TraceGetResult> {
  return registry.require(nodeId).admin.call(traceGet, { params: { traceId } });
}
