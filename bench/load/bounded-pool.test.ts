import { describe, expect, it } from 'vitest';
import { runBounded } from './bounded-pool.js';

describe('runBounded', () => {
  it('runs every task once, never more than `concurrency` at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runBounded(25, 4, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(i);
      inFlight--;
      if (i % 5 === 0) throw new Error('a failing task');
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(peak).toBe(4);
  });

  it('does nothing for zero tasks', async () => {
    let calls = 0;
    await runBounded(0, 8, async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});
