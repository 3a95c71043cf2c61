import { describe, expect, it } from 'vitest';
import { firstEndingAfter, gallopEndingAfter, hitTest, indexRows, visibleRange } from './flame-rows.js';
import { testLayout } from './flame-test-layout.js';

// Row 0: one root; row 1: three children with a gap; row 2: two grandchildren.
const layout = testLayout(
  [
    [[0, 100, 0]],
    [
      [0, 30, 1],
      [30, 20, 2],
      [60, 40, 3],
    ],
    [
      [0, 10, 4],
      [65, 5, 5],
    ],
  ],
  100,
);
const rowStart = indexRows(layout);

describe('flame rows', () => {
  it('indexes where each row starts', () => {
    expect([...rowStart]).toEqual([0, 1, 4, 6]);
  });

  it('refuses a layout not sorted by depth', () => {
    const bad = testLayout([[[0, 10, 0]], [[0, 5, 1]]], 10);
    bad.depth[0] = 1;
    bad.depth[1] = 0;
    expect(() => indexRows(bad)).toThrow(/not sorted by depth/);
  });

  it('finds the rectangles of a row that overlap an x range', () => {
    expect(visibleRange(layout, rowStart, 1, 0, 100)).toEqual([1, 4]);
    // [35, 55): only the second child (the gap 50..60 holds nothing).
    expect(visibleRange(layout, rowStart, 1, 35, 55)).toEqual([2, 3]);
    // A rectangle ending exactly at x0 is not visible, one starting exactly at x1 is not either.
    expect(visibleRange(layout, rowStart, 1, 30, 60)).toEqual([2, 3]);
    expect(visibleRange(layout, rowStart, 2, 20, 60)).toEqual([5, 5]);
    expect(visibleRange(layout, rowStart, 7, 0, 100)).toEqual([0, 0]);
  });

  it('gallops to the same answer as the binary search', () => {
    // One row of 1,000 unit rectangles with a gap every 7th.
    const row: [number, number, number][] = [];
    for (let i = 0; i < 1000; i++) row.push([i * 2, i % 7 === 0 ? 1 : 2, 0]);
    const dense = testLayout([row], 2000);
    for (const from of [0, 1, 5, 400, 999]) {
      for (const x of [-1, 0, 0.5, 1, 7.5, 100, 777.7, 1998, 1999, 2000, 5000]) {
        expect(gallopEndingAfter(dense, from, 1000, x)).toBe(firstEndingAfter(dense, from, 1000, x));
      }
    }
  });

  it('hit-tests a point to the rectangle that contains it', () => {
    expect(hitTest(layout, rowStart, 0, 99.9)).toBe(0);
    expect(hitTest(layout, rowStart, 1, 30)).toBe(2);
    expect(hitTest(layout, rowStart, 1, 29.99)).toBe(1);
    expect(hitTest(layout, rowStart, 1, 55)).toBe(-1);
    expect(hitTest(layout, rowStart, 2, 67)).toBe(5);
    expect(hitTest(layout, rowStart, 3, 5)).toBe(-1);
    expect(hitTest(layout, rowStart, -1, 5)).toBe(-1);
  });
});
