// Admin API handlers for the traces kept by the node's tracer (contract: admin/contract/traces.ts).
import { traceGet, tracesList, tracesStats, type TraceDetail, type TraceSummary, type TracingStats } from '../contract/traces.js';
import type { NodeTracing } from '../../observability/tracing/index.js';
import { AdminError } from '../server/admin-error.js';
import type { RouteTable } from '../server/route-table.js';

export interface TracesRoutesDeps {
  tracing: Pick<NodeTracing, 'store' | 'stats'>;
}

export function registerTracesRoutes(routes: RouteTable, deps: TracesRoutesDeps): void {
  const { tracing } = deps;
  // The store's shapes are checked against the contract's here (assignments below), so they cannot drift.
  routes.add(tracesList, ({ query }) => {
    const traces: TraceSummary[] = tracing.store.list(query);
    return { traces };
  });
  // Before traces.get, whose :traceId would otherwise take "stats".
  routes.add(tracesStats, (): TracingStats => tracing.stats());
  routes.add(traceGet, ({ params }) => {
    const trace: TraceDetail | undefined = tracing.store.get(params.traceId);
    if (trace === undefined) throw new AdminError('not_found', `No kept trace ${params.traceId} (it was dropped by sampling, or pushed out of the store)`);
    return trace;
  });
}
