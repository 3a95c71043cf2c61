// The flame graph: a FlameLayout drawn on one canvas (not an element per frame), hi-DPI, sized by
// its container. Wheel zooms around the cursor (pinch too), drag pans, a click zooms into a frame
// and selects it, double-click, Escape or "Reset zoom" show everything again; +/- and the arrow
// keys do the same from the keyboard. Hovering shows a DOM tooltip. Colours come from CSS
// variables of the current theme (flame-graph.css). Drawing lives in FlameCanvas/FlameRenderer;
// this file wires React and the DOM events to them.
import { useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type Ref } from 'react';
import type { FlameLayout, Frame, WeightUnit } from '../model/types.js';
import { FlameCanvas } from './flame-canvas.js';
import { frameColors, readFlameTheme, rectColors } from './flame-colors.js';
import { FlameRenderer } from './flame-draw.js';
import { formatWeight } from './flame-format.js';
import { indexRows } from './flame-rows.js';
import { flameStats, matchesOf } from './flame-stats.js';
import { FlameTooltip, type TooltipAt } from './flame-tooltip.js';
import { ROW_HEIGHT } from './flame-viewport.js';
import './flame-graph.css';

/** A press that moves less than this (CSS px) is a click, not a drag. */
const CLICK_SLOP_PX = 4;
const KEY_ZOOM = 0.8;
const KEY_PAN_SHARE = 0.1;

export interface FlameGraphHandle {
  /** Shows the whole graph again. */
  resetZoom(): void;
}

export interface FlameGraphProps {
  layout: FlameLayout;
  frames: Frame[];
  unit: WeightUnit;
  /** Over frames: non-zero frames are drawn strongly, the others dimmed. */
  highlight?: Uint8Array;
  /** Rows grow upwards (the callers graph). */
  inverted?: boolean;
  /** A click on a rectangle: its frame's index. */
  onSelectFrame?(frameIndex: number): void;
  /** Names the graph for screen readers, e.g. "Callers of parse". */
  label?: string;
  ref?: Ref<FlameGraphHandle>;
}

interface Press {
  pointerId: number;
  x: number;
  y: number;
  moved: boolean;
}

