import { describe, expect, it } from 'vitest';
import { DEFAULT_MESSAGE_BYTES } from './mailbox.js';
import { PROCESS_BASE_BYTES } from './process.js';
import { Runtime } from './runtime.js';
import { formatPid } from './types.js';
import type { Pid, ProcessContext, ProcessSummary } from './types.js';

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

function idle(rt: Runtime, extra: { kind?: string; serves?: string } = {}): Pid {
  return rt.spawn({ kind: extra.kind ?? 'c2s', serves: extra.serves, handle: () => {} });
}

describe('top', () => {
  it('ranks by mailbox like a full sort would, largest first, ties by pid', () => {
    const rt = new Runtime();
    const rand = lcg(7);
    const lengths = new Map<Pid, number>();
    for (let i = 0; i < 300; i++) {
      const pid = idle(rt);
      rt.suspend(pid);
      const n = Math.floor(rand() * 40);
      for (let k = 0; k < n; k++) rt.send(pid, k);
      lengths.set(pid, n);
    }
    const expected = [...lengths.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10);
    expect(rt.top(10, 'mailbox').map((s) => [s.pid, s.mailboxLength])).toEqual(expected);
    expect(rt.stats().mailboxMax).toBe(expected[0][1]);
  });

  it('pads with empty mailboxes when fewer than n are non-empty, and handles n = 0', () => {
    const rt = new Runtime();
    const a = idle(rt);
    const b = idle(rt);
    const c = idle(rt);
    rt.suspend(c);
    rt.send(c, 'x');
    expect(rt.top(5, 'mailbox').map((s) => s.pid)).toEqual([c, a, b]);
    expect(rt.top(0, 'mailbox')).toEqual([]);
  });

  it('ranks by handled and by memory', async () => {
    const rt = new Runtime();
    const handledBy = new Map<Pid, number>();
    const ctxs = new Map<Pid, ProcessContext>();
    for (let i = 0; i < 50; i++) {
      const pid = rt.spawn({ kind: 'w', init: (ctx) => void ctxs.set(ctx.self, ctx), handle: () => {} });
      const n = (i * 37) % 23;
      for (let k = 0; k < n; k++) rt.send(pid, k);
      handledBy.set(pid, n);
      ctxs.get(pid)!.setMemoryEstimate((i * 13) % 17);
    }
    await until(() => rt.stats().mailboxTotal === 0);
    const byHandled = [...handledBy.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, 5);
    expect(rt.top(5, 'handled').map((s) => [s.pid, s.handled])).toEqual(byHandled);
    const top = rt.top(3, 'memory');
    expect(top.map((s) => s.memoryBytes)).toEqual([PROCESS_BASE_BYTES + 16, PROCESS_BASE_BYTES + 16, PROCESS_BASE_BYTES + 16]);
    expect(() => rt.top(3, 'cpu' as 'memory')).toThrow(/metric/);
    expect(() => rt.top(-1, 'memory')).toThrow(/non-negative/);
  });
});

describe('stats', () => {
  it('mailboxMax and mailboxTotal match a brute-force count through sends, drains and exits', async () => {
    const rt = new Runtime();
    const rand = lcg(11);
    const pids: Pid[] = [];
    for (let i = 0; i < 40; i++) pids.push(rt.spawn({ kind: i % 2 ? 'a' : 'b', handle: () => {} }));
    for (const pid of pids) rt.suspend(pid);
    const bruteForce = () => {
      const all = rt.list();
      return { max: Math.max(0, ...all.map((s) => s.mailboxLength)), total: all.reduce((n, s) => n + s.mailboxLength, 0) };
    };
    for (let step = 0; step < 300; step++) {
      const pid = pids[Math.floor(rand() * pids.length)];
      const r = rand();
      if (r < 0.7) for (let k = Math.floor(rand() * 20); k > 0; k--) rt.send(pid, k);
      else if (r < 0.85) {
        rt.resume(pid);
        await tick();
        rt.suspend(pid);
      } else if (r < 0.9) rt.kill(pid);
      if (step % 7 === 0) {
        const { max, total } = bruteForce();
        expect(rt.stats().mailboxMax).toBe(max);
        expect(rt.stats().mailboxTotal).toBe(total);
      }
    }
    for (const pid of pids) rt.resume(pid);
    await until(() => rt.stats().mailboxTotal === 0);
    expect(rt.stats().mailboxMax).toBe(0);
    expect(rt.stats().handledTotal).toBeGreaterThanOrEqual(rt.list().reduce((n, s) => n + s.handled, 0));
  });
});

