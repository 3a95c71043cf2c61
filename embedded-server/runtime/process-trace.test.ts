import { describe, expect, it } from 'vitest';
import { Runtime } from './runtime.js';
import { RuntimeError } from './runtime-error.js';
import type { Pid, TraceEvent, TraceOptions, TraceStopReason } from './types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function until(cond: () => boolean, maxTicks = 10_000): Promise<void> {
  for (let i = 0; i < maxTicks && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

function recorder(overrides: Partial<TraceOptions> = {}) {
  const events: TraceEvent[] = [];
  const stops: { reason: TraceStopReason; events: number }[] = [];
  const opts: TraceOptions = {
    maxEvents: 100,
    maxRatePerSec: 1000,
    onEvent: (e) => events.push(e),
    onStop: (reason, n) => stops.push({ reason, events: n }),
    ...overrides,
  };
  return { events, stops, opts };
}

/** A clock the test moves by hand, so the rate window is deterministic. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('traceProcess', () => {
  it('reports received messages with the sender and sent messages with the recipient', async () => {
    const rt = new Runtime();
    const sink = rt.spawn({ kind: 'sink', handle: () => {} });
    const echo = rt.spawn<string>({ kind: 'echo', handle: (msg) => void rt.send(sink, `echo:${String(msg)}`) });
    const echoTo = rt.spawn<string>({ kind: 'client', handle: (msg) => void rt.send(echo, msg) });
    const { events, opts } = recorder();
    rt.traceProcess(echo, opts);
    rt.send(echoTo, 'hi');
    await until(() => events.length === 2);
    expect(events.map((e) => [e.type, e.pid, e.peer_pid, e.message])).toEqual([
      ['received', echo, echoTo, 'hi'],
      ['sent', echo, sink, 'echo:hi'],
    ]);
    expect(typeof events[0].at_ms).toBe('number');
  });

  it('omits peer_pid for messages sent from outside any process', () => {
    const rt = new Runtime();
    const pid = rt.spawn({ kind: 'p', handle: () => {} });
    const { events, opts } = recorder();
    rt.traceProcess(pid, opts);
    rt.send(pid, 'from outside');
    expect(events).toHaveLength(1);
    expect('peer_pid' in events[0]).toBe(false);
  });

  it('stops by itself after maxEvents and reports why', () => {
    const rt = new Runtime();
    const pid = rt.spawn({ kind: 'p', handle: () => {} });
    rt.suspend(pid);
    const { events, stops, opts } = recorder({ maxEvents: 5 });
    rt.traceProcess(pid, opts);
    for (let i = 0; i < 20; i++) rt.send(pid, i);
    expect(events.map((e) => e.message)).toEqual(['0', '1', '2', '3', '4']);
    expect(stops).toEqual([{ reason: 'max_events', events: 5 }]);
    expect(rt.traceCount()).toBe(0);
  });

  it('stops when the rate limit is exceeded within one second (recon_trace semantics)', () => {
    const clock = manualClock();
    const rt = new Runtime({ now: clock.now });
    const pid = rt.spawn({ kind: 'p', handle: () => {} });
    rt.suspend(pid);
    const { events, stops, opts } = recorder({ maxRatePerSec: 3 });
    rt.traceProcess(pid, opts);
    for (let i = 0; i < 3; i++) rt.send(pid, i);
    clock.advance(1000);
    // A new second: three more are fine, the fourth exceeds the rate.
    for (let i = 3; i < 10; i++) rt.send(pid, i);
    expect(events.map((e) => e.message)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(stops).toEqual([{ reason: 'rate_limit', events: 6 }]);
    expect(rt.traceCount(pid)).toBe(0);
  });

  it('stops when the traced process exits', async () => {
    const rt = new Runtime();
    const pid = rt.spawn({ kind: 'p', handle: (_msg, ctx) => ctx.exit('normal') });
    const { stops, events, opts } = recorder();
    rt.traceProcess(pid, opts);
    rt.send(pid, 'bye');
    await until(() => stops.length === 1);
    expect(stops).toEqual([{ reason: 'process_exited', events: 1 }]);
    expect(events).toHaveLength(1);
    expect(rt.traceCount()).toBe(0);
  });

  it('ends silently when its stop function is called, and twice is harmless', () => {
    const rt = new Runtime();
    const pid = rt.spawn({ kind: 'p', handle: () => {} });
    rt.suspend(pid);
    const { events, stops, opts } = recorder();
    const stop = rt.traceProcess(pid, opts);
    rt.send(pid, 1);
    stop();
    stop();
    rt.send(pid, 2);
    expect(events).toHaveLength(1);
    expect(stops).toEqual([]);
    expect(rt.traceCount()).toBe(0);
  });

  it('runs several traces on one process independently', () => {
    const rt = new Runtime();
    const pid = rt.spawn({ kind: 'p', handle: () => {} });
    rt.suspend(pid);
    const a = recorder({ maxEvents: 2 });
    const b = recorder({ maxEvents: 4 });
    rt.traceProcess(pid, a.opts);
    rt.traceProcess(pid, b.opts);
    for (let i = 0; i < 6; i++) rt.send(pid, i);
    expect(a.events).toHaveLength(2);
    expect(b.events).toHaveLength(4);
    expect(rt.traceCount(pid)).toBe(0);
  });

  it('truncates rendered messages and uses the process renderMessage', () => {
    const rt = new Runtime();
    const pid = rt.spawn<string>({ kind: 'p', handle: () => {}, renderMessage: (m) => `<message>${m}</message>` });
    rt.suspend(pid);
    const { events, opts } = recorder({ maxMessageChars: 2048 });
    rt.traceProcess(pid, opts);
    rt.send(pid, 'x'.repeat(5000));
    expect(events[0].message.startsWith('<message>xxx')).toBe(true);
    expect(events[0].message.length).toBe(2048 + 1);
  });

  it('reports a message queued by drop_oldest, not one dropped by drop_newest', () => {
    const rt = new Runtime();
    const oldest = rt.spawn({ kind: 'p', mailbox: { capacity: 1, overflow: 'drop_oldest' }, handle: () => {} });
    const newest = rt.spawn({ kind: 'p', mailbox: { capacity: 1, overflow: 'drop_newest' }, handle: () => {} });
    rt.suspend(oldest);
    rt.suspend(newest);
    const a = recorder();
    const b = recorder();
    rt.traceProcess(oldest, a.opts);
    rt.traceProcess(newest, b.opts);
    for (const pid of [oldest, newest]) {
      rt.send(pid, 'first');
      rt.send(pid, 'second');
    }
    expect(a.events.map((e) => e.message)).toEqual(['first', 'second']);
    expect(b.events.map((e) => e.message)).toEqual(['first']);
  });

  it('keeps tracing when the viewer callback throws', () => {
    const rt = new Runtime();
    const pid = rt.spawn({ kind: 'p', handle: () => {} });
    rt.suspend(pid);
    let calls = 0;
    rt.traceProcess(pid, {
      maxEvents: 10,
      maxRatePerSec: 100,
      onEvent: () => {
        calls++;
        throw new Error('viewer broke');
      },
    });
    expect(rt.send(pid, 1)).toBe(true);
    expect(rt.send(pid, 2)).toBe(true);
    expect(calls).toBe(2);
  });

  it('refuses a dead pid and bad limits', () => {
    const rt = new Runtime();
    const pid = rt.spawn({ kind: 'p', handle: () => {} });
    const { opts } = recorder();
    expect(() => rt.traceProcess(999, opts)).toThrow(RuntimeError);
    expect(() => rt.traceProcess(pid, { ...opts, maxEvents: 0 })).toThrow(/maxEvents/);
    expect(() => rt.traceProcess(pid, { ...opts, maxRatePerSec: 0 })).toThrow(/maxRatePerSec/);
    expect(rt.traceCount()).toBe(0);
  });
});

describe('top with a filter', () => {
  it('ranks only the processes of a kind or serving a substring', () => {
    const rt = new Runtime();
    const pids: Pid[] = [];
    for (let i = 0; i < 20; i++) {
      const pid = rt.spawn({ kind: i % 2 === 0 ? 'c2s' : 'room', serves: `user${i}@localhost`, handle: () => {} });
      rt.suspend(pid);
      for (let k = 0; k < i; k++) rt.send(pid, k);
      pids.push(pid);
    }
    expect(rt.top(3, 'mailbox', { kind: 'c2s' }).map((s) => s.pid)).toEqual([pids[18], pids[16], pids[14]]);
    expect(rt.top(3, 'memory', { kind: 'room' }).map((s) => s.pid)).toEqual([pids[19], pids[17], pids[15]]);
    expect(rt.top(5, 'mailbox', { serves: 'user1' }).map((s) => s.pid)).toEqual([pids[19], pids[18], pids[17], pids[16], pids[15]]);
    // Padding with empty mailboxes respects the filter too.
    expect(rt.top(2, 'mailbox', { serves: 'user0@' }).map((s) => s.pid)).toEqual([pids[0]]);
  });
});