export function FlameGraph({ layout, frames, unit, highlight, inverted = false, onSelectFrame, label = 'Flame graph', ref }: FlameGraphProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flameRef = useRef<FlameCanvas | null>(null);
  const pressRef = useRef<Press | null>(null);
  const shownLayout = useRef<FlameLayout | null>(null);
  const [zoomed, setZoomed] = useState(false);
  const [tooltip, setTooltip] = useState<TooltipAt | null>(null);
  const [box, setBox] = useState({ width: 0, height: 0 });

  // Everything derived from the layout, built once per layout: the time starts here.
  const prepared = useMemo(() => {
    const receivedAt = performance.now();
    const rowStart = indexRows(layout);
    return { receivedAt, rowStart, renderer: new FlameRenderer(layout, frames, rowStart) };
  }, [layout, frames]);
  const colorOfFrame = useMemo(() => frameColors(frames), [frames]);
  const colors = useMemo(() => rectColors(layout, colorOfFrame, highlight), [layout, colorOfFrame, highlight]);

  useLayoutEffect(() => {
    const flame = new FlameCanvas(canvasRef.current!, flameStats(), setZoomed);
    flameRef.current = flame;
    return () => {
      flame.dispose();
      flameRef.current = null;
      shownLayout.current = null;
    };
  }, []);

  // The theme is data-theme on <html>, set after this component's effects run: watch the attribute.
  useLayoutEffect(() => {
    const read = () => flameRef.current?.setTheme(readFlameTheme(getComputedStyle(boxRef.current!)));
    read();
    const observer = new MutationObserver(read);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const newLayout = shownLayout.current !== layout;
    shownLayout.current = layout;
    if (newLayout) setTooltip(null);
    flameRef.current?.setData({ layout, rowStart: prepared.rowStart, renderer: prepared.renderer, colors, inverted }, newLayout, prepared.receivedAt);
  }, [layout, prepared, colors, inverted]);

  useEffect(() => {
    flameStats().recordMatches(highlight === undefined ? undefined : matchesOf(layout.start, layout.width, layout.frame, layout.count, layout.total, highlight));
  }, [layout, highlight]);

  useLayoutEffect(() => {
    const el = boxRef.current!;
    const measure = () => {
      const width = el.clientWidth;
      const height = el.clientHeight;
      setBox({ width, height });
      flameRef.current?.resize(width, height, window.devicePixelRatio || 1);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Wheel: not a React handler, which would be passive and could not stop the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current!;
    const onWheel = (e: WheelEvent) => {
      const flame = flameRef.current;
      if (flame === null) return;
      e.preventDefault();
      const lines = e.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : e.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 400 : 1;
      const dx = e.deltaX * lines;
      const dy = e.deltaY * lines;
      const x = e.clientX - canvas.getBoundingClientRect().left;
      if (e.shiftKey) flame.panPixels(dy, 0);
      else if (e.ctrlKey || Math.abs(dy) >= Math.abs(dx)) flame.zoomAtPixel(x, Math.exp(dy * (e.ctrlKey ? 0.01 : 0.002)));
      else flame.panPixels(dx, 0);
      setTooltip(null);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, []);

  useImperativeHandle(ref, () => ({ resetZoom: () => flameRef.current?.reset() }), []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    pressRef.current = { pointerId: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const flame = flameRef.current;
    if (flame === null) return;
    const press = pressRef.current;
    if (press !== null && press.pointerId === e.pointerId) {
      const dx = e.clientX - press.x;
      const dy = e.clientY - press.y;
      if (!press.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
      press.moved = true;
      press.x = e.clientX;
      press.y = e.clientY;
      // The content follows the pointer: dragging down shows shallower rows (deeper when inverted).
      flame.panPixels(-dx, inverted ? dy : -dy);
      flame.setHovered(-1);
      setTooltip(null);
      return;
    }
    const p = point(e);
    const index = flame.hit(p.x, p.y);
    flame.setHovered(index);
    // The tooltip is placed in the viewport (position: fixed) so a narrow graph box does not clip it.
    setTooltip(index < 0 ? null : { index, x: e.clientX, y: e.clientY });
  };

  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const press = pressRef.current;
    pressRef.current = null;
    const flame = flameRef.current;
    if (press === null || press.moved || flame === null) return;
    const p = point(e);
    const index = flame.hit(p.x, p.y);
    if (index < 0) return;
    flame.zoomToRect(index);
    onSelectFrame?.(layout.frame[index]);
  };

  const onPointerLeave = () => {
    flameRef.current?.setHovered(-1);
    setTooltip(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const flame = flameRef.current;
    if (flame === null) return;
    const up = inverted ? 1 : -1;
    const handled: Record<string, () => void> = {
      '+': () => flame.zoomAtPixel(box.width / 2, KEY_ZOOM),
      '=': () => flame.zoomAtPixel(box.width / 2, KEY_ZOOM),
      '-': () => flame.zoomAtPixel(box.width / 2, 1 / KEY_ZOOM),
      _: () => flame.zoomAtPixel(box.width / 2, 1 / KEY_ZOOM),
      ArrowLeft: () => flame.panPixels(-box.width * KEY_PAN_SHARE, 0),
      ArrowRight: () => flame.panPixels(box.width * KEY_PAN_SHARE, 0),
      ArrowUp: () => flame.panPixels(0, 3 * ROW_HEIGHT * up),
      ArrowDown: () => flame.panPixels(0, -3 * ROW_HEIGHT * up),
      Escape: () => flame.reset(),
    };
    const action = handled[e.key];
    if (action === undefined) return;
    e.preventDefault();
    setTooltip(null);
    action();
  };

  const summary = `${label}: ${layout.count.toLocaleString('en-US')} stack frames in ${layout.rows} levels, ${formatWeight(layout.total, unit)} in all. Wheel or plus and minus zoom, drag or arrow keys pan, click zooms into a frame, Escape resets.`;
  const viewport = flameRef.current?.currentViewport();
  return (
    <div className={`flame-graph${inverted ? ' flame-graph-inverted' : ''}`} ref={boxRef}>
      <canvas
        ref={canvasRef}
        data-testid="flame-canvas"
        role="img"
        aria-label={summary}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (pressRef.current = null)}
        onPointerLeave={onPointerLeave}
        onDoubleClick={() => flameRef.current?.reset()}
        onKeyDown={onKeyDown}
      />
      {zoomed ? (
        <button type="button" className="flame-reset" onClick={() => flameRef.current?.reset()}>
          Reset zoom
        </button>
      ) : null}
      {tooltip !== null && tooltip.index < layout.count ? (
        <FlameTooltip
          at={tooltip}
          layout={layout}
          frames={frames}
          unit={unit}
          visibleSpan={viewport === undefined ? layout.total : viewport.x1 - viewport.x0}
          boxWidth={window.innerWidth}
          boxHeight={window.innerHeight}
        />
      ) : null}
    </div>
  );
}
