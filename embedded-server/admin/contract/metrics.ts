// Admin API: the node's metrics. GET /metrics is the Prometheus text exposition of the node's
// registry; the history endpoints serve the 1 s resolution series the node keeps in memory
// ([metrics] history_seconds) so a chart is full the moment it opens, and the stream pushes each
// new sample. Implemented by embedded-server/observability/metrics; times are epoch milliseconds.
import * as z from 'zod';
import { endpoint, stream } from './define.js';

export type MetricsSeriesUnit = 'per_second' | 'count' | 'ratio' | 'seconds' | 'bytes' | 'messages';

export interface MetricsSeriesInfo {
  /** snake_case with its unit, e.g. "stanzas_in_message_per_s", "routing_latency_p99_seconds". */
  name: string;
  unit: MetricsSeriesUnit;
  description: string;
}

export interface MetricsSeriesCatalog {
  series: MetricsSeriesInfo[];
  /** Time between two samples. */
  resolutionMs: number;
  /** Samples kept; older ones are overwritten. */
  capacity: number;
}

export interface MetricsHistoryResponse {
  /** Epoch ms, ascending. */
  timestamps: number[];
  /** One column per requested series, aligned with timestamps; null where undefined (a latency quantile of a second without traffic). */
  series: Record<string, (number | null)[]>;
  /** True when the range held more than max_points samples and was reduced (each bucket keeps every series' min and max). */
  downsampled: boolean;
}

/** One event per new sample (every second). */
export interface MetricsSampleEvent {
  timestamp: number;
  values: Record<string, number | null>;
  /** Samples this subscriber lost so far because it read too slowly. */
  dropped: number;
}

/** "a,b,c" → ["a","b","c"]; names the node does not keep are refused (bad_request) by the handler. */
const seriesList = z
  .string()
  .transform((s) => s.split(',').map((name) => name.trim()).filter((name) => name.length > 0))
  .pipe(z.array(z.string().regex(/^[a-z0-9_]+$/, { error: 'series names are snake_case' })).min(1, { error: 'name at least one series' }).max(100));

export const MAX_HISTORY_POINTS = 10_000;

export const metricsHistoryQuery = z.strictObject({
  /** Comma-separated series names (default: all). */
  series: seriesList.optional(),
  /** Inclusive bounds, epoch ms (default: everything kept). */
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  /** At most this many points per series (min/max downsampling past it). */
  max_points: z.coerce.number().int().min(2).max(MAX_HISTORY_POINTS).default(1000),
});

export const metricsPrometheus = endpoint<string>()({
  name: 'metrics.prometheus',
  method: 'GET',
  path: '/metrics',
  summary: 'Prometheus text exposition (version 0.0.4) of every metric of the node',
  produces: 'text/plain; version=0.0.4; charset=utf-8',
});

export const metricsSeries = endpoint<MetricsSeriesCatalog>()({
  name: 'metrics.series',
  method: 'GET',
  path: '/api/metrics/series',
  summary: 'The series kept in the 1 s history, with unit and description',
});

export const metricsHistory = endpoint<MetricsHistoryResponse>()({
  name: 'metrics.history',
  method: 'GET',
  path: '/api/metrics/history',
  summary: 'Columnar 1 s history of the chosen series over a time range, downsampled to max_points',
  query: metricsHistoryQuery,
});

export const metricsStream = stream<MetricsSampleEvent>()({
  name: 'metrics.live',
  path: '/api/streams/metrics',
  summary: 'Each new 1 s sample of the chosen series (default: all)',
  filter: z.strictObject({ series: seriesList.optional() }),
});
