// What part of a flame graph is on screen: an x range in weight units (zoom) and a vertical scroll
// in CSS pixels, and the math of the gestures that move it (zoom around the cursor, pan, zoom to a
// rectangle). Pure, so the gestures are unit-tested without a canvas.

/** CSS pixels per row of rectangles. */
export const ROW_HEIGHT = 18;
/** Deepest zoom: the visible span never gets smaller than the whole graph divided by this. */
export const MAX_ZOOM = 1e7;

export interface FlameViewport {
  /** Left edge, weight units. */
  x0: number;
  /** Right edge, weight units (x0 < x1 <= total). */
  x1: number;
  /** CSS pixels scrolled from the first row (towards deeper rows). */
  scrollY: number;
}

/** What the viewport is clamped against. */
export interface FlameBounds {
  /** The layout's x axis, weight units. */
  total: number;
  /** Rows in the layout. */
  rows: number;
  /** Drawing area height, CSS pixels. */
  height: number;
}

export function fullViewport(total: number): FlameViewport {
  return { x0: 0, x1: total > 0 ? total : 1, scrollY: 0 };
}

export function maxScrollY(bounds: FlameBounds): number {
  return Math.max(0, bounds.rows * ROW_HEIGHT - bounds.height);
}

/** Keeps the span between total / MAX_ZOOM and total, inside [0, total], and the scroll in range. */
export function clampViewport(v: FlameViewport, bounds: FlameBounds): FlameViewport {
  const total = bounds.total > 0 ? bounds.total : 1;
  const span = Math.min(total, Math.max(total / MAX_ZOOM, v.x1 - v.x0));
  const x0 = Math.min(total - span, Math.max(0, v.x0));
  const scrollY = Math.min(maxScrollY(bounds), Math.max(0, v.scrollY));
  return { x0, x1: x0 + span, scrollY };
}

export function isFullView(v: FlameViewport, bounds: FlameBounds): boolean {
  return v.x0 <= 0 && v.x1 >= bounds.total;
}

/** The weight-unit x under a CSS pixel column of a drawing area `width` pixels wide. */
export function xAtPixel(v: FlameViewport, px: number, width: number): number {
  return v.x0 + (px / width) * (v.x1 - v.x0);
}

/**
 * Zooms by `factor` (< 1 zooms in) keeping the weight-unit point `anchor` under the same pixel,
 * as a wheel zoom around the cursor does.
 */
export function zoomAround(v: FlameViewport, anchor: number, factor: number, bounds: FlameBounds): FlameViewport {
  const x0 = anchor - (anchor - v.x0) * factor;
  const x1 = anchor + (v.x1 - anchor) * factor;
  // Clamping the span first keeps the anchor fixed when the zoom limit is hit.
  const total = bounds.total > 0 ? bounds.total : 1;
  const span = x1 - x0;
  const clampedSpan = Math.min(total, Math.max(total / MAX_ZOOM, span));
  const share = span > 0 ? (anchor - x0) / span : 0.5;
  const left = anchor - share * clampedSpan;
  return clampViewport({ x0: left, x1: left + clampedSpan, scrollY: v.scrollY }, bounds);
}

/** Pans by CSS pixels: positive dx shows what is to the right, positive dy shows deeper rows. */
export function panBy(v: FlameViewport, dxPx: number, dyPx: number, width: number, bounds: FlameBounds): FlameViewport {
  const dx = width > 0 ? (dxPx / width) * (v.x1 - v.x0) : 0;
  return clampViewport({ x0: v.x0 + dx, x1: v.x1 + dx, scrollY: v.scrollY + dyPx }, bounds);
}

/** Zooms so that the range [start, start + width) fills the view, keeping the scroll. */
export function zoomToRange(v: FlameViewport, start: number, width: number, bounds: FlameBounds): FlameViewport {
  return clampViewport({ x0: start, x1: start + width, scrollY: v.scrollY }, bounds);
}

/**
 * The row under a CSS pixel line, or -1 above/below every row. Rows grow downwards from the top,
 * or upwards from the bottom when `inverted` (the callers graph).
 */
export function rowAtY(y: number, v: FlameViewport, height: number, inverted: boolean): number {
  const fromFirst = inverted ? height + v.scrollY - y : y + v.scrollY;
  return fromFirst < 0 ? -1 : Math.floor(fromFirst / ROW_HEIGHT);
}

/** The top CSS pixel line of a row. */
export function rowTop(depth: number, v: FlameViewport, height: number, inverted: boolean): number {
  return inverted ? height - (depth + 1) * ROW_HEIGHT + v.scrollY : depth * ROW_HEIGHT - v.scrollY;
}

/** The rows at least partly inside a drawing area `height` pixels high: [first, last]. */
export function visibleRows(v: FlameViewport, height: number, rows: number): [number, number] {
  const first = Math.max(0, Math.floor(v.scrollY / ROW_HEIGHT));
  const last = Math.min(rows - 1, Math.floor((v.scrollY + height) / ROW_HEIGHT));
  return [first, last];
}
