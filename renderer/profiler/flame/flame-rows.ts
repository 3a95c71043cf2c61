// Finding rectangles in a FlameLayout fast: its rectangles are sorted by depth and then by start,
// and the rectangles of one row never overlap, so a row is a contiguous, sorted slice. An index of
// where each row begins lets a frame draw only the visible part of each row (two binary searches)
// and lets hover find the rectangle under the cursor in O(log n).
import type { FlameLayout } from '../model/types.js';

/** rowStart[d] is the first rectangle of row d; rowStart[rows] === count. */
export function indexRows(layout: FlameLayout): Int32Array {
  const rowStart = new Int32Array(layout.rows + 1);
  let i = 0;
  for (let d = 0; d < layout.rows; d++) {
    rowStart[d] = i;
    while (i < layout.count && layout.depth[i] === d) i++;
  }
  rowStart[layout.rows] = layout.count;
  if (i !== layout.count) throw new Error(`FlameLayout rectangles are not sorted by depth (rectangle ${i} has depth ${layout.depth[i]}); build layouts with the model's layout functions`);
  return rowStart;
}

/** The first rectangle in [from, to) that ends after x (start + width > x); `to` when none does. */
export function firstEndingAfter(layout: FlameLayout, from: number, to: number, x: number): number {
  const { start, width } = layout;
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (start[mid] + width[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * firstEndingAfter by galloping from `from`: O(log d) where d is how far the answer is, so a
 * frame that steps through a dense row a pixel at a time pays for the pixels, not the rectangles.
 */
export function gallopEndingAfter(layout: FlameLayout, from: number, to: number, x: number): number {
  const { start, width } = layout;
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < to && start[hi] + width[hi] <= x) {
    lo = hi + 1;
    hi = from + step;
    step *= 2;
  }
  return firstEndingAfter(layout, lo, Math.min(hi, to), x);
}

/** The first rectangle in [from, to) that starts at or after x; `to` when none does. */
export function firstStartingFrom(layout: FlameLayout, from: number, to: number, x: number): number {
  const { start } = layout;
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (start[mid] >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The rectangles of row `depth` that overlap [x0, x1): [first, end). */
export function visibleRange(layout: FlameLayout, rowStart: Int32Array, depth: number, x0: number, x1: number): [number, number] {
  if (depth < 0 || depth >= layout.rows) return [0, 0];
  const from = rowStart[depth];
  const to = rowStart[depth + 1];
  const first = firstEndingAfter(layout, from, to, x0);
  return [first, firstStartingFrom(layout, first, to, x1)];
}

/** The rectangle of row `depth` that contains x, or -1. */
export function hitTest(layout: FlameLayout, rowStart: Int32Array, depth: number, x: number): number {
  if (depth < 0 || depth >= layout.rows) return -1;
  const i = firstEndingAfter(layout, rowStart[depth], rowStart[depth + 1], x);
  return i < rowStart[depth + 1] && layout.start[i] <= x ? i : -1;
}
