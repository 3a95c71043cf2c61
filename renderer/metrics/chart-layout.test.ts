import { describe, expect, it } from 'vitest';
import { chartLayout } from './chart-layout.js';

describe('chartLayout', () => {
  it('fits more columns as the space grows, up to three', () => {
    expect(chartLayout(600).columns).toBe(1);
    expect(chartLayout(1000).columns).toBe(2);
    expect(chartLayout(1400).columns).toBe(3);
    expect(chartLayout(4000).columns).toBe(3);
  });

  it('asks for about one point per plot pixel, in steps of 50', () => {
    const layout = chartLayout(1000);
    expect(layout.maxPoints % 50).toBe(0);
    expect(layout.maxPoints).toBeLessThanOrEqual(layout.chartWidth);
    expect(chartLayout(1010).maxPoints).toBe(layout.maxPoints);
  });

  it('asks for nothing before the width is known', () => {
    expect(chartLayout(0).maxPoints).toBe(0);
  });
});
