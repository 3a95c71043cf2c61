// Min/max bucket downsampling for columnar series that share one time axis: the points are cut
// into maxPoints/2 consecutive buckets and each bucket becomes two rows, carrying every series'
// minimum and maximum in the order they occurred. A one-second spike therefore survives any
// reduction (averaging or picking every k-th point would lose it). Rows take the bucket's first
// and last timestamps, so a value is placed at most one bucket width from where it happened.

/** Reads point i (0 = oldest in range) of the time axis or of series s. */
export interface ColumnReader {
  readonly length: number;
  timestamp(i: number): number;
  value(s: number, i: number): number;
}

export interface Columns {
  timestamps: number[];
  /** One array per requested series; null where there is no value (NaN in the store). */
  values: (number | null)[][];
}

const finiteOrNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function copyColumns(reader: ColumnReader, seriesIndexes: readonly number[]): Columns {
  const n = reader.length;
  const timestamps = new Array<number>(n);
  for (let i = 0; i < n; i++) timestamps[i] = reader.timestamp(i);
  const values = seriesIndexes.map((s) => {
    const column = new Array<number | null>(n);
    for (let i = 0; i < n; i++) column[i] = finiteOrNull(reader.value(s, i));
    return column;
  });
  return { timestamps, values };
}

export function downsampleMinMax(reader: ColumnReader, seriesIndexes: readonly number[], maxPoints: number): Columns {
  const n = reader.length;
  if (n <= maxPoints) return copyColumns(reader, seriesIndexes);
  if (maxPoints < 2) throw new RangeError('maxPoints must be at least 2 to keep both extremes');
  const buckets = Math.floor(maxPoints / 2);
  const timestamps: number[] = [];
  const values: (number | null)[][] = seriesIndexes.map(() => []);
  for (let b = 0; b < buckets; b++) {
    // n > maxPoints ≥ 2 * buckets, so every bucket holds at least two points.
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    timestamps.push(reader.timestamp(start), reader.timestamp(end - 1));
    seriesIndexes.forEach((s, column) => {
      let minAt = -1;
      let maxAt = -1;
      let min = 0;
      let max = 0;
      for (let i = start; i < end; i++) {
        const v = reader.value(s, i);
        if (Number.isNaN(v)) continue;
        if (minAt < 0 || v < min) {
          min = v;
          minAt = i;
        }
        if (maxAt < 0 || v > max) {
          max = v;
          maxAt = i;
        }
      }
      const out = values[column];
      if (minAt < 0) out.push(null, null);
      else if (minAt <= maxAt) out.push(min, max);
      else out.push(max, min);
    });
  }
  return { timestamps, values };
}
