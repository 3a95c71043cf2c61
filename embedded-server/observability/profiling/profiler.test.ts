import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createProfiler, ProfilerError } from './profiler.js';

function collectingLog() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

/** Keeps the CPU busy in a named function so the profile has something of ours to sample. */
function spinFor(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const end = Date.now() + ms;
    const burn = () => {
      const stop = Date.now() + 5;
      let x = 0;
      while (Date.now() < stop) x += Math.sqrt(x + 1);
      if (Date.now() < end) setImmediate(burn);
      else resolve();
    };
    burn();
  });
}

describe('createProfiler', () => {
  it('takes a valid .cpuprofile and logs start and finish', async () => {
    const { log, lines } = collectingLog();
    const profiler = createProfiler({ maxDurationS: 5, log });
    const [profile] = await Promise.all([profiler.cpu(0.3, { samplingIntervalUs: 200 }), spinFor(250)]);
    expect(profile.nodes.length).toBeGreaterThan(1);
    expect(profile.startTime).toBeLessThan(profile.endTime);
    expect(profile.samples?.length).toBe(profile.timeDeltas?.length);
    expect(profile.samples?.length).toBeGreaterThan(10);
    const ids = new Set(profile.nodes.map((n) => n.id));
    for (const id of profile.samples ?? []) expect(ids.has(id)).toBe(true);
    expect(profile.nodes.some((n) => n.callFrame.functionName === 'burn' && n.callFrame.url.endsWith('profiler.test.ts'))).toBe(true);

    const started = lines.find((l) => l.what === 'profile_started');
    const finished = lines.find((l) => l.what === 'profile_finished');
    expect(started).toMatchObject({ kind: 'cpu', duration_ms: 300 });
    expect(finished).toMatchObject({ kind: 'cpu', bytes: JSON.stringify(profile).length });
    expect(finished?.duration_ms).toEqual(expect.any(Number));
    expect(profiler.status()).toEqual({ running: false });
  });

  it('takes a sampling heap profile', async () => {
    const { log } = collectingLog();
    const profiler = createProfiler({ maxDurationS: 5, log });
    const keep: number[][] = [];
    const allocating = (async () => {
      for (let i = 0; i < 20; i++) {
        keep.push(new Array(10_000).fill(i));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const [profile] = await Promise.all([profiler.heap(0.3, { samplingInterval: 1024 }), allocating]);
    expect(profile.head.callFrame.functionName).toBe('(root)');
    expect(Array.isArray(profile.head.children)).toBe(true);
    const total = (node: typeof profile.head): number => node.selfSize + node.children.reduce((sum, c) => sum + total(c), 0);
    expect(total(profile.head)).toBeGreaterThan(0);
    expect(keep.length).toBe(20);
  });

  it('refuses a second capture while one runs, and reports the running one', async () => {
    const { log } = collectingLog();
    let clock = 1_000_000;
    const profiler = createProfiler({ maxDurationS: 5, log, now: () => clock });
    const first = profiler.cpu(0.5);
    expect(profiler.status()).toEqual({ running: true, kind: 'cpu', startedAt: 1_000_000, durationS: 0.5 });
    clock += 10;
    await expect(profiler.heap(0.1)).rejects.toMatchObject({ code: 'busy' });
    await expect(profiler.cpu(0.1)).rejects.toBeInstanceOf(ProfilerError);
    await first;
    expect(profiler.status().running).toBe(false);
    // Free again once the first ended.
    await expect(profiler.cpu(0.05)).resolves.toHaveProperty('nodes');
  });

  it('refuses a duration over max_duration_s or not positive, without starting', async () => {
    const { log, lines } = collectingLog();
    const profiler = createProfiler({ maxDurationS: 2, log });
    await expect(profiler.cpu(2.5)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('max_duration_s') });
    await expect(profiler.heap(0)).rejects.toMatchObject({ code: 'bad_request' });
    await expect(profiler.cpu(Number.NaN)).rejects.toMatchObject({ code: 'bad_request' });
    expect(profiler.status().running).toBe(false);
    expect(lines.some((l) => l.what === 'profile_started')).toBe(false);
  });

  it('finishEarly ends the running capture with what was sampled', async () => {
    const { log } = collectingLog();
    const profiler = createProfiler({ maxDurationS: 60, log });
    const capture = profiler.cpu(60);
    await new Promise((r) => setTimeout(r, 100));
    profiler.finishEarly();
    const profile = await capture;
    expect(profile.endTime - profile.startTime).toBeLessThan(30_000_000);
    expect(profiler.status().running).toBe(false);
  });
});
