import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-ticks.js';

describe('timeTicks', () => {
  it('spreads round ticks over the whole range', () => {
    const to = Date.UTC(2026, 10, 22, 9, 18, 7);
    const ticks = timeTicks(to - 15 * 60_000, to);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(7);
    const step = ticks[1] - ticks[0];
    expect(step % 60_000).toBe(0);
    for (const t of ticks) {
      expect(t).toBeGreaterThanOrEqual(to - 15 * 60_000);
      expect(t).toBeLessThanOrEqual(to);
      expect((t - new Date(t).getTimezoneOffset() * 60_000) % step).toBe(0);
    }
  });

  it('gives nothing for an empty range', () => {
    expect(timeTicks(5, 5)).toEqual([]);
  });
});
