import { describe, expect, it } from 'vitest';
import { Runtime } from './runtime.js';
import type { ExitReason, Pid } from './types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function until(cond: () => boolean, maxTicks = 100_000): Promise<void> {
  for (let i = 0; i < maxTicks && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

describe('scheduler', () => {
  it('handles messages asynchronously, in order', async () => {
    const rt = new Runtime();
    const seen: number[] = [];
    const pid = rt.spawn<number>({ kind: 'test', handle: (m) => void seen.push(m as number) });
    for (let i = 0; i < 500; i++) rt.send(pid, i);
    expect(seen).toEqual([]); // send never runs the handler inline
    await until(() => seen.length === 500);
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(rt.info(pid)!.handled).toBe(500);
  });

  it('a busy process with 100k messages does not starve another one', async () => {
    const rt = new Runtime({ budgetPerProcess: 50 });
    let busyHandled = 0;
    let busyHandledWhenQuietRan = -1;
    let busyBacklogWhenQuietRan = -1;
    const busy = rt.spawn({ kind: 'busy', handle: () => void busyHandled++ });
    const quiet = rt.spawn({
      kind: 'quiet',
      handle: () => {
        busyHandledWhenQuietRan = busyHandled;
        busyBacklogWhenQuietRan = rt.info(busy)!.mailboxLength;
      },
    });
    for (let i = 0; i < 100_000; i++) rt.send(busy, i);
    rt.send(quiet, 'hello');
    await until(() => busyHandledWhenQuietRan >= 0);
    expect(busyHandledWhenQuietRan).toBeLessThanOrEqual(50);
    expect(busyBacklogWhenQuietRan).toBe(100_000 - busyHandledWhenQuietRan);
  });

  it('a message sent in the middle of a backlog waits for at most one slice of the busy process', async () => {
    const rt = new Runtime({ budgetPerProcess: 20 });
    let busyHandled = 0;
    const busy = rt.spawn({ kind: 'busy', handle: () => void busyHandled++ });
    for (let i = 0; i < 200_000; i++) rt.send(busy, i);
    await tick();
    await tick();
    const before = busyHandled;
    expect(before).toBeGreaterThan(0);
    let delta = -1;
    const quiet = rt.spawn({ kind: 'quiet', handle: () => void (delta = busyHandled - before) });
    rt.send(quiet, 'x');
    await until(() => delta >= 0);
    expect(delta).toBeLessThanOrEqual(20);
  });

  it('ends a turn after the time budget so other callbacks run (turnBudgetMs 0: one slice per turn)', async () => {
    const rt = new Runtime({ budgetPerProcess: 50, turnBudgetMs: 0 });
    let handled = 0;
    const pid = rt.spawn({ kind: 'busy', handle: () => void handled++ });
    for (let i = 0; i < 10_000; i++) rt.send(pid, i);
    const seenByImmediate = await new Promise<number>((resolve) => setImmediate(() => resolve(handled)));
    expect(seenByImmediate).toBe(50);
  });

  it('lets a timer fire while a process works through a 1,000,000-message backlog', async () => {
    const rt = new Runtime();
    let handled = 0;
    const pid = rt.spawn({ kind: 'busy', mailbox: { capacity: 1_000_000 }, handle: () => void handled++ });
    for (let i = 0; i < 1_000_000; i++) rt.send(pid, i);
    const seenByTimer = await new Promise<number>((resolve) => setTimeout(() => resolve(handled), 0));
    expect(seenByTimer).toBeLessThan(1_000_000);
    await until(() => handled === 1_000_000);
    expect(rt.stats().mailboxTotal).toBe(0);
  });

  it('ping-pong between two processes runs to completion', async () => {
    const rt = new Runtime();
    let done = false;
    const pong = rt.spawn<{ n: number; from: Pid }>({
      kind: 'pong',
      handle: (m) => {
        const msg = m as { n: number; from: Pid };
        rt.send(msg.from, msg.n + 1);
      },
    });
    const ping = rt.spawn<number>({
      kind: 'ping',
      handle: (m, ctx) => {
        if ((m as number) >= 10_000) done = true;
        else rt.send(pong, { n: m as number, from: ctx.self });
      },
    });
    rt.send(ping, 0);
    await until(() => done);
    expect(rt.info(ping)!.handled).toBe(10_001);
    expect(rt.info(pong)!.handled).toBe(10_000);
  });

  it('keeps an async handler busy until its promise settles, then continues in order', async () => {
    const rt = new Runtime();
    const seen: string[] = [];
    let finish!: () => void;
    const pid = rt.spawn<string>({
      kind: 'async',
      handle: (m) => {
        seen.push(m as string);
        if (m === 'slow') return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    rt.send(pid, 'slow');
    rt.send(pid, 'after');
    await until(() => seen.length === 1);
    for (let i = 0; i < 20; i++) await tick();
    expect(seen).toEqual(['slow']);
    expect(rt.info(pid)!.status).toBe('running');
    finish();
    await until(() => seen.length === 2);
    expect(seen).toEqual(['slow', 'after']);
    expect(rt.info(pid)!.status).toBe('waiting');
  });

  it('a rejected async handler exits the process with {error} and reports it', async () => {
    const errors: unknown[] = [];
    const exits: ExitReason[] = [];
    const rt = new Runtime({ onProcessError: (_p, _k, err) => errors.push(err), onProcessExit: (_s, r) => exits.push(r) });
    const pid = rt.spawn({ kind: 'async', handle: () => Promise.reject(new Error('db down')) });
    rt.send(pid, 'x');
    await until(() => !rt.isAlive(pid));
    expect(exits).toEqual([{ error: 'db down' }]);
    expect((errors[0] as Error).message).toBe('db down');
  });

  it('a throwing handler exits its process, calls terminate once and leaves others running', async () => {
    const errors: [Pid, string][] = [];
    const terminated: ExitReason[] = [];
    const rt = new Runtime({ onProcessError: (pid, kind) => errors.push([pid, kind]) });
    const bad = rt.spawn({
      kind: 'bad',
      handle: () => {
        throw new Error('boom');
      },
      terminate: (reason) => void terminated.push(reason),
    });
    let goodHandled = 0;
    const good = rt.spawn({ kind: 'good', handle: () => void goodHandled++ });
    rt.send(bad, 1);
    rt.send(bad, 2);
    rt.send(good, 1);
    await until(() => goodHandled === 1 && !rt.isAlive(bad));
    expect(errors).toEqual([[bad, 'bad']]);
    expect(terminated).toEqual([{ error: 'boom' }]);
    expect(rt.send(bad, 3)).toBe(false);
    expect(rt.isAlive(good)).toBe(true);
    expect(rt.stats().mailboxTotal).toBe(0);
  });

  it('an init that throws exits the process with {error}', () => {
    const errors: unknown[] = [];
    const rt = new Runtime({ onProcessError: (_p, _k, err) => errors.push(err) });
    const pid = rt.spawn({
      kind: 'x',
      init: () => {
        throw new Error('bad config');
      },
      handle: () => {},
    });
    expect(rt.isAlive(pid)).toBe(false);
    expect(errors).toHaveLength(1);
    expect(rt.count()).toBe(0);
  });

  it('does not schedule suspended processes; resume reschedules them', async () => {
    const rt = new Runtime();
    let handled = 0;
    const pid = rt.spawn({ kind: 'x', handle: () => void handled++ });
    expect(rt.suspend(pid)).toBe(true);
    rt.send(pid, 1);
    rt.send(pid, 2);
    for (let i = 0; i < 10; i++) await tick();
    expect(handled).toBe(0);
    expect(rt.info(pid)!.status).toBe('suspended');
    expect(rt.resume(pid)).toBe(true);
    expect(rt.resume(pid)).toBe(false); // not suspended any more
    await until(() => handled === 2);
    expect(rt.suspend(12345)).toBe(false);
  });

  it('a process can hold its own delivery and release it later', async () => {
    const rt = new Runtime();
    const seen: string[] = [];
    let ctxRef: { release(): void } | undefined;
    const pid = rt.spawn<string>({
      kind: 'c2s',
      handle: (m, ctx) => {
        seen.push(m as string);
        if (m === 'block') {
          ctx.hold();
          ctxRef = ctx;
        }
      },
    });
    rt.send(pid, 'block');
    rt.send(pid, 'a');
    rt.send(pid, 'b');
    await until(() => seen.length === 1);
    for (let i = 0; i < 10; i++) await tick();
    expect(seen).toEqual(['block']);
    expect(rt.info(pid)!.status).toBe('held');
    expect(rt.info(pid)!.mailboxLength).toBe(2);
    ctxRef!.release();
    await until(() => seen.length === 3);
    expect(seen).toEqual(['block', 'a', 'b']);
  });

  it('a handler can suspend or exit itself mid-slice', async () => {
    const rt = new Runtime();
    const seen: number[] = [];
    const pid = rt.spawn<number>({
      kind: 'x',
      handle: (m, ctx) => {
        seen.push(m as number);
        if (m === 2) ctx.exit();
      },
    });
    for (let i = 0; i < 5; i++) rt.send(pid, i);
    await until(() => !rt.isAlive(pid));
    for (let i = 0; i < 5; i++) await tick();
    expect(seen).toEqual([0, 1, 2]);
    expect(rt.stats().mailboxTotal).toBe(0);
  });

  it('rejects invalid options', () => {
    expect(() => new Runtime({ budgetPerProcess: 0 })).toThrow(/budgetPerProcess/);
    expect(() => new Runtime({ turnBudgetMs: -1 })).toThrow(/turnBudgetMs/);
  });
});
