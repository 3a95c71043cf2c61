import { describe, expect, it } from 'vitest';
import { clampViewport, fullViewport, isFullView, MAX_ZOOM, panBy, ROW_HEIGHT, rowAtY, rowTop, visibleRows, xAtPixel, zoomAround, zoomToRange } from './flame-viewport.js';

const bounds = { total: 1000, rows: 40, height: 180 };

describe('flame viewport', () => {
  it('zooms around a point, keeping that point under the cursor', () => {
    const v = zoomAround(fullViewport(1000), 250, 0.5, bounds);
    expect(v.x1 - v.x0).toBe(500);
    // 250 was a quarter of the way across and still is.
    expect((250 - v.x0) / (v.x1 - v.x0)).toBeCloseTo(0.25);
    expect(xAtPixel(v, 200, 800)).toBeCloseTo(250);
  });

  it('does not zoom out past the whole graph nor in past MAX_ZOOM', () => {
    expect(zoomAround(fullViewport(1000), 100, 4, bounds)).toEqual({ x0: 0, x1: 1000, scrollY: 0 });
    let v = fullViewport(1000);
    for (let i = 0; i < 100; i++) v = zoomAround(v, 500, 0.1, bounds);
    expect(v.x1 - v.x0).toBeCloseTo(1000 / MAX_ZOOM);
    expect(v.x0).toBeLessThanOrEqual(500);
    expect(v.x1).toBeGreaterThanOrEqual(500);
  });

  it('clamps the range inside [0, total] keeping its span, and the scroll inside the rows', () => {
    expect(clampViewport({ x0: -50, x1: 150, scrollY: -3 }, bounds)).toEqual({ x0: 0, x1: 200, scrollY: 0 });
    expect(clampViewport({ x0: 900, x1: 1100, scrollY: 10_000 }, bounds)).toEqual({ x0: 800, x1: 1000, scrollY: 40 * ROW_HEIGHT - 180 });
    // Rows that fit do not scroll at all.
    expect(clampViewport({ x0: 0, x1: 1000, scrollY: 50 }, { ...bounds, rows: 5 }).scrollY).toBe(0);
  });

  it('pans by pixels in weight units of the current zoom, stopping at the edges', () => {
    const v = { x0: 100, x1: 300, scrollY: 0 };
    expect(panBy(v, 400, 36, 800, bounds)).toEqual({ x0: 200, x1: 400, scrollY: 36 });
    expect(panBy(v, -4000, 0, 800, bounds)).toEqual({ x0: 0, x1: 200, scrollY: 0 });
  });

  it('zooms to a rectangle and knows when everything is shown', () => {
    const v = zoomToRange(fullViewport(1000), 300, 50, bounds);
    expect(v).toEqual({ x0: 300, x1: 350, scrollY: 0 });
    expect(isFullView(v, bounds)).toBe(false);
    expect(isFullView(fullViewport(1000), bounds)).toBe(true);
  });

  it('maps pixel lines to rows, top-down or bottom-up', () => {
    const v = { x0: 0, x1: 1000, scrollY: 9 };
    expect(rowAtY(0, v, 180, false)).toBe(0);
    expect(rowAtY(10, v, 180, false)).toBe(1);
    expect(rowTop(1, v, 180, false)).toBe(ROW_HEIGHT - 9);
    // Inverted: row 0 sits at the bottom; scrolling moves rows down to show deeper ones.
    const flat = { x0: 0, x1: 1000, scrollY: 0 };
    expect(rowAtY(179, flat, 180, true)).toBe(0);
    expect(rowAtY(180 - ROW_HEIGHT - 1, flat, 180, true)).toBe(1);
    expect(rowTop(0, flat, 180, true)).toBe(180 - ROW_HEIGHT);
    expect(rowAtY(rowTop(3, v, 180, true) + 1, v, 180, true)).toBe(3);
    expect(visibleRows(v, 180, 40)).toEqual([0, 10]);
    expect(visibleRows({ ...v, scrollY: 36 }, 180, 5)).toEqual([2, 4]);
  });
});
