// Draws one frame of a flame graph on a 2D canvas. Built to stay under a few milliseconds at
// 100,000 rectangles: per visible row, two binary searches find the rectangles in the x range;
// rectangles thinner than half a pixel are merged into one grey run per stretch, skipping ahead a
// pixel at a time (galloping search) through dense stretches; the rest are
// grouped by palette colour (a counting sort into buffers allocated once per layout) and filled
// with fillRect on whole device pixels; labels are cut with a per-character width table.
import type { FlameLayout, Frame } from '../model/types.js';
import { PALETTE_SIZE, DIM_OFFSET } from './flame-colors.js';
import { CharWidths, truncateLabel } from './flame-format.js';
import { gallopEndingAfter, visibleRange } from './flame-rows.js';
import { ROW_HEIGHT, rowTop, visibleRows, type FlameViewport } from './flame-viewport.js';

/** Rectangles narrower than this (CSS px) are merged into runs instead of drawn one by one. */
export const MIN_RECT_PX = 0.5;
/** Rectangles at least this wide get a label. */
const LABEL_MIN_PX = 26;
const LABEL_PADDING_PX = 4;
/** Rectangles wider than this leave a one-pixel gap to their right neighbour. */
const GAP_MIN_PX = 3;
/** Buffers start this big and double when a frame needs more: no allocation once they fit. */
const INITIAL_CAPACITY = 16_384;
export const LABEL_FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';

export interface DrawInput {
  viewport: FlameViewport;
  /** Drawing area, CSS pixels (the context is already scaled for devicePixelRatio). */
  width: number;
  height: number;
  /** Device pixels per CSS pixel: edges are snapped to device pixels. */
  pixelRatio: number;
  inverted: boolean;
  /** Palette index per rectangle (flame-colors rectColors). */
  colors: Uint8Array;
  palette: readonly string[];
  background: string;
  merged: string;
  label: string;
  labelDim: string;
  hover: string;
  /** Rectangle under the cursor, or -1. */
  hovered: number;
}

export class FlameRenderer {
  /** Rectangles drawn one by one this frame, in the order found (grown on demand, then reused). */
  private wide = new Int32Array(INITIAL_CAPACITY);
  /** The same, grouped by colour. */
  private byColor = new Int32Array(INITIAL_CAPACITY);
  private readonly colorCount = new Int32Array(PALETTE_SIZE + 1);
  /** Merged runs: x, width, y triples. */
  private runs = new Float64Array(3 * INITIAL_CAPACITY);
  private charWidths: CharWidths | undefined;

  constructor(
    private readonly layout: FlameLayout,
    private readonly frames: readonly Frame[],
    private readonly rowStart: Int32Array,
  ) {}

