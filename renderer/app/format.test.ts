import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatCount, formatMs, formatRate, formatUptime } from './format.js';

describe('format', () => {
  it('counts with separators and a dash for unknown', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(null)).toBe('—');
    expect(formatCount(Number.NaN)).toBe('—');
  });

  it('keeps a decimal on small rates only', () => {
    expect(formatRate(0.44)).toBe('0.4');
    expect(formatRate(1999.6)).toBe('2,000');
  });

  it('formats milliseconds, bytes and uptime', () => {
    expect(formatMs(3.21)).toBe('3.2 ms');
    expect(formatMs(250)).toBe('250 ms');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3.5 * 1024 * 1024)).toBe('3.5 MB');
    expect(formatUptime(59)).toBe('59s');
    expect(formatUptime(3599)).toBe('59m 59s');
    expect(formatUptime(90_061)).toBe('1d 1h');
  });

  it('says how long ago', () => {
    expect(formatAgo(0, 12_000)).toBe('12 s ago');
    expect(formatAgo(0, 180_000)).toBe('3 min ago');
  });
});
