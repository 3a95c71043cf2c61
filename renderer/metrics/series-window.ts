// A chart's data: columns on one time axis, filled from metrics.history and extended by
// metrics.live samples. It stays within the time range and within about the chart's pixel width:
// once live samples double the points, they are cut back with the same min/max buckets the node
// uses, so a one-second spike survives (averaging would hide it).
import type { MetricsHistory, MetricsSample } from '../../main/common/console-api.js';

export interface SeriesWindow {
  timestamps: number[];
  series: Record<string, (number | null)[]>;
}

export interface WindowLimits {
  rangeMs: number;
  maxPoints: number;
}

export function fromHistory(history: MetricsHistory): SeriesWindow {
  return { timestamps: history.timestamps, series: history.series };
}

export function appendSample(window: SeriesWindow, sample: MetricsSample, limits: WindowLimits): SeriesWindow {
  const last = window.timestamps[window.timestamps.length - 1];
  if (last !== undefined && sample.timestamp <= last) return window;
  const timestamps = [...window.timestamps, sample.timestamp];
  const series: SeriesWindow['series'] = {};
  for (const [name, column] of Object.entries(window.series)) {
    const value = sample.values[name];
    series[name] = [...column, value === undefined || value === null || !Number.isFinite(value) ? null : value];
  }
  let next: SeriesWindow = trimBefore({ timestamps, series }, sample.timestamp - limits.rangeMs);
  if (next.timestamps.length > 2 * limits.maxPoints) next = decimateMinMax(next, limits.maxPoints);
  return next;
}

export function trimBefore(window: SeriesWindow, fromMs: number): SeriesWindow {
  let cut = 0;
  while (cut < window.timestamps.length && window.timestamps[cut] < fromMs) cut++;
  if (cut === 0) return window;
  const series: SeriesWindow['series'] = {};
  for (const [name, column] of Object.entries(window.series)) series[name] = column.slice(cut);
  return { timestamps: window.timestamps.slice(cut), series };
}

/** Buckets of consecutive points, each kept as two rows holding every series' min and max in time order. */
export function decimateMinMax(window: SeriesWindow, maxPoints: number): SeriesWindow {
  const n = window.timestamps.length;
  if (n <= maxPoints || maxPoints < 2) return window;
  const buckets = Math.floor(maxPoints / 2);
  const timestamps: number[] = [];
  const names = Object.keys(window.series);
  const out: SeriesWindow['series'] = Object.fromEntries(names.map((name) => [name, [] as (number | null)[]]));
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    timestamps.push(window.timestamps[start], window.timestamps[end - 1]);
    for (const name of names) {
      const column = window.series[name];
      let minAt = -1;
      let maxAt = -1;
      for (let i = start; i < end; i++) {
        const v = column[i];
        if (v === null) continue;
        if (minAt < 0 || v < column[minAt]!) minAt = i;
        if (maxAt < 0 || v > column[maxAt]!) maxAt = i;
      }
      if (minAt < 0) out[name].push(null, null);
      else if (minAt <= maxAt) out[name].push(column[minAt], column[maxAt]);
      else out[name].push(column[maxAt], column[minAt]);
    }
  }
  return { timestamps, series: out };
}
