// Colours of the flame graph. A frame's hue says where its code lives — the node's own code,
// a dependency under node_modules, Node.js internals (node:…), or native/GC (no script) — and a
// stable shade within that hue comes from a hash of its name and file, so a frame keeps its colour
// across views and reloads. Diff layouts colour by the change of share instead: blue (shrank)
// through neutral to red (grew). Search dims what does not match. The base colours are CSS
// variables (flame-graph.css) so both themes pick theirs; each rectangle gets an index into one
// palette of packed pixels, which the renderer writes straight into an ImageData.
import type { FlameLayout, Frame } from '../model/types.js';

export const CATEGORIES = ['own', 'dependency', 'node', 'native'] as const;
export type FrameCategory = (typeof CATEGORIES)[number];

export const SHADES = 6;
/** Diff buckets on each side of neutral. */
export const DIFF_STEPS = 8;
/** A change of this share of the profile (or more) gets the full diff colour. */
export const DIFF_FULL_SHARE = 0.03;
export const DIFF_BASE = CATEGORIES.length * SHADES;
/** Colours before dimming; index + DIM_OFFSET is the dimmed version. */
export const DIM_OFFSET = DIFF_BASE + 2 * DIFF_STEPS + 1;
export const PALETTE_SIZE = 2 * DIM_OFFSET;

export function frameCategory(frame: Frame): FrameCategory {
  const file = frame.file;
  if (file === '') return 'native';
  if (file.startsWith('node:') || file.startsWith('internal/')) return 'node';
  if (file.includes('/node_modules/') || file.includes('\\node_modules\\')) return 'dependency';
  return 'own';
}

