import { describe, expect, it } from 'vitest';
import { Runtime } from './runtime.js';
import type { ExitReason, OverflowPolicy } from './types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function until(cond: () => boolean, maxTicks = 10_000): Promise<void> {
  for (let i = 0; i < maxTicks && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

function spawnWithPolicy(rt: Runtime, overflow: OverflowPolicy, seen: number[], terminated: ExitReason[] = []): number {
  return rt.spawn<number>({
    kind: 'bounded',
    mailbox: { capacity: 3, overflow },
    handle: (m) => void seen.push(m as number),
    terminate: (reason) => void terminated.push(reason),
  });
}

describe('mailbox overflow policies', () => {
  it('drop_newest discards the new message and send returns false', async () => {
    const rt = new Runtime();
    const seen: number[] = [];
    const pid = spawnWithPolicy(rt, 'drop_newest', seen);
    const results = [0, 1, 2, 3, 4].map((i) => rt.send(pid, i));
    expect(results).toEqual([true, true, true, false, false]);
    expect(rt.info(pid)!.droppedMessages).toBe(2);
    expect(rt.info(pid)!.mailboxLength).toBe(3);
    await until(() => seen.length === 3);
    expect(seen).toEqual([0, 1, 2]);
    expect(rt.stats().droppedTotal).toBe(2);
  });

  it('drop_oldest discards the oldest queued message and queues the new one', async () => {
    const rt = new Runtime();
    const seen: number[] = [];
    const pid = spawnWithPolicy(rt, 'drop_oldest', seen);
    const results = [0, 1, 2, 3, 4].map((i) => rt.send(pid, i));
    expect(results).toEqual([true, true, true, true, true]);
    expect(rt.info(pid)!.droppedMessages).toBe(2);
    expect(rt.stats().mailboxTotal).toBe(3);
    await until(() => seen.length === 3);
    expect(seen).toEqual([2, 3, 4]);
  });

  it('reject returns false, queues nothing and counts the refusal', async () => {
    const rt = new Runtime();
    const seen: number[] = [];
    const pid = spawnWithPolicy(rt, 'reject', seen);
    const results = [0, 1, 2, 3].map((i) => rt.send(pid, i));
    expect(results).toEqual([true, true, true, false]);
    expect(rt.info(pid)!.mailboxLength).toBe(3);
    expect(rt.info(pid)!.droppedMessages).toBe(1);
    await until(() => seen.length === 3);
    // Once there is room again, sends succeed.
    expect(rt.send(pid, 9)).toBe(true);
    await until(() => seen.length === 4);
    expect(seen).toEqual([0, 1, 2, 9]);
  });

  it('exit ends the process with mailbox_overflow', () => {
    const exits: ExitReason[] = [];
    const rt = new Runtime({ onProcessExit: (summary, reason) => exits.push(reason) });
    const seen: number[] = [];
    const terminated: ExitReason[] = [];
    const pid = spawnWithPolicy(rt, 'exit', seen, terminated);
    expect([0, 1, 2].map((i) => rt.send(pid, i))).toEqual([true, true, true]);
    expect(rt.send(pid, 3)).toBe(false);
    expect(rt.isAlive(pid)).toBe(false);
    expect(terminated).toEqual(['mailbox_overflow']);
    expect(exits).toEqual(['mailbox_overflow']);
    expect(rt.stats().mailboxTotal).toBe(0);
    expect(rt.stats().droppedTotal).toBe(1);
  });

  it('system messages are delivered even to a full mailbox', async () => {
    const rt = new Runtime();
    const seen: unknown[] = [];
    const watcher = rt.spawn({ kind: 'w', mailbox: { capacity: 1 }, handle: (m) => void seen.push(m) });
    const target = rt.spawn({ kind: 't', handle: () => {} });
    rt.suspend(watcher);
    const ref = rt.monitor(watcher, target);
    rt.send(watcher, 'fill');
    rt.kill(target);
    expect(rt.info(watcher)!.mailboxLength).toBe(2);
    rt.resume(watcher);
    await until(() => seen.length === 2);
    expect(seen[1]).toEqual({ system: 'DOWN', ref, pid: target, reason: 'killed' });
  });

  it('validates capacity and policy', () => {
    const rt = new Runtime();
    expect(() => rt.spawn({ kind: 'x', mailbox: { capacity: 0 }, handle: () => {} })).toThrow(/capacity/);
    expect(() => rt.spawn({ kind: 'x', mailbox: { overflow: 'nope' as OverflowPolicy }, handle: () => {} })).toThrow(/overflow/);
  });
});
