// Metrics as the console carries them: a node's per-second history (downsampled to the points the
// chart can show) and live samples after that. The shapes are the node admin contract's own
// (embedded-server/admin/contract/metrics.ts), re-exported under the console's names.
import type {
  MetricsHistoryResponse,
  MetricsSampleEvent,
  MetricsSeriesCatalog,
  MetricsSeriesInfo,
  MetricsSeriesUnit,
} from '../../embedded-server/admin/contract/metrics.js';

export type SeriesUnit = MetricsSeriesUnit;

/** name (snake_case, e.g. "stanzas_in_message_per_s"), unit, description. */
export type SeriesInfo = MetricsSeriesInfo;

/** series, resolutionMs, capacity. */
export type SeriesCatalog = MetricsSeriesCatalog;

export interface MetricsHistoryRequest {
  nodeId: string;
  /** Default: every series. */
  series?: string[];
  /** Inclusive bounds, epoch ms (default: everything the node kept). */
  fromMs?: number;
  toMs?: number;
  /** Downsample (min/max per bucket) to about this many points, e.g. the chart width in pixels (2..10000, default 1000). */
  maxPoints?: number;
}

/** timestamps (epoch ms, ascending), series (one column per series, null where undefined), downsampled. */
export type MetricsHistory = MetricsHistoryResponse;

export interface MetricsLiveFilter {
  nodeId: string;
  /** Default: every series. */
  series?: string[];
}

/** One sample per second: timestamp, values, dropped (samples this subscription lost), and the node. */
export interface MetricsSample extends MetricsSampleEvent {
  nodeId: string;
}
