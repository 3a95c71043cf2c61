// Draws one frame of a flame graph on a 2D canvas. Built to stay within a frame's budget at
// 100,000 rectangles and more: per visible row, two binary searches find the rectangles in the x
// range; rectangles thinner than half a pixel are merged into one grey run per stretch, skipping
// ahead a pixel at a time (galloping search) through dense stretches. The rectangles are not
// drawn with one canvas call each: each row is written as spans of packed colours into one line
// of device pixels, copied to the row's scanlines of an ImageData, and the frame goes to the
// canvas with one putImageData. At 20,000 visible rectangles a fillRect each (batched by colour)
// cost tens of milliseconds; writing the pixels costs the pixels, not the rectangles. Labels and
// the hover outline are drawn on top with the canvas's text and stroke; labels are cut with a
// per-character width table.
import type { FlameLayout, Frame } from '../model/types.js';
import { DIM_OFFSET, type PixelPalette } from './flame-colors.js';
import { CharWidths, truncateLabel } from './flame-format.js';
import { gallopEndingAfter, visibleRange } from './flame-rows.js';
import { ROW_HEIGHT, rowTop, visibleRows, type FlameViewport } from './flame-viewport.js';

/** Rectangles narrower than this (CSS px) are merged into runs instead of drawn one by one. */
export const MIN_RECT_PX = 0.5;
/** Rectangles at least this wide get a label. */
const LABEL_MIN_PX = 26;
const LABEL_PADDING_PX = 4;
/** Rectangles at least this wide leave a one-pixel gap to their right neighbour. */
const GAP_MIN_PX = 3;
/** The label list starts this big and doubles when a frame needs more: no allocation once it fits. */
const INITIAL_LABELS = 4096;
export const LABEL_FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';

export interface DrawInput {
  viewport: FlameViewport;
  /** Drawing area, CSS pixels (the context is already scaled for devicePixelRatio). */
  width: number;
  height: number;
  /** Device pixels per CSS pixel (the canvas is width × pixelRatio device pixels wide). */
  pixelRatio: number;
  inverted: boolean;
  /** Palette index per rectangle (flame-colors rectColors). */
  colors: Uint8Array;
  pixels: PixelPalette;
  label: string;
  labelDim: string;
  hover: string;
  /** Rectangle under the cursor, or -1. */
  hovered: number;
}

export class FlameRenderer {
  /** Rectangles wide enough for a label this frame (grown on demand, then reused). */
  private labelled = new Int32Array(INITIAL_LABELS);
  private labelCount = 0;
  private image: ImageData | undefined;
  private pixels = new Uint32Array(0);
  private line = new Uint32Array(0);
  private charWidths: CharWidths | undefined;

  constructor(
    private readonly layout: FlameLayout,
    private readonly frames: readonly Frame[],
    private readonly rowStart: Int32Array,
  ) {}

  /** Draws a frame; returns the fills made (rectangles one by one plus merged runs). */
  draw(ctx: CanvasRenderingContext2D, input: DrawInput): number {
    const { layout } = this;
    const { viewport: v, height, inverted, pixelRatio: ratio } = input;
    const deviceWidth = ctx.canvas.width;
    const deviceHeight = ctx.canvas.height;
    if (this.image === undefined || this.image.width !== deviceWidth || this.image.height !== deviceHeight) {
      this.image = ctx.createImageData(deviceWidth, deviceHeight);
      this.pixels = new Uint32Array(this.image.data.buffer);
      this.line = new Uint32Array(deviceWidth);
    }
    const { pixels, line } = this;
    const background = input.pixels.background;
    pixels.fill(background);
    this.labelCount = 0;
    let fills = 0;
    const [firstRow, lastRow] = visibleRows(v, height, layout.rows);
    for (let d = firstRow; d <= lastRow; d++) {
      const top = rowTop(d, v, height, inverted);
      const y0 = Math.max(0, Math.round(top * ratio));
      const y1 = Math.min(deviceHeight, Math.round((top + ROW_HEIGHT - 1) * ratio));
      if (y1 <= y0) continue;
      line.fill(background);
      fills += this.drawRow(d, input, deviceWidth);
      pixels.set(line, y0 * deviceWidth);
      for (let y = y0 + 1; y < y1; y++) pixels.copyWithin(y * deviceWidth, y0 * deviceWidth, (y0 + 1) * deviceWidth);
    }
    ctx.putImageData(this.image, 0, 0);
    this.drawLabels(ctx, input);
    if (input.hovered >= 0) this.drawHover(ctx, input);
    return fills;
  }

