import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './sparkline.js';

describe('sparklinePoints', () => {
  it('spreads samples over the width and scales them to the highest', () => {
    expect(sparklinePoints([0, 5, 10], 100, 12)).toBe('0.0,11.0 50.0,6.0 100.0,1.0');
  });

  it('draws nothing without samples and a flat line for zeros', () => {
    expect(sparklinePoints([])).toBe('');
    expect(sparklinePoints([0, 0], 10, 10)).toBe('0.0,9.0 10.0,9.0');
  });
});
