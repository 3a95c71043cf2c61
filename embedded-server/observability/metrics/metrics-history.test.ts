import { describe, expect, it } from 'vitest';
import { MetricsHistory, UnknownSeriesError, type SeriesInfo } from './metrics-history.js';

const CATALOG: SeriesInfo[] = [
  { name: 'rate_per_s', unit: 'per_second', description: 'a rate' },
  { name: 'level', unit: 'count', description: 'a gauge' },
];
const T0 = 1_800_000_000_000;

/** Records `count` rows one second apart: rate = i, level = 1000 + i. */
function fill(history: MetricsHistory, count: number, from = 0): void {
  for (let i = from; i < from + count; i++) history.record(T0 + i * 1000, [i, 1000 + i]);
}

describe('MetricsHistory ring', () => {
  it('keeps the newest `capacity` rows and holds the same memory once full', () => {
    const history = new MetricsHistory(CATALOG, 60);
    const bytes = history.retainedBytes;
    expect(bytes).toBe(8 * 60 * 3);
    fill(history, 60);
    expect(history.size).toBe(60);
    fill(history, 150, 60);
    expect(history.size).toBe(60);
    expect(history.retainedBytes).toBe(bytes);
    const all = history.query();
    expect(all.timestamps).toHaveLength(60);
    expect(all.timestamps[0]).toBe(T0 + 150 * 1000);
    expect(all.timestamps[59]).toBe(T0 + 209 * 1000);
    expect(all.series.rate_per_s![0]).toBe(150);
    expect(all.series.level![59]).toBe(1209);
  });

  it('selects an inclusive time range and the requested series only', () => {
    const history = new MetricsHistory(CATALOG, 100);
    fill(history, 130);
    const r = history.query({ series: ['level'], fromMs: T0 + 40_000, toMs: T0 + 44_000 });
    expect(r.timestamps).toEqual([40, 41, 42, 43, 44].map((s) => T0 + s * 1000));
    expect(r.series).toEqual({ level: [1040, 1041, 1042, 1043, 1044] });
    expect(r.downsampled).toBe(false);
    expect(history.query({ fromMs: T0 + 500_000 }).timestamps).toEqual([]);
    // Rows 0..29 were overwritten: a range reaching before the ring starts at its oldest row.
    expect(history.query({ toMs: T0 + 31_000 }).timestamps).toEqual([T0 + 30_000, T0 + 31_000]);
  });

  it('names every unknown series', () => {
    const history = new MetricsHistory(CATALOG, 10);
    expect(() => history.query({ series: ['level', 'nope', 'nada'] })).toThrow(UnknownSeriesError);
    try {
      history.query({ series: ['nope', 'nada'] });
    } catch (err) {
      expect((err as UnknownSeriesError).unknown).toEqual(['nope', 'nada']);
    }
  });

  it('returns NaN values as null', () => {
    const history = new MetricsHistory(CATALOG, 10);
    history.record(T0, [Number.NaN, 3]);
    expect(history.query().series).toEqual({ rate_per_s: [null], level: [3] });
  });

  it('holds a timestamp that goes backwards at the previous one, so ranges stay ordered', () => {
    const history = new MetricsHistory(CATALOG, 10);
    history.record(T0 + 5000, [1, 1]);
    history.record(T0 + 1000, [2, 2]);
    history.record(T0 + 6000, [3, 3]);
    expect(history.query().timestamps).toEqual([T0 + 5000, T0 + 5000, T0 + 6000]);
    expect(history.query({ fromMs: T0 + 5500 }).series.rate_per_s).toEqual([3]);
  });

  it('gives each subscriber every new row as a copy, and survives a failing subscriber', () => {
    const history = new MetricsHistory(CATALOG, 10);
    const seen: number[][] = [];
    history.subscribe(() => {
      throw new Error('closed socket');
    });
    const unsubscribe = history.subscribe((s) => seen.push([s.timestamp, ...s.values]));
    const row = Float64Array.from([7, 8]);
    history.record(T0, row);
    row[0] = 99;
    history.record(T0 + 1000, row);
    unsubscribe();
    history.record(T0 + 2000, row);
    expect(seen).toEqual([
      [T0, 7, 8],
      [T0 + 1000, 99, 8],
    ]);
  });
});

describe('MetricsHistory downsampling', () => {
  it('returns at most maxPoints points and keeps a one-second spike and dip of every series', () => {
    const history = new MetricsHistory(CATALOG, 3600);
    for (let i = 0; i < 3600; i++) {
      const rate = i === 1234 ? 5000 : 100 + (i % 7);
      const level = i === 2500 ? -40 : 10;
      history.record(T0 + i * 1000, [rate, level]);
    }
    const r = history.query({ maxPoints: 100 });
    expect(r.downsampled).toBe(true);
    expect(r.timestamps.length).toBeLessThanOrEqual(100);
    expect(r.series.rate_per_s).toHaveLength(r.timestamps.length);
    expect(Math.max(...(r.series.rate_per_s as number[]))).toBe(5000);
    expect(Math.min(...(r.series.rate_per_s as number[]))).toBe(100);
    expect(Math.min(...(r.series.level as number[]))).toBe(-40);
    // 50 buckets of 72 s: the spike is placed at most one bucket width from where it happened.
    const at = r.timestamps[r.series.rate_per_s!.indexOf(5000)];
    expect(Math.abs(at - (T0 + 1234 * 1000))).toBeLessThan(72_000);
    for (let i = 1; i < r.timestamps.length; i++) expect(r.timestamps[i]).toBeGreaterThanOrEqual(r.timestamps[i - 1]);
  });

  it('keeps the order in which the extremes happened inside a bucket', () => {
    const history = new MetricsHistory(CATALOG, 100);
    // Two buckets of 4: a fall (max first) then a rise (min first).
    [9, 5, 1, 3, 2, 4, 8, 6].forEach((v, i) => history.record(T0 + i * 1000, [v, 0]));
    const r = history.query({ series: ['rate_per_s'], maxPoints: 4 });
    expect(r.series.rate_per_s).toEqual([9, 1, 2, 8]);
    expect(r.timestamps).toEqual([T0, T0 + 3000, T0 + 4000, T0 + 7000]);
  });

  it('reports a bucket with no defined value as null', () => {
    const history = new MetricsHistory(CATALOG, 100);
    for (let i = 0; i < 8; i++) history.record(T0 + i * 1000, [i < 4 ? Number.NaN : i, 0]);
    expect(history.query({ series: ['rate_per_s'], maxPoints: 4 }).series.rate_per_s).toEqual([null, null, 4, 7]);
  });
});
