import { describe, expect, it } from 'vitest';
import { Runtime } from './runtime.js';
import type { Pid, ProcessSummary, TopMetric } from './types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function until(cond: () => boolean, maxTicks = 10_000): Promise<void> {
  for (let i = 0; i < maxTicks && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

/** Deterministic pseudo-random numbers so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function idle(rt: Runtime): Pid {
  return rt.spawn({ kind: 'c2s', handle: () => {} });
}

const valueOf: Record<TopMetric, (s: ProcessSummary) => number> = {
  mailbox: (s) => s.mailboxLength,
  handled: (s) => s.handled,
  memory: (s) => s.memoryBytes,
};

/** The ranking by brute force: every live process's metric at the start, then at the end, fully sorted. */
function openReference(rt: Runtime, by: TopMetric): (n: number) => [Pid, number][] {
  const start = new Map(rt.list({ limit: 10_000 }).map((s) => [s.pid, valueOf[by](s)]));
  return (n) =>
    rt
      .list({ limit: 10_000 })
      .map((s): [Pid, number] => [s.pid, valueOf[by](s) - (start.get(s.pid) ?? 0)])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, n);
}

/**
 * Spawns, exits, sends and drains at random. Exits free slots that the spawns take again and move
 * the last process of the dense array into the gap, so a start value read back from the wrong
 * place shows as a wrong delta.
 */
function churn(rt: Runtime, pids: Pid[], rand: () => number, steps: number): void {
  for (let step = 0; step < steps; step++) {
    const r = rand();
    const i = Math.floor(rand() * pids.length);
    if (r < 0.2) {
      const pid = idle(rt);
      if (rand() < 0.5) rt.suspend(pid);
      for (let k = Math.floor(rand() * 8); k > 0; k--) rt.send(pid, k);
      pids.push(pid);
    } else if (r < 0.35 && pids.length > 1) {
      rt.kill(pids[i]);
      pids.splice(i, 1);
    } else if (r < 0.45) {
      rt.resume(pids[i]); // its mailbox drains during the window
    } else if (r < 0.55) {
      rt.suspend(pids[i]);
    } else {
      for (let k = Math.floor(rand() * 12); k > 0; k--) rt.send(pids[i], k);
    }
  }
}

async function population(rt: Runtime, rand: () => number, count: number): Promise<Pid[]> {
  const pids: Pid[] = [];
  for (let i = 0; i < count; i++) pids.push(idle(rt));
  for (const pid of pids) for (let k = Math.floor(rand() * 6); k > 0; k--) rt.send(pid, k);
  await until(() => rt.stats().mailboxTotal === 0); // some handled counts above 0
  for (const pid of pids) {
    if (rand() < 0.5) rt.suspend(pid);
    for (let k = Math.floor(rand() * 10); k > 0; k--) rt.send(pid, k);
  }
  return pids;
}

describe('topWindow', () => {
  it('ranks by growth during the window', async () => {
    const rt = new Runtime();
    const quiet = idle(rt);
    const fast = idle(rt);
    const slow = idle(rt);
    for (let i = 0; i < 100; i++) rt.send(quiet, i); // handled before the window opens
    await until(() => rt.stats().mailboxTotal === 0);
    const window = rt.topWindow(2, 'handled', 30);
    for (let i = 0; i < 20; i++) rt.send(fast, i);
    for (let i = 0; i < 5; i++) rt.send(slow, i);
    const ranked = await window;
    expect(ranked.map((r) => [r.pid, r.delta])).toEqual([
      [fast, 20],
      [slow, 5],
    ]);
    expect(rt.top(1, 'handled')[0].pid).toBe(quiet);
  });

  it('on mailbox growth, counts processes born during the window from zero', async () => {
    const rt = new Runtime();
    const old = idle(rt);
    rt.suspend(old);
    for (let i = 0; i < 50; i++) rt.send(old, i);
    const window = rt.topWindow(1, 'mailbox', 20);
    const young = idle(rt);
    rt.suspend(young);
    for (let i = 0; i < 10; i++) rt.send(young, i);
    rt.send(old, 'one more');
    const [first] = await window;
    expect(first.pid).toBe(young);
    expect(first.delta).toBe(10);
  });

  it('does not give a process born during the window the start value of the exited process whose slot it took', async () => {
    const rt = new Runtime();
    const gone = idle(rt);
    const stays = idle(rt);
    for (const pid of [gone, stays]) rt.suspend(pid);
    for (let i = 0; i < 50; i++) rt.send(gone, i);
    for (let i = 0; i < 30; i++) rt.send(stays, i);
    const window = rt.topWindow(3, 'mailbox', 20);
    rt.kill(gone); // `stays` moves into its place in the dense array
    const young = idle(rt); // and `young` takes its slot
    rt.suspend(young);
    for (let i = 0; i < 10; i++) rt.send(young, i);
    rt.send(stays, 'one more');
    expect((await window).map((r) => [r.pid, r.delta])).toEqual([
      [young, 10],
      [stays, 1],
    ]);
  });

  for (const by of ['mailbox', 'handled', 'memory'] as const) {
    it(`by ${by}: the same ranking as a full sort, through spawns, exits, sends and drains during the window`, async () => {
      const rand = lcg(by.length * 101);
      const rt = new Runtime();
      const pids = await population(rt, rand, 300);
      for (const n of [1, 7, 40, 10_000]) {
        const expected = openReference(rt, by);
        const window = rt.topWindow(n, by, 15);
        churn(rt, pids, rand, 200);
        const ranked = await window;
        expect(ranked.map((r) => [r.pid, r.delta])).toEqual(expected(n));
        expect(ranked.every((r) => rt.isAlive(r.pid))).toBe(true);
      }
      await rt.shutdown();
    });
  }

  it('keeps overlapping windows apart', async () => {
    const rand = lcg(5);
    const rt = new Runtime();
    const pids = await population(rt, rand, 200);
    const first = openReference(rt, 'mailbox');
    const firstWindow = rt.topWindow(25, 'mailbox', 30);
    churn(rt, pids, rand, 100);
    const second = openReference(rt, 'handled');
    const secondWindow = rt.topWindow(25, 'handled', 10);
    churn(rt, pids, rand, 100);
    const third = openReference(rt, 'mailbox');
    const thirdWindow = rt.topWindow(25, 'mailbox', 10);
    churn(rt, pids, rand, 100);
    const secondRanked = await secondWindow;
    expect(secondRanked.map((r) => [r.pid, r.delta])).toEqual(second(25));
    const thirdRanked = await thirdWindow;
    expect(thirdRanked.map((r) => [r.pid, r.delta])).toEqual(third(25));
    churn(rt, pids, rand, 100);
    const firstRanked = await firstWindow;
    expect(firstRanked.map((r) => [r.pid, r.delta])).toEqual(first(25));
    await rt.shutdown();
  });

  it('answers an empty list for n = 0 and with no process at all', async () => {
    const rt = new Runtime();
    expect(await rt.topWindow(5, 'mailbox', 1)).toEqual([]);
    idle(rt);
    expect(await rt.topWindow(0, 'mailbox', 1)).toEqual([]);
    expect(await rt.topWindow(0, 'handled', 1)).toEqual([]);
  });
});
