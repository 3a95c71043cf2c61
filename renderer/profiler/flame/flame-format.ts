// Text of the flame graph: weights in their unit (µs → ms/s, bytes → KB/MB, samples), shares, and
// labels cut to the width of their rectangle. Text is measured once per character and font (a
// table of widths), never per label, so thousands of labels per frame stay cheap.
import { formatBytes, formatCount } from '../../app/format.js';
import type { WeightUnit } from '../model/types.js';

const twoDigits = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const oneDigit = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatMicroseconds(us: number): string {
  const abs = Math.abs(us);
  if (abs < 1000) return `${oneDigit.format(us)} µs`;
  if (abs < 1_000_000) return `${twoDigits.format(us / 1000)} ms`;
  return `${twoDigits.format(us / 1_000_000)} s`;
}

export function formatWeight(value: number, unit: WeightUnit): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'microseconds':
      return formatMicroseconds(value);
    case 'bytes':
      return formatBytes(value);
    case 'samples':
      return `${formatCount(value)} ${Math.abs(value) === 1 ? 'sample' : 'samples'}`;
  }
}

/** A fraction as a percentage: two digits below 1%, one above; '<0.01%' for tiny non-zero shares. */
export function formatShare(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const pct = fraction * 100;
  if (pct > 0 && pct < 0.01) return '<0.01%';
  return `${pct < 1 ? twoDigits.format(pct) : oneDigit.format(pct)}%`;
}

/** Character widths of one font, measured once each (code points below 256), for fitting labels. */
export class CharWidths {
  private readonly table = new Float64Array(256).fill(-1);
  /** Width used for characters outside the table (a wide one, so a label never overflows). */
  readonly wide: number;
  readonly ellipsis: number;

  constructor(private readonly measure: (text: string) => number) {
    this.wide = measure('M');
    this.ellipsis = measure('…');
  }

  of(code: number): number {
    if (code >= 256) return this.wide;
    let w = this.table[code];
    if (w < 0) {
      w = this.measure(String.fromCharCode(code));
      this.table[code] = w;
    }
    return w;
  }
}

/**
 * The longest prefix of `text` followed by '…' that fits `maxWidth`, or `text` itself when it fits,
 * or '' when not even one character and the ellipsis fit.
 */
export function truncateLabel(text: string, maxWidth: number, widths: CharWidths): string {
  let total = 0;
  // Index after the last character that still leaves room for the ellipsis.
  let cut = 0;
  for (let i = 0; i < text.length; i++) {
    total += widths.of(text.charCodeAt(i));
    if (total + widths.ellipsis <= maxWidth) cut = i + 1;
    if (total > maxWidth) return cut === 0 ? '' : `${text.slice(0, cut)}…`;
  }
  return text;
}
