import { describe, expect, it } from 'vitest';
import { CharWidths, formatShare, formatWeight, truncateLabel } from './flame-format.js';

describe('flame text', () => {
  it('formats weights in their unit', () => {
    expect(formatWeight(850, 'microseconds')).toBe('850 µs');
    expect(formatWeight(12_345, 'microseconds')).toBe('12.35 ms');
    expect(formatWeight(2_500_000, 'microseconds')).toBe('2.5 s');
    expect(formatWeight(1536, 'bytes')).toBe('1.5 KB');
    expect(formatWeight(5 * 1024 * 1024, 'bytes')).toBe('5 MB');
    expect(formatWeight(1, 'samples')).toBe('1 sample');
    expect(formatWeight(12_000, 'samples')).toBe('12,000 samples');
  });

  it('formats shares', () => {
    expect(formatShare(0.4567)).toBe('45.7%');
    expect(formatShare(0.001234)).toBe('0.12%');
    expect(formatShare(0.00001)).toBe('<0.01%');
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(1)).toBe('100%');
  });

  it('cuts labels to the width with an ellipsis, measuring each character once', () => {
    const measured: string[] = [];
    // Monospace 7 px, and the ellipsis 7 px too.
    const widths = new CharWidths((text) => {
      measured.push(text);
      return 7 * text.length;
    });
    expect(truncateLabel('handleStanza', 12 * 7, widths)).toBe('handleStanza');
    expect(truncateLabel('handleStanza', 11 * 7, widths)).toBe('handleStan…');
    expect(truncateLabel('handleStanza', 2 * 7, widths)).toBe('h…');
    expect(truncateLabel('handleStanza', 13, widths)).toBe('');
    expect(truncateLabel('', 50, widths)).toBe('');
    // 'M', '…', then each distinct character once.
    expect(measured.length).toBe(2 + new Set('handleStanza').size);
  });

  it('takes characters outside the table as wide', () => {
    const widths = new CharWidths((text) => (text === 'M' ? 10 : 5));
    expect(widths.of('a'.charCodeAt(0))).toBe(5);
    expect(widths.of('€'.charCodeAt(0))).toBe(10);
  });
});
