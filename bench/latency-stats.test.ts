import { describe, expect, it } from 'vitest';
import { LatencyRecorder, percentile } from './latency-stats.js';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 90)).toBe(9);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
  });

  it('is NaN without samples', () => {
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
  });
});

describe('LatencyRecorder', () => {
  it('grows past its initial capacity and sorts numerically', () => {
    const rec = new LatencyRecorder(16);
    // Reverse order, and values whose string order differs from numeric order.
    for (let i = 1000; i >= 1; i--) rec.record(i / 10);
    const s = rec.summary();
    expect(s.count).toBe(1000);
    expect(s.p50_ms).toBe(50);
    expect(s.p99_ms).toBe(99);
    expect(s.max_ms).toBe(100);
    expect(s.mean_ms).toBeCloseTo(50.05, 3);
  });

  it('keeps recording after a summary', () => {
    const rec = new LatencyRecorder();
    rec.record(3);
    expect(rec.summary().p50_ms).toBe(3);
    rec.record(1);
    rec.record(2);
    expect(rec.summary()).toMatchObject({ count: 3, p50_ms: 2, max_ms: 3 });
  });
});
