import { describe, expect, it } from 'vitest';
import { appendSample, decimateMinMax, trimBefore, type SeriesWindow } from './series-window.js';

const win = (timestamps: number[], a: (number | null)[]): SeriesWindow => ({ timestamps, series: { a } });

describe('series window', () => {
  it('appends a live sample and ignores one it already has', () => {
    const w = win([1000, 2000], [1, 2]);
    const next = appendSample(w, { nodeId: 'n', timestamp: 3000, values: { a: 3, other: 9 }, dropped: 0 }, { rangeMs: 60_000, maxPoints: 100 });
    expect(next).toEqual(win([1000, 2000, 3000], [1, 2, 3]));
    expect(appendSample(next, { nodeId: 'n', timestamp: 3000, values: { a: 4 }, dropped: 0 }, { rangeMs: 60_000, maxPoints: 100 })).toBe(next);
  });

  it('stores missing and non-finite values as gaps', () => {
    const next = appendSample(win([], []), { nodeId: 'n', timestamp: 1, values: { a: null }, dropped: 0 }, { rangeMs: 10, maxPoints: 10 });
    expect(next.series.a).toEqual([null]);
  });

  it('drops points that fall out of the time range', () => {
    expect(trimBefore(win([1, 2, 3, 4], [1, 2, 3, 4]), 3)).toEqual(win([3, 4], [3, 4]));
    const next = appendSample(win([0, 5000], [0, 5]), { nodeId: 'n', timestamp: 11_000, values: { a: 11 }, dropped: 0 }, { rangeMs: 10_000, maxPoints: 100 });
    expect(next.timestamps).toEqual([5000, 11_000]);
  });

  it('keeps a one-point spike through min/max decimation', () => {
    const n = 1000;
    const values = Array.from({ length: n }, (_, i) => (i === 537 ? 100 : 1));
    const out = decimateMinMax(win(Array.from({ length: n }, (_, i) => i), values), 100);
    expect(out.timestamps.length).toBe(100);
    expect(Math.max(...(out.series.a as number[]))).toBe(100);
    expect(Math.min(...(out.series.a as number[]))).toBe(1);
  });

  it('cuts live points back to the pixel budget once they double it', () => {
    let w = win([], []);
    for (let t = 1; t <= 201; t++) w = appendSample(w, { nodeId: 'n', timestamp: t, values: { a: t }, dropped: 0 }, { rangeMs: 1e9, maxPoints: 100 });
    expect(w.timestamps.length).toBe(100);
    expect(w.series.a[w.series.a.length - 1]).toBe(201);
  });
});