describe('list', () => {
  it('pages in pid order with kind and serves filters', () => {
    const rt = new Runtime();
    const c2s: Pid[] = [];
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 0) idle(rt, { kind: 'room', serves: `room${i}@muc.example` });
      else c2s.push(idle(rt, { kind: 'c2s', serves: `user${i}@example/res` }));
    }
    expect(rt.list().length).toBe(30);
    expect(rt.list({ kind: 'c2s', offset: 5, limit: 4 }).map((s) => s.pid)).toEqual(c2s.slice(5, 9));
    expect(rt.list({ serves: 'muc.' }).every((s) => s.kind === 'room')).toBe(true);
    const expectedUser1 = [1, 10, 11, 13, 14, 16, 17, 19].map((n) => `user${n}@example/res`);
    expect(rt.list({ serves: 'user1' }).map((s) => s.serves)).toEqual(expectedUser1);
    expect(rt.list({ limit: 0 })).toEqual([]);
    expect(() => rt.list({ offset: -1 })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('a summary reflects the label, serves and status a process sets', async () => {
    const rt = new Runtime({ now: () => 42_000 });
    const pid = rt.spawn({
      kind: 'c2s',
      init: (ctx) => ctx.setState('wait_for_auth'),
      handle: (_m, ctx) => {
        ctx.setState('session_established');
        ctx.setServes('alice@example/phone');
      },
    });
    expect(rt.list()[0]).toMatchObject({ pid, state: 'wait_for_auth', status: 'waiting', startedAt: 42_000 });
    expect(rt.list()[0].serves).toBeUndefined();
    rt.send(pid, 'auth');
    await until(() => rt.list()[0].state === 'session_established');
    const summary: ProcessSummary = rt.list()[0];
    expect(summary).toMatchObject({ serves: 'alice@example/phone', handled: 1, status: 'waiting' });
  });
});

describe('info', () => {
  it('peeks a bounded window of a 1,000,000-message mailbox', () => {
    const rt = new Runtime();
    const pid = rt.spawn<number>({ kind: 'slow', mailbox: { capacity: 2_000_000 }, handle: () => {}, renderMessage: (m) => `#${m}` });
    rt.suspend(pid);
    for (let i = 0; i < 1_000_000; i++) rt.send(pid, i);
    const head = rt.info(pid)!;
    expect(head.mailbox).toEqual({ offset: 0, limit: 20, total: 1_000_000, messages: Array.from({ length: 20 }, (_, i) => `#${i}`) });
    expect(head.mailboxLength).toBe(1_000_000);
    expect(head.peakMailbox).toBe(1_000_000);
    expect(head.memoryBytes).toBe(PROCESS_BASE_BYTES + 1_000_000 * DEFAULT_MESSAGE_BYTES);
    const tail = rt.info(pid, { peekOffset: 999_995, peekLimit: 20 })!;
    expect(tail.mailbox.messages).toEqual(['#999995', '#999996', '#999997', '#999998', '#999999']);
    expect(rt.info(pid, { peekLimit: 10_000 })!.mailbox.messages).toHaveLength(500);
    expect(rt.stats()).toMatchObject({ mailboxTotal: 1_000_000, mailboxMax: 1_000_000 });
  });

  it('reports links, monitors, options, state snapshot, and renders messages by default', () => {
    const rt = new Runtime();
    const other = idle(rt);
    const pid = rt.spawn({
      kind: 'room',
      trapExits: true,
      mailbox: { capacity: 10, overflow: 'drop_oldest' },
      handle: () => {},
      describeState: () => ({ occupants: 3 }),
      messageSize: (m) => String(m).length,
    });
    rt.link(pid, other);
    rt.monitor(other, pid);
    rt.suspend(pid);
    rt.send(pid, 'hello');
    rt.send(pid, { type: 'groupchat', body: 'x'.repeat(1000) });
    rt.send(pid, { toString: () => '<message/>' });
    const info = rt.info(pid)!;
    expect(info).toMatchObject({
      links: [other],
      monitoredBy: [other],
      monitors: [],
      trapExits: true,
      mailboxCapacity: 10,
      overflow: 'drop_oldest',
      state_snapshot: { occupants: 3 },
      status: 'suspended',
    });
    expect(info.mailbox.messages[0]).toBe('hello');
    expect(info.mailbox.messages[1].startsWith('{"type":"groupchat"')).toBe(true);
    expect(info.mailbox.messages[1].length).toBeLessThanOrEqual(257);
    expect(info.mailbox.messages[2]).toBe('<message/>');
    expect(info.memoryBytes).toBe(PROCESS_BASE_BYTES + 5 + '[object Object]'.length + '<message/>'.length);
  });

  it('survives describeState and renderers that throw, and unknown pids', () => {
    const rt = new Runtime();
    const pid = rt.spawn({
      kind: 'x',
      handle: () => {},
      describeState: () => {
        throw new Error('oops');
      },
    });
    rt.suspend(pid);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    rt.send(pid, circular);
    const info = rt.info(pid)!;
    expect(info.state_snapshot).toEqual({ error: 'describeState failed: oops' });
    expect(info.mailbox.messages[0]).toMatch(/^\[unrenderable/);
    expect(rt.info(123_456)).toBeUndefined();
  });

  it('formats pids the Erlang way', () => {
    expect(formatPid(42)).toBe('<0.42.0>');
  });
});