  /** Draws a frame; returns the fills made (rectangles one by one plus merged runs). */
  draw(ctx: CanvasRenderingContext2D, input: DrawInput): number {
    const { layout, colorCount } = this;
    const { start, width: rectWidth } = layout;
    let { wide, runs } = this;
    const { viewport: v, width, height, inverted, colors } = input;
    const scale = width / (v.x1 - v.x0);
    ctx.fillStyle = input.background;
    ctx.fillRect(0, 0, width, height);

    let wideCount = 0;
    let runCount = 0;
    const [firstRow, lastRow] = visibleRows(v, height, layout.rows);
    for (let d = firstRow; d <= lastRow; d++) {
      const y = rowTop(d, v, height, inverted);
      const [from, to] = visibleRange(layout, this.rowStart, d, v.x0, v.x1);
      let runStart = 0;
      let runEnd = -Infinity;
      for (let i = from; i < to; ) {
        const px = (start[i] - v.x0) * scale;
        const pw = rectWidth[i] * scale;
        if (pw >= MIN_RECT_PX) {
          if (wideCount === wide.length) wide = this.wide = grow(wide);
          wide[wideCount++] = i;
          i++;
          continue;
        }
        // Thin: extend the current run when it touches it, else close it and start another.
        if (px <= runEnd + 1) {
          if (px + pw > runEnd) runEnd = px + pw;
        } else {
          if (runEnd > -Infinity) {
            if (3 * runCount === runs.length) runs = this.runs = grow(runs);
            runCount = pushRun(runs, runCount, runStart, runEnd, y);
          }
          runStart = px;
          runEnd = px + pw;
        }
        // Whatever ends before the next pixel boundary lies inside this run's last two pixels: merge
        // it without visiting it one by one (a dense row costs its pixels, not its rectangles).
        const next = gallopEndingAfter(layout, i + 1, to, v.x0 + (Math.floor(px + pw) + 1) / scale);
        if (next > i + 1) {
          const end = (start[next - 1] + rectWidth[next - 1] - v.x0) * scale;
          if (end > runEnd) runEnd = end;
        }
        i = next;
      }
      if (runEnd > -Infinity) {
        if (3 * runCount === runs.length) runs = this.runs = grow(runs);
        runCount = pushRun(runs, runCount, runStart, runEnd, y);
      }
    }

    // Group by colour (counting sort) so the fill style changes once per colour; edges snapped to
    // device pixels (whole-pixel rectangles rasterize about twice as fast as anti-aliased ones).
    if (this.byColor.length < wide.length) this.byColor = new Int32Array(wide.length);
    const byColor = this.byColor;
    colorCount.fill(0);
    for (let k = 0; k < wideCount; k++) colorCount[colors[wide[k]] + 1]++;
    for (let c = 1; c <= PALETTE_SIZE; c++) colorCount[c] += colorCount[c - 1];
    for (let k = 0; k < wideCount; k++) byColor[colorCount[colors[wide[k]]]++] = wide[k];
    const ratio = input.pixelRatio;
    const onePixel = 1 / ratio;
    let k = 0;
    for (let c = 0; c < PALETTE_SIZE && k < wideCount; c++) {
      const end = colorCount[c];
      if (end === k) continue;
      ctx.fillStyle = input.palette[c];
      for (; k < end; k++) {
        const i = byColor[k];
        const left = Math.round(Math.max(-1, (start[i] - v.x0) * scale) * ratio) / ratio;
        const right = Math.round(Math.min(width + 1, (start[i] + rectWidth[i] - v.x0) * scale) * ratio) / ratio;
        const w = right - left;
        const y = Math.round(rowTop(layout.depth[i], v, height, inverted) * ratio) / ratio;
        ctx.fillRect(left, y, w >= GAP_MIN_PX ? w - onePixel : Math.max(onePixel, w), ROW_HEIGHT - onePixel);
      }
    }
    if (runCount > 0) {
      ctx.fillStyle = input.merged;
      for (let r = 0; r < runCount; r++) {
        const left = Math.round(runs[3 * r] * ratio) / ratio;
        const y = Math.round(runs[3 * r + 2] * ratio) / ratio;
        ctx.fillRect(left, y, Math.max(onePixel, Math.round(runs[3 * r + 1] * ratio) / ratio), ROW_HEIGHT - onePixel);
      }
    }

    this.drawLabels(ctx, input, wideCount, scale);
    if (input.hovered >= 0) {
      const i = input.hovered;
      const left = Math.max(0, (start[i] - v.x0) * scale);
      const right = Math.min(width, (start[i] + rectWidth[i] - v.x0) * scale);
      ctx.strokeStyle = input.hover;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(left + 0.75, rowTop(layout.depth[i], v, height, inverted) + 0.75, Math.max(1, right - left - 1.5), ROW_HEIGHT - 2.5);
    }
    return wideCount + runCount;
  }

  private drawLabels(ctx: CanvasRenderingContext2D, input: DrawInput, wideCount: number, scale: number): void {
    const { layout, wide, frames } = this;
    const { start, width: rectWidth, frame } = layout;
    const { viewport: v, width, height, inverted, colors } = input;
    ctx.font = LABEL_FONT;
    ctx.textBaseline = 'middle';
    this.charWidths ??= new CharWidths((text) => ctx.measureText(text).width);
    const widths = this.charWidths;
    // Two passes so the fill style changes at most twice: labels of matches (or all), then dimmed ones.
    for (let pass = 0; pass < 2; pass++) {
      const dim = pass === 1;
      ctx.fillStyle = dim ? input.labelDim : input.label;
      for (let k = 0; k < wideCount; k++) {
        const i = wide[k];
        if (colors[i] >= DIM_OFFSET !== dim) continue;
        const left = Math.max(0, (start[i] - v.x0) * scale);
        const right = Math.min(width, (start[i] + rectWidth[i] - v.x0) * scale);
        if (right - left < LABEL_MIN_PX) continue;
        const text = truncateLabel(frames[frame[i]].name, right - left - 2 * LABEL_PADDING_PX, widths);
        if (text !== '') ctx.fillText(text, left + LABEL_PADDING_PX, rowTop(layout.depth[i], v, height, inverted) + ROW_HEIGHT / 2);
      }
    }
  }
}

function grow<T extends Int32Array | Float64Array>(buffer: T): T {
  const bigger = new (buffer.constructor as new (n: number) => T)(buffer.length * 2);
  bigger.set(buffer);
  return bigger;
}

function pushRun(runs: Float64Array, count: number, from: number, to: number, y: number): number {
  runs[3 * count] = from;
  // A run narrower than a pixel still shows as one pixel: something is there.
  runs[3 * count + 1] = Math.max(1, to - from);
  runs[3 * count + 2] = y;
  return count + 1;
}
