import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BucketHistogram, quantileOfDelta } from './bucket-histogram.js';

function histogram(registry = new Registry(), labelNames: string[] = []) {
  return new BucketHistogram({ name: 'test_duration_seconds', help: 'Test durations.', labelNames, buckets: [0.001, 0.01, 0.1], registry });
}

describe('BucketHistogram', () => {
  it('counts each observation in the first bucket whose bound is not below it', () => {
    const child = histogram().child();
    for (const v of [0.0005, 0.001, 0.002, 0.01, 0.05, 3]) child.observe(v);
    expect([...child.counts]).toEqual([2, 2, 1, 1]);
    expect(child.count).toBe(6);
    expect(child.sum).toBeCloseTo(3.0635, 10);
  });

  it('is exposed by the registry as cumulative buckets with _sum and _count per label set', async () => {
    const registry = new Registry();
    const h = histogram(registry, ['op']);
    h.child('read').observe(0.005);
    h.child('read').observe(0.5);
    h.child('write').observe(0.0001);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE test_duration_seconds histogram');
    expect(text).toContain('test_duration_seconds_bucket{op="read",le="0.001"} 0');
    expect(text).toContain('test_duration_seconds_bucket{op="read",le="0.01"} 1');
    expect(text).toContain('test_duration_seconds_bucket{op="read",le="0.1"} 1');
    expect(text).toContain('test_duration_seconds_bucket{op="read",le="+Inf"} 2');
    expect(text).toContain('test_duration_seconds_sum{op="read"} 0.505');
    expect(text).toContain('test_duration_seconds_count{op="read"} 2');
    expect(text).toContain('test_duration_seconds_bucket{op="write",le="0.001"} 1');
  });

  it('returns the same child for the same label values and refuses a wrong label count', () => {
    const h = histogram(new Registry(), ['op']);
    expect(h.child('a')).toBe(h.child('a'));
    expect(h.child('a')).not.toBe(h.child('b'));
    expect(() => h.child()).toThrow(RangeError);
  });

  it('refuses buckets that do not increase', () => {
    expect(() => new BucketHistogram({ name: 'x_seconds', help: 'x', buckets: [0.1, 0.1], registry: new Registry() })).toThrow(RangeError);
  });

  it('reset zeroes every child', async () => {
    const registry = new Registry();
    const h = histogram(registry);
    h.child().observe(0.05);
    registry.resetMetrics();
    expect(h.child().count).toBe(0);
    expect(await registry.metrics()).toContain('test_duration_seconds_count 0');
  });
});

describe('quantileOfDelta', () => {
  const bounds = Float64Array.from([0.001, 0.01, 0.1]);

  it('interpolates inside the bucket holding the rank, counting only what was observed between the snapshots', () => {
    const before = Float64Array.from([100, 0, 0, 0]);
    // Since the snapshot: 10 observations in (0.001, 0.01].
    const now = Float64Array.from([100, 10, 0, 0]);
    expect(quantileOfDelta(bounds, now, before, 0.5)).toBeCloseTo(0.001 + 0.009 * 0.5, 12);
    expect(quantileOfDelta(bounds, now, before, 1)).toBeCloseTo(0.01, 12);
  });

  it('finds a slow tail', () => {
    const before = new Float64Array(4);
    const now = Float64Array.from([98, 0, 2, 0]);
    expect(quantileOfDelta(bounds, now, before, 0.5)).toBeLessThanOrEqual(0.001);
    expect(quantileOfDelta(bounds, now, before, 0.99)).toBeGreaterThan(0.01);
  });

  it('is NaN without observations and the last bound for observations past it', () => {
    const same = Float64Array.from([5, 5, 5, 5]);
    expect(quantileOfDelta(bounds, same, same, 0.5)).toBeNaN();
    expect(quantileOfDelta(bounds, Float64Array.from([0, 0, 0, 3]), new Float64Array(4), 0.5)).toBe(0.1);
  });
});
