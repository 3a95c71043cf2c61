import { describe, expect, it } from 'vitest';
import { buildPixelPalette, DIFF_BASE, DIFF_STEPS, DIM_OFFSET, diffColor, frameCategory, frameColors, frameHash, PALETTE_SIZE, parseColor, packPixel, readFlameTheme, rectColors, SHADES } from './flame-colors.js';
import { testFrame, testLayout } from './flame-test-layout.js';

describe('flame colours', () => {
  it('tells where a frame’s code lives', () => {
    expect(frameCategory(testFrame('route', 'file:///app/dist/embedded-server/core/router.js'))).toBe('own');
    expect(frameCategory(testFrame('write', 'file:///app/node_modules/pino/lib/tools.js'))).toBe('dependency');
    expect(frameCategory(testFrame('processTicksAndRejections', 'node:internal/process/task_queues'))).toBe('node');
    expect(frameCategory(testFrame('(garbage collector)'))).toBe('native');
  });

  it('gives a frame the same shade every time, within its category’s range', () => {
    const frames = [testFrame('a', '/x.js'), testFrame('b', 'node:fs'), testFrame('(program)')];
    const first = frameColors(frames);
    expect([...frameColors(frames)]).toEqual([...first]);
    expect(frameHash(frames[0])).toBe(frameHash(testFrame('a', '/x.js')));
    expect(first[0]).toBeLessThan(SHADES);
    expect(first[1]).toBeGreaterThanOrEqual(2 * SHADES);
    expect(first[1]).toBeLessThan(3 * SHADES);
    expect(first[2]).toBeGreaterThanOrEqual(3 * SHADES);
  });

  it('maps a diff from blue (shrank) to red (grew), saturating', () => {
    expect(diffColor(0)).toBe(DIFF_BASE + DIFF_STEPS);
    expect(diffColor(-1)).toBe(DIFF_BASE);
    expect(diffColor(0.9)).toBe(DIFF_BASE + 2 * DIFF_STEPS);
    // A half-point change is visibly coloured, not one step off neutral.
    expect(diffColor(0.005)).toBeGreaterThanOrEqual(DIFF_BASE + DIFF_STEPS + 3);
    expect(diffColor(-0.005)).toBeLessThanOrEqual(DIFF_BASE + DIFF_STEPS - 3);
    expect(diffColor(-0.02)).toBeLessThan(diffColor(-0.005));
    expect(diffColor(1e-9)).toBe(DIFF_BASE + DIFF_STEPS);
    expect(diffColor(Number.NaN)).toBe(DIFF_BASE + DIFF_STEPS);
  });

  it('dims rectangles whose frame is not highlighted', () => {
    const layout = testLayout([[[0, 10, 0]], [[0, 4, 1], [4, 6, 2]]], 10);
    const byFrame = Uint8Array.from([1, 2, 3]);
    expect([...rectColors(layout, byFrame, undefined)]).toEqual([1, 2, 3]);
    expect([...rectColors(layout, byFrame, Uint8Array.from([0, 1, 0]))]).toEqual([1 + DIM_OFFSET, 2, 3 + DIM_OFFSET]);
    layout.delta = Float64Array.from([0, 1, -1]);
    expect([...rectColors(layout, byFrame, undefined)]).toEqual([diffColor(0), diffColor(1), diffColor(-1)]);
  });

  it('reads the theme from CSS variables, keeping defaults for unreadable ones', () => {
    const vars: Record<string, string> = { '--flame-own': ' #ff0000', '--flame-label': 'rgb(1, 2, 3)', '--flame-node': 'bogus' };
    const theme = readFlameTheme({ getPropertyValue: (name) => vars[name] ?? '' });
    expect(theme.category.own).toBe('#ff0000');
    expect(theme.label).toBe('rgb(1, 2, 3)');
    expect(parseColor(theme.category.node)).toBeDefined();
    const palette = buildPixelPalette(theme);
    expect(palette.colors).toHaveLength(PALETTE_SIZE);
    expect(new Set(palette.colors.slice(0, SHADES)).size).toBe(SHADES);
    // Dimmed colours lie between the colour and the background.
    expect(palette.colors[DIM_OFFSET]).not.toBe(palette.colors[0]);
    expect(palette.background).toBe(packPixel(parseColor(theme.background)!));
    expect(parseColor('#abc')).toEqual([170, 187, 204]);
  });

  it('packs a colour as the RGBA bytes of one ImageData pixel', () => {
    const pixel = packPixel([0x11, 0x22, 0x33]);
    const bytes = new Uint8Array(Uint32Array.of(pixel).buffer);
    expect([...bytes]).toEqual([0x11, 0x22, 0x33, 0xff]);
    expect(packPixel([0x11, 0x22, 0x33], false)).toBe(0x112233ff);
  });
});
