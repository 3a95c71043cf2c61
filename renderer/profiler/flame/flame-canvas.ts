// The flame graph's canvas outside React: the viewport, the size in device pixels, what is hovered,
// and when to draw. Gestures change the viewport and ask for a frame; at most one frame is drawn
// per animation frame, and a new layout or a resize is drawn at once so it shows in the same paint.
// Every draw is timed (performance.now() around it) into the page's FlameStats.
import type { FlameLayout } from '../model/types.js';
import { buildPixelPalette, type FlameTheme, type PixelPalette } from './flame-colors.js';
import type { FlameRenderer } from './flame-draw.js';
import { hitTest } from './flame-rows.js';
import type { FlameStats } from './flame-stats.js';
import {
  clampViewport,
  fullViewport,
  isFullView,
  panBy,
  rowAtY,
  xAtPixel,
  zoomAround,
  zoomToRange,
  type FlameBounds,
  type FlameViewport,
} from './flame-viewport.js';

export interface FlameData {
  layout: FlameLayout;
  rowStart: Int32Array;
  renderer: FlameRenderer;
  colors: Uint8Array;
  inverted: boolean;
}

export class FlameCanvas {
  private data: FlameData | undefined;
  private theme: FlameTheme | undefined;
  private palette: PixelPalette | undefined;
  private viewport: FlameViewport = fullViewport(1);
  private width = 0;
  private height = 0;
  private pixelRatio = 1;
  private hovered = -1;
  private frameRequest = 0;
  private zoomed = false;
  /** Set by a new layout: when it was received, until its first frame is drawn. */
  private newLayoutAt: number | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly stats: FlameStats,
    /** Told when the view goes from the whole graph to a zoomed part and back. */
    private readonly onZoomedChange: (zoomed: boolean) => void,
  ) {}

  /** New data; `newLayout` (a different layout, received at `receivedAt`) resets the zoom. */
  setData(data: FlameData, newLayout: boolean, receivedAt: number): void {
    this.data = data;
    if (newLayout) {
      this.viewport = fullViewport(data.layout.total);
      this.hovered = -1;
      this.newLayoutAt = receivedAt;
      this.noteZoom();
    }
    this.drawNow();
  }

  setTheme(theme: FlameTheme): void {
    this.theme = theme;
    this.palette = buildPixelPalette(theme);
    this.drawNow();
  }

  /** CSS size of the drawing area and the device pixel ratio. */
  resize(width: number, height: number, pixelRatio: number): void {
    this.width = width;
    this.height = height;
    this.pixelRatio = pixelRatio;
    const w = Math.max(1, Math.round(width * pixelRatio));
    const h = Math.max(1, Math.round(height * pixelRatio));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    this.canvas.getContext('2d')?.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
    this.viewport = clampViewport(this.viewport, this.bounds());
    this.drawNow();
  }

  bounds(): FlameBounds {
    const layout = this.data?.layout;
    return { total: layout?.total ?? 1, rows: layout?.rows ?? 0, height: this.height };
  }

  currentViewport(): FlameViewport {
    return this.viewport;
  }

  /** Zoom by `factor` (< 1 zooms in) around the CSS pixel column `px`. */
  zoomAtPixel(px: number, factor: number): void {
    this.setViewport(zoomAround(this.viewport, xAtPixel(this.viewport, px, this.width), factor, this.bounds()));
  }

  /** Positive dx shows what is to the right; positive dy shows deeper rows. */
  panPixels(dx: number, dy: number): void {
    this.setViewport(panBy(this.viewport, dx, dy, this.width, this.bounds()));
  }

  zoomToRect(index: number): void {
    const layout = this.data?.layout;
    if (layout === undefined || index < 0) return;
    this.setViewport(zoomToRange(this.viewport, layout.start[index], layout.width[index], this.bounds()));
  }

  reset(): void {
    this.setViewport(fullViewport(this.bounds().total));
  }

  /** The rectangle under a CSS pixel point, or -1. */
  hit(px: number, py: number): number {
    const data = this.data;
    if (data === undefined || this.width === 0) return -1;
    const depth = rowAtY(py, this.viewport, this.height, data.inverted);
    return hitTest(data.layout, data.rowStart, depth, xAtPixel(this.viewport, px, this.width));
  }

  setHovered(index: number): void {
    if (index === this.hovered) return;
    this.hovered = index;
    this.schedule();
  }

  dispose(): void {
    if (this.frameRequest !== 0) cancelAnimationFrame(this.frameRequest);
    this.frameRequest = 0;
  }

  private setViewport(v: FlameViewport): void {
    const c = this.viewport;
    if (v.x0 === c.x0 && v.x1 === c.x1 && v.scrollY === c.scrollY) return;
    this.viewport = v;
    this.noteZoom();
    this.schedule();
  }

  private noteZoom(): void {
    const zoomed = !isFullView(this.viewport, this.bounds());
    if (zoomed !== this.zoomed) {
      this.zoomed = zoomed;
      this.onZoomedChange(zoomed);
    }
  }

  private schedule(): void {
    if (this.frameRequest !== 0) return;
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = 0;
      this.drawNow();
    });
  }

  private drawNow(): void {
    const { data, theme, palette } = this;
    if (data === undefined || theme === undefined || palette === undefined || this.width === 0 || this.height === 0) return;
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    const started = performance.now();
    const drawn = data.renderer.draw(ctx, {
      viewport: this.viewport,
      width: this.width,
      height: this.height,
      pixelRatio: this.pixelRatio,
      inverted: data.inverted,
      colors: data.colors,
      pixels: palette,
      label: theme.label,
      labelDim: theme.labelDim,
      hover: theme.hover,
      hovered: this.hovered,
    });
    const ended = performance.now();
    this.stats.recordDraw(ended - started, data.layout.count, drawn);
    if (this.newLayoutAt !== undefined) {
      this.stats.recordFirstFrame(ended - this.newLayoutAt, ended, ended - started);
      this.newLayoutAt = undefined;
    }
  }
}
