// Admin API handlers for the node's metrics (contract: admin/contract/metrics.ts).
import type { Registry } from 'prom-client';
import { metricsHistory, metricsPrometheus, metricsSeries, metricsStream, type MetricsSampleEvent, type MetricsSeriesInfo } from '../contract/metrics.js';
import { UnknownSeriesError, type MetricsHistory } from '../../observability/metrics/metrics-history.js';
import { AdminError } from '../server/admin-error.js';
import { RawResponse, type RouteTable } from '../server/route-table.js';

export interface MetricsRoutesDeps {
  /** The node's registry (NodeMetrics.registry). */
  registry: Registry;
  history: MetricsHistory;
  /** Time between two history samples (default 1000). */
  resolutionMs?: number;
}

function resolveSeries(history: MetricsHistory, names: readonly string[] | undefined): number[] {
  try {
    return history.resolve(names);
  } catch (err) {
    if (err instanceof UnknownSeriesError) {
      throw new AdminError('bad_request', `${err.message} (GET /api/metrics/series lists them)`, { unknown: err.unknown });
    }
    throw err;
  }
}

export function registerMetricsRoutes(routes: RouteTable, deps: MetricsRoutesDeps): void {
  const { registry, history } = deps;

  routes.add(metricsPrometheus, async () => new RawResponse(await registry.metrics(), registry.contentType));

  routes.add(metricsSeries, () => ({
    series: history.series().map((s): MetricsSeriesInfo => ({ name: s.name, unit: s.unit, description: s.description })),
    resolutionMs: deps.resolutionMs ?? 1000,
    capacity: history.capacity,
  }));

  routes.add(metricsHistory, ({ query }) => {
    resolveSeries(history, query.series);
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new AdminError('bad_request', 'from is after to');
    }
    return history.query({ series: query.series, fromMs: query.from, toMs: query.to, maxPoints: query.max_points });
  });

  routes.addStream(metricsStream, ({ filter, sink }) => {
    let indexes: number[];
    try {
      indexes = resolveSeries(history, filter.series);
    } catch (err) {
      sink.close((err as Error).message);
      return;
    }
    const names = indexes.map((i) => history.series()[i].name);
    let dropped = 0;
    return history.subscribe((sample) => {
      const values: Record<string, number | null> = {};
      indexes.forEach((s, column) => {
        const v = sample.values[s];
        values[names[column]] = Number.isNaN(v) ? null : v;
      });
      const event: MetricsSampleEvent = { timestamp: sample.timestamp, values, dropped };
      if (!sink.send(event)) dropped++;
    });
  });
}