/** FNV-1a over name and file: the same frame gets the same shade everywhere. */
export function frameHash(frame: Frame): number {
  let h = 0x811c9dc5;
  const text = frame.file === '' ? frame.name : `${frame.name}\u0000${frame.file}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Each frame's palette index (category and shade). */
export function frameColors(frames: readonly Frame[]): Uint8Array {
  const out = new Uint8Array(frames.length);
  for (let i = 0; i < frames.length; i++) {
    out[i] = CATEGORIES.indexOf(frameCategory(frames[i])) * SHADES + (frameHash(frames[i]) % SHADES);
  }
  return out;
}

/**
 * Palette index of a change of share `delta` (after minus before, in [-1, 1]). The square root
 * spreads the small changes most nodes have over more of the scale, so a half-point change shows.
 */
export function diffColor(delta: number): number {
  if (!Number.isFinite(delta)) return DIFF_BASE + DIFF_STEPS;
  const t = Math.sqrt(Math.min(1, Math.abs(delta) / DIFF_FULL_SHARE));
  return DIFF_BASE + DIFF_STEPS + Math.sign(delta) * Math.round(t * DIFF_STEPS);
}

/**
 * Each rectangle's palette index: its frame's colour (or its diff colour), dimmed when a highlight
 * is given and its frame is not in it.
 */
export function rectColors(layout: FlameLayout, colorOfFrame: Uint8Array, highlight: Uint8Array | undefined, out: Uint8Array = new Uint8Array(layout.count)): Uint8Array {
  const { frame, delta } = layout;
  for (let i = 0; i < layout.count; i++) {
    const f = frame[i];
    const base = delta !== undefined ? diffColor(delta[i]) : colorOfFrame[f];
    out[i] = highlight !== undefined && highlight[f] === 0 ? base + DIM_OFFSET : base;
  }
  return out;
}

/** The theme's colours, as read from CSS variables. */
export interface FlameTheme {
  category: Record<FrameCategory, string>;
  grew: string;
  shrank: string;
  neutral: string;
  /** Runs of rectangles too thin to draw one by one. */
  merged: string;
  background: string;
  label: string;
  labelDim: string;
  /** Outline of the rectangle under the cursor. */
  hover: string;
}

const DEFAULT_THEME: FlameTheme = {
  category: { own: '#e8875b', dependency: '#5fb3a1', node: '#7f9cf5', native: '#9aa3ae' },
  grew: '#f0605a',
  shrank: '#4f8ff7',
  neutral: '#8b949e',
  merged: '#5b6370',
  background: '#0b0d11',
  label: '#0b0d11',
  labelDim: '#9aa3ae',
  hover: '#ffd33d',
};

/** Reads --flame-* variables (flame-graph.css); a missing or unreadable one keeps the dark default. */
export function readFlameTheme(style: { getPropertyValue(name: string): string }): FlameTheme {
  const read = (name: string, fallback: string) => {
    const value = style.getPropertyValue(name).trim();
    return parseColor(value) === undefined ? fallback : value;
  };
  const d = DEFAULT_THEME;
  return {
    category: {
      own: read('--flame-own', d.category.own),
      dependency: read('--flame-dependency', d.category.dependency),
      node: read('--flame-node', d.category.node),
      native: read('--flame-native', d.category.native),
    },
    grew: read('--flame-grew', d.grew),
    shrank: read('--flame-shrank', d.shrank),
    neutral: read('--flame-neutral', d.neutral),
    merged: read('--flame-merged', d.merged),
    background: read('--flame-background', d.background),
    label: read('--flame-label', d.label),
    labelDim: read('--flame-label-dim', d.labelDim),
    hover: read('--flame-hover', d.hover),
  };
}

type Rgb = [number, number, number];

/** '#rgb', '#rrggbb' or 'rgb(r, g, b)' / 'rgb(r g b)'; undefined for anything else. */
export function parseColor(text: string): Rgb | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text);
  if (hex !== null) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(text);
  return rgb === null ? undefined : [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Shade `k` of SHADES: a little lighter or darker, a little warmer or cooler, around the base. */
function shade(base: Rgb, k: number): Rgb {
  const lighten = ((k % 3) - 1) * 0.14;
  const toward: Rgb = lighten > 0 ? [255, 255, 255] : [0, 0, 0];
  const shifted = mix(base, toward, Math.abs(lighten));
  // Warmer for odd shades, cooler for even ones: rotate a little of red into blue and back.
  const swing = (k % 2 === 0 ? 1 : -1) * 0.08;
  return [shifted[0] * (1 + swing), shifted[1], shifted[2] * (1 - swing)].map((c) => Math.max(0, Math.min(255, c))) as Rgb;
}

/** Every palette index's colour for a theme, before dimming is applied. */
function baseColors(theme: FlameTheme): Rgb[] {
  const base: Rgb[] = [];
  for (const category of CATEGORIES) {
    for (let k = 0; k < SHADES; k++) base.push(shade(rgbOf(theme.category[category]), k));
  }
  const neutral = rgbOf(theme.neutral);
  for (let k = -DIFF_STEPS; k <= DIFF_STEPS; k++) {
    base.push(mix(neutral, rgbOf(k < 0 ? theme.shrank : theme.grew), Math.abs(k) / DIFF_STEPS));
  }
  const background = rgbOf(theme.background);
  return [...base, ...base.map((c) => mix(c, background, 0.68))];
}

function rgbOf(text: string): Rgb {
  return parseColor(text) ?? [128, 128, 128];
}

/** A colour as one 32-bit ImageData pixel (RGBA bytes in memory, so ABGR on little-endian machines). */
export function packPixel([r, g, b]: Rgb, littleEndian = LITTLE_ENDIAN): number {
  const [R, G, B] = [r, g, b].map((c) => Math.round(c) & 0xff);
  return (littleEndian ? ((0xff << 24) | (B << 16) | (G << 8) | R) : ((R << 24) | (G << 16) | (B << 8) | 0xff)) >>> 0;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The palette as packed pixels, plus the background and merged-run colours. */
export interface PixelPalette {
  colors: Uint32Array;
  background: number;
  merged: number;
}

export function buildPixelPalette(theme: FlameTheme): PixelPalette {
  return { colors: Uint32Array.from(baseColors(theme), (c) => packPixel(c)), background: packPixel(rgbOf(theme.background)), merged: packPixel(rgbOf(theme.merged)) };
}