  /** Writes row `depth` into the line buffer (device pixels); returns the spans written. */
  private drawRow(depth: number, input: DrawInput, deviceWidth: number): number {
    const { layout, line } = this;
    const { start, width: rectWidth } = layout;
    const { viewport: v, width, pixelRatio: ratio, colors } = input;
    const palette = input.pixels.colors;
    const scale = (width * ratio) / (v.x1 - v.x0);
    const minWide = MIN_RECT_PX * ratio;
    const minLabel = LABEL_MIN_PX * ratio;
    const gapMin = GAP_MIN_PX * ratio;
    const gap = Math.max(1, Math.round(ratio));
    const [from, to] = visibleRange(layout, this.rowStart, depth, v.x0, v.x1);
    let fills = 0;
    let runStart = 0;
    let runEnd = -Infinity;
    for (let i = from; i < to; ) {
      const px = (start[i] - v.x0) * scale;
      const pw = rectWidth[i] * scale;
      if (pw >= minWide) {
        const left = Math.round(px);
        let right = Math.round(px + pw);
        if (right - left >= gapMin) right -= gap;
        fillSpan(line, palette[colors[i]], left, Math.max(right, left + 1), deviceWidth);
        fills++;
        if (pw >= minLabel) this.addLabel(i);
        i++;
        continue;
      }
      // Thin: extend the current run when it touches it (within a pixel), else close it and start another.
      if (px <= runEnd + ratio) {
        if (px + pw > runEnd) runEnd = px + pw;
      } else {
        if (runEnd > -Infinity) fills += fillRun(line, input.pixels.merged, runStart, runEnd, deviceWidth);
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
    if (runEnd > -Infinity) fills += fillRun(line, input.pixels.merged, runStart, runEnd, deviceWidth);
    return fills;
  }

  private addLabel(index: number): void {
    if (this.labelCount === this.labelled.length) {
      const bigger = new Int32Array(this.labelled.length * 2);
      bigger.set(this.labelled);
      this.labelled = bigger;
    }
    this.labelled[this.labelCount++] = index;
  }

  private drawLabels(ctx: CanvasRenderingContext2D, input: DrawInput): void {
    const { layout, labelled, labelCount, frames } = this;
    const { start, width: rectWidth, frame } = layout;
    const { viewport: v, width, height, inverted, colors } = input;
    const scale = width / (v.x1 - v.x0);
    ctx.font = LABEL_FONT;
    ctx.textBaseline = 'middle';
    this.charWidths ??= new CharWidths((text) => ctx.measureText(text).width);
    const widths = this.charWidths;
    // Two passes so the fill style changes at most twice: labels of matches (or all), then dimmed ones.
    for (let pass = 0; pass < 2; pass++) {
      const dim = pass === 1;
      ctx.fillStyle = dim ? input.labelDim : input.label;
      for (let k = 0; k < labelCount; k++) {
        const i = labelled[k];
        if (colors[i] >= DIM_OFFSET !== dim) continue;
        const left = Math.max(0, (start[i] - v.x0) * scale);
        const right = Math.min(width, (start[i] + rectWidth[i] - v.x0) * scale);
        if (right - left < LABEL_MIN_PX) continue;
        const text = truncateLabel(frames[frame[i]].name, right - left - 2 * LABEL_PADDING_PX, widths);
        if (text !== '') ctx.fillText(text, left + LABEL_PADDING_PX, rowTop(layout.depth[i], v, height, inverted) + ROW_HEIGHT / 2);
      }
    }
  }

  private drawHover(ctx: CanvasRenderingContext2D, input: DrawInput): void {
    const { layout } = this;
    const { viewport: v, width, height, inverted, hovered: i } = input;
    const scale = width / (v.x1 - v.x0);
    const left = Math.max(0, (layout.start[i] - v.x0) * scale);
    const right = Math.min(width, (layout.start[i] + layout.width[i] - v.x0) * scale);
    ctx.strokeStyle = input.hover;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(left + 0.75, rowTop(layout.depth[i], v, height, inverted) + 0.75, Math.max(1, right - left - 1.5), ROW_HEIGHT - 2.5);
  }
}

/** Fills device pixels [left, right) of the line, clipped to it. */
function fillSpan(line: Uint32Array, color: number, left: number, right: number, deviceWidth: number): void {
  const from = left < 0 ? 0 : left;
  const to = right > deviceWidth ? deviceWidth : right;
  if (to > from) line.fill(color, from, to);
}

/** A merged run; narrower than a pixel it still shows as one pixel: something is there. */
function fillRun(line: Uint32Array, color: number, from: number, to: number, deviceWidth: number): number {
  const left = Math.round(from);
  fillSpan(line, color, left, Math.max(left + 1, Math.round(to)), deviceWidth);
  return 1;
}
