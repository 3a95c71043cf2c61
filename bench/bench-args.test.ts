import { describe, expect, it } from 'vitest';
import { BenchArgsError, FULL_SIZES, QUICK_SIZES, parseBenchArgs } from './bench-args.js';

describe('parseBenchArgs', () => {
  it('runs every part at full size by default', () => {
    const options = parseBenchArgs([]);
    expect(options.parts).toEqual(['logins', 'idle', 'messages', 'observer', 'runtime', 'flame', 'processes']);
    expect(options.sizes).toEqual(FULL_SIZES);
    expect(options.quick).toBe(false);
  });

  it('runs the named parts in bench order, at quick sizes with --quick', () => {
    const options = parseBenchArgs(['processes', 'messages', '--quick', 'flame', 'logins']);
    expect(options.parts).toEqual(['logins', 'messages', 'flame', 'processes']);
    expect(options.sizes).toEqual(QUICK_SIZES);
  });

  it('lets sizes be overridden after --quick has chosen the defaults', () => {
    const options = parseBenchArgs(['--idle', '500', '--quick', '--rates', '1000, 2000', '--json', 'out.json', '--profile', '--flame-frames', '20000']);
    expect(options.sizes.idleConnections).toBe(500);
    expect(options.sizes.flameFrames).toBe(20_000);
    expect(options.sizes.rates).toEqual([1000, 2000]);
    expect(options.sizes.stepSeconds).toBe(QUICK_SIZES.stepSeconds);
    expect(options.jsonFile).toBe('out.json');
    expect(options.profile).toBe(true);
  });

  it('rejects unknown arguments and bad numbers', () => {
    expect(() => parseBenchArgs(['login'])).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(['--idle', '-5'])).toThrow(/positive integer/);
    expect(() => parseBenchArgs(['--pairs'])).toThrow(/positive integer/);
    expect(() => parseBenchArgs(['--json'])).toThrow(/file name/);
  });

  it('takes the features the observer part turns off, all of them by default, in a fixed order', () => {
    expect(parseBenchArgs(['observer']).observerOff).toEqual(['tracing', 'metrics', 'logging', 'admin']);
    expect(parseBenchArgs(['observer', '--observer-off', 'metrics, tracing']).observerOff).toEqual(['tracing', 'metrics']);
    expect(() => parseBenchArgs(['--observer-off', 'tracing,gc'])).toThrow(/"gc"/);
    expect(() => parseBenchArgs(['--observer-off'])).toThrow(BenchArgsError);
    expect(parseBenchArgs(['observer']).observerCpuOnly).toBe(false);
    expect(parseBenchArgs(['observer', '--observer-cpu-only']).observerCpuOnly).toBe(true);
    expect(parseBenchArgs(['observer']).observerCpuPairs).toBeUndefined();
    expect(parseBenchArgs(['observer', '--observer-cpu-pairs', '30']).observerCpuPairs).toBe(30);
    expect(() => parseBenchArgs(['--observer-cpu-pairs', '0'])).toThrow(BenchArgsError);
    expect(parseBenchArgs(['observer']).observerCpuRate).toBeUndefined();
    expect(parseBenchArgs(['observer', '--observer-cpu-rate', '50000']).observerCpuRate).toBe(50_000);
    expect(() => parseBenchArgs(['--observer-cpu-rate', 'fast'])).toThrow(BenchArgsError);
  });

  it('passes node flags through, one argument holding several, and refuses what is not a flag', () => {
    expect(parseBenchArgs(['observer']).nodeFlags).toEqual([]);
    expect(parseBenchArgs(['observer', '--node-flags', '--trace-gc  --max-semi-space-size=64']).nodeFlags).toEqual(['--trace-gc', '--max-semi-space-size=64']);
    expect(parseBenchArgs(['--node-flags', '--trace-gc', '--node-flags', '--trace-gc-nvp']).nodeFlags).toEqual(['--trace-gc', '--trace-gc-nvp']);
    expect(() => parseBenchArgs(['--node-flags', 'trace-gc'])).toThrow(/each starting with --/);
    expect(() => parseBenchArgs(['--node-flags'])).toThrow(BenchArgsError);
  });
});
