// Metrics as the console carries them: a node's per-second history (downsampled to the points the
// chart can show) and live samples after that.

export type SeriesUnit = 'per_second' | 'count' | 'ratio' | 'seconds' | 'bytes' | 'messages';

export interface SeriesInfo {
  /** snake_case, e.g. "stanzas_in_message_per_s". */
  name: string;
  unit: SeriesUnit;
  description: string;
}

export interface MetricsHistoryRequest {
  nodeId: string;
  /** Default: every series. */
  series?: string[];
  /** Inclusive bounds, epoch ms (default: everything the node kept). */
  fromMs?: number;
  toMs?: number;
  /** Downsample (min/max per bucket) to about this many points, e.g. the chart width in pixels. */
  maxPoints?: number;
}

export interface MetricsHistory {
  /** Epoch ms, ascending. */
  timestamps: number[];
  /** One column per series, aligned with timestamps; null where undefined. */
  series: Record<string, (number | null)[]>;
  downsampled: boolean;
}

export interface MetricsLiveFilter {
  nodeId: string;
  /** Default: every series. */
  series?: string[];
}

/** One sample per second. */
export interface MetricsSample {
  nodeId: string;
  timestamp: number;
  values: Record<string, number | null>;
}
