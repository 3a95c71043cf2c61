// The node's short metrics history: one row per second for `capacity` seconds, held in Float64Array
// rings allocated once (timestamps + one ring per series), so memory is fixed from the start:
// 8 bytes × (series + 1) × capacity, about 0.7 MB for 23 series over an hour. A query copies at
// most `capacity` points out (fewer when downsampled) and never blocks the sampler for long.
import { copyColumns, downsampleMinMax, type ColumnReader } from './downsample.js';

/** The same list as MetricsSeriesUnit in admin/contract/metrics.ts (this layer may not import it). */
export type SeriesUnit = 'per_second' | 'count' | 'ratio' | 'seconds' | 'bytes' | 'messages';

export interface SeriesInfo {
  /** snake_case, e.g. "stanzas_in_message_per_s". */
  name: string;
  unit: SeriesUnit;
  description: string;
}

export interface HistoryQuery {
  /** Series to return (default: all). */
  series?: readonly string[];
  /** Inclusive bounds in ms since the epoch (default: everything kept). */
  fromMs?: number;
  toMs?: number;
  /** Downsample (min/max per bucket) when more points than this fall in the range. */
  maxPoints?: number;
}

export interface HistoryResult {
  /** ms since the epoch, ascending. */
  timestamps: number[];
  /** One column per series, aligned with timestamps; null where the value was undefined (e.g. a latency quantile of a second with no traffic). */
  series: Record<string, (number | null)[]>;
  /** True when the range held more points than maxPoints. */
  downsampled: boolean;
}

export interface HistorySample {
  timestamp: number;
  /** In catalog order (see series()); NaN where undefined. A fresh array per sample. */
  values: Float64Array;
}

export class UnknownSeriesError extends Error {
  constructor(readonly unknown: string[]) {
    super(`Unknown series: ${unknown.join(', ')}`);
    this.name = 'UnknownSeriesError';
  }
}

export class MetricsHistory {
  private readonly times: Float64Array;
  private readonly rings: Float64Array[];
  private readonly indexByName: Map<string, number>;
  /** Physical slot of the oldest row. */
  private start = 0;
  private length = 0;
  private readonly listeners = new Set<(sample: HistorySample) => void>();

  constructor(
    private readonly catalog: readonly SeriesInfo[],
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.times = new Float64Array(capacity);
    this.rings = catalog.map(() => new Float64Array(capacity));
    this.indexByName = new Map(catalog.map((s, i) => [s.name, i]));
    if (this.indexByName.size !== catalog.length) throw new RangeError('series names must be unique');
  }

  series(): readonly SeriesInfo[] {
    return this.catalog;
  }

  seriesIndex(name: string): number | undefined {
    return this.indexByName.get(name);
  }

  /** Throws UnknownSeriesError naming every name not in the catalog. */
  resolve(names: readonly string[] | undefined): number[] {
    if (names === undefined) return this.catalog.map((_, i) => i);
    const unknown = names.filter((n) => !this.indexByName.has(n));
    if (unknown.length > 0) throw new UnknownSeriesError(unknown);
    return names.map((n) => this.indexByName.get(n)!);
  }

  /** Rows kept (≤ capacity). */
  get size(): number {
    return this.length;
  }

  /** Bytes held by the rings; fixed at construction. */
  get retainedBytes(): number {
    return this.times.byteLength + this.rings.reduce((sum, r) => sum + r.byteLength, 0);
  }

  /**
   * Appends one row (values in catalog order), overwriting the oldest when full. Timestamps must not
   * go backwards; a wall clock stepped back is held at the last timestamp so ranges stay searchable.
   */
  record(timestamp: number, values: ArrayLike<number>): void {
    if (values.length !== this.rings.length) throw new RangeError(`expected ${this.rings.length} values, got ${values.length}`);
    const last = this.length > 0 ? this.times[this.slot(this.length - 1)] : -Infinity;
    const t = Math.max(timestamp, last);
    let slot: number;
    if (this.length < this.capacity) {
      slot = this.slot(this.length);
      this.length++;
    } else {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    this.times[slot] = t;
    for (let s = 0; s < this.rings.length; s++) this.rings[s][slot] = values[s];
    if (this.listeners.size === 0) return;
    const sample: HistorySample = { timestamp: t, values: Float64Array.from(values) };
    for (const listener of this.listeners) {
      try {
        listener(sample);
      } catch {
        // A failing subscriber (a closed socket) must not stop sampling or the other subscribers.
      }
    }
  }

  /** Calls listener with every new row; returns the unsubscribe function. */
  subscribe(listener: (sample: HistorySample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  query(q: HistoryQuery = {}): HistoryResult {
    const indexes = this.resolve(q.series);
    const lo = q.fromMs === undefined ? 0 : this.lowerBound(q.fromMs);
    const hi = q.toMs === undefined ? this.length : this.upperBound(q.toMs);
    const count = Math.max(0, hi - lo);
    const reader: ColumnReader = {
      length: count,
      timestamp: (i) => this.times[this.slot(lo + i)],
      value: (s, i) => this.rings[s][this.slot(lo + i)],
    };
    const maxPoints = q.maxPoints;
    const downsampled = maxPoints !== undefined && count > maxPoints;
    const columns = downsampled ? downsampleMinMax(reader, indexes, maxPoints) : copyColumns(reader, indexes);
    const series: Record<string, (number | null)[]> = {};
    indexes.forEach((s, column) => (series[this.catalog[s].name] = columns.values[column]));
    return { timestamps: columns.timestamps, series, downsampled };
  }

  private slot(logical: number): number {
    const p = this.start + logical;
    return p >= this.capacity ? p - this.capacity : p;
  }

  /** First logical index with timestamp ≥ t. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[this.slot(mid)] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First logical index with timestamp > t. */
  private upperBound(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[this.slot(mid)] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
