import { describe, expect, it } from 'vitest';
import { FlameStats, matchesOf } from './flame-stats.js';
import { testLayout } from './flame-test-layout.js';

describe('flame stats', () => {
  it('keeps recent draw times in order and the first-frame figure', () => {
    const stats = new FlameStats();
    const hooks = stats.hooks();
    for (let i = 0; i < 1005; i++) stats.recordDraw(i, 100, 7);
    expect(hooks.totalDraws()).toBe(1005);
    const frames = hooks.frames();
    expect(frames).toHaveLength(1000);
    expect(frames[0]).toBe(5);
    expect(frames[999]).toBe(1004);
    expect(hooks.firstFrameMs()).toBeUndefined();
    stats.recordFirstFrame(42, 1000, 12);
    expect([hooks.firstFrameMs(), hooks.firstFrameAt(), hooks.firstDrawMs(), hooks.rects(), hooks.drawn()]).toEqual([42, 1000, 12, 100, 7]);
    expect(Object.isFrozen(hooks)).toBe(true);
  });

  it('sums the share of matches, counting nested ones once', () => {
    // Frame 1 matches at depth 1 (0..40) and again nested at depth 2 (10..20); frame 2 at 60..70.
    const layout = testLayout(
      [
        [[0, 100, 0]],
        [[0, 40, 1], [40, 60, 3]],
        [[10, 10, 1], [60, 10, 2]],
      ],
      100,
    );
    const m = matchesOf(layout.start, layout.width, layout.frame, layout.count, layout.total, Uint8Array.from([0, 1, 1, 0]));
    expect(m.rects).toBe(3);
    expect(m.share).toBeCloseTo(0.5);
  });
});
