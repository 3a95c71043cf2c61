import { describe, expect, it } from 'vitest';
import { Runtime } from './runtime.js';
import { RuntimeError } from './runtime-error.js';
import type { ExitReason, Pid, ProcessSpec, SystemMessage } from './types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function until(cond: () => boolean, maxTicks = 10_000): Promise<void> {
  for (let i = 0; i < maxTicks && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

/** A runtime that records every exit reason by pid. */
function recordingRuntime(): { rt: Runtime; exits: Map<Pid, ExitReason> } {
  const exits = new Map<Pid, ExitReason>();
  const rt = new Runtime({ onProcessExit: (summary, reason) => exits.set(summary.pid, reason) });
  return { rt, exits };
}

function worker(extra: Partial<ProcessSpec<unknown>> = {}): ProcessSpec<unknown> {
  return { kind: 'worker', handle: () => {}, ...extra };
}

function trapper(inbox: unknown[]): ProcessSpec<unknown> {
  return { kind: 'trapper', trapExits: true, handle: (m) => void inbox.push(m) };
}

describe('links', () => {
  it('an abnormal exit takes linked processes down with the same reason', () => {
    const { rt, exits } = recordingRuntime();
    const a = rt.spawn(worker());
    const b = rt.spawn(worker(), { link: a });
    const c = rt.spawn(worker(), { link: b });
    rt.exit(a, { error: 'crash' });
    expect(exits.get(a)).toEqual({ error: 'crash' });
    expect(exits.get(b)).toEqual({ error: 'crash' });
    expect(exits.get(c)).toEqual({ error: 'crash' });
    expect(rt.count()).toBe(0);
  });

  it('a process that traps exits gets an EXIT message instead of dying', async () => {
    const { rt } = recordingRuntime();
    const inbox: unknown[] = [];
    const t = rt.spawn(trapper(inbox));
    const w = rt.spawn(worker(), { link: t });
    rt.exit(w, 'shutdown');
    expect(rt.isAlive(t)).toBe(true);
    await until(() => inbox.length === 1);
    expect(inbox[0]).toEqual({ system: 'EXIT', from: w, reason: 'shutdown' });
    expect(rt.info(t)!.links).toEqual([]);
  });

  it('a normal exit only notifies trapping linked processes', async () => {
    const { rt } = recordingRuntime();
    const inbox: unknown[] = [];
    const t = rt.spawn(trapper(inbox));
    const other = rt.spawn(worker());
    const w = rt.spawn(worker());
    rt.link(w, t);
    rt.link(w, other);
    rt.stop(w, 'normal');
    expect(rt.isAlive(other)).toBe(true);
    await until(() => inbox.length === 1);
    expect(inbox[0]).toEqual({ system: 'EXIT', from: w, reason: 'normal' });
  });

  it('kill cannot be trapped by the killed process, and propagates as killed', async () => {
    const { rt, exits } = recordingRuntime();
    const inbox: unknown[] = [];
    const victim = rt.spawn(trapper([]));
    const watcherTrap = rt.spawn(trapper(inbox));
    const plain = rt.spawn(worker());
    rt.link(victim, watcherTrap);
    rt.link(victim, plain);
    rt.kill(victim);
    expect(exits.get(victim)).toBe('killed');
    expect(exits.get(plain)).toBe('killed');
    await until(() => inbox.length === 1);
    expect(inbox[0]).toEqual({ system: 'EXIT', from: victim, reason: 'killed' });
  });

  it('exit/2 semantics: trapped as EXIT from the caller, normal ignored by non-trapping processes', async () => {
    const { rt, exits } = recordingRuntime();
    const inbox: unknown[] = [];
    const t = rt.spawn(trapper(inbox));
    rt.exit(t, 'shutdown');
    expect(rt.isAlive(t)).toBe(true);
    const w = rt.spawn(worker());
    rt.exit(w, 'normal');
    expect(rt.isAlive(w)).toBe(true);
    const caller = rt.spawn(worker({ handle: () => rt.exit(t, { error: 'from caller' }) }));
    rt.send(caller, 'go');
    await until(() => inbox.length === 2);
    expect(inbox).toEqual([
      { system: 'EXIT', from: 0, reason: 'shutdown' },
      { system: 'EXIT', from: caller, reason: { error: 'from caller' } },
    ]);
    rt.exit(w, 'shutdown');
    expect(exits.get(w)).toBe('shutdown');
  });

  it('a process exiting itself with normal (exit(self) or ctx.exit) does end', async () => {
    const { rt, exits } = recordingRuntime();
    const a = rt.spawn(worker({ handle: (_m, ctx) => rt.exit(ctx.self, 'normal') }));
    const b = rt.spawn(worker({ trapExits: true, handle: (_m, ctx) => ctx.exit() }));
    rt.send(a, 1);
    rt.send(b, 1);
    await until(() => exits.size === 2);
    expect(exits.get(a)).toBe('normal');
    expect(exits.get(b)).toBe('normal');
  });

  it('unlink stops propagation; link to a dead process throws no_such_process', () => {
    const { rt } = recordingRuntime();
    const a = rt.spawn(worker());
    const b = rt.spawn(worker());
    rt.link(a, b);
    expect(rt.info(a)!.links).toEqual([b]);
    rt.unlink(b, a);
    rt.kill(a);
    expect(rt.isAlive(b)).toBe(true);
    expect(() => rt.link(a, b)).toThrow(RuntimeError);
    expect(() => rt.link(b, a)).toThrow(expect.objectContaining({ code: 'no_such_process' }));
    expect(() => rt.spawn(worker(), { link: a })).toThrow(/no process/);
  });

  it('a 20,000-process link chain exits without overflowing the stack, terminate once each', () => {
    const { rt } = recordingRuntime();
    let terminated = 0;
    const spec = worker({ terminate: () => void terminated++ });
    const first = rt.spawn(spec);
    let prev = first;
    for (let i = 1; i < 20_000; i++) prev = rt.spawn(spec, { link: prev });
    expect(rt.count()).toBe(20_000);
    rt.exit(first, 'shutdown');
    expect(rt.count()).toBe(0);
    expect(terminated).toBe(20_000);
  });
});

describe('monitors', () => {
  it('delivers DOWN with the ref and the reason', async () => {
    const { rt } = recordingRuntime();
    const inbox: unknown[] = [];
    const w = rt.spawn(worker({ handle: (m) => void inbox.push(m) }));
    const t = rt.spawn(worker());
    const ref = rt.monitor(w, t);
    expect(rt.info(w)!.monitors).toEqual([t]);
    expect(rt.info(t)!.monitoredBy).toEqual([w]);
    rt.exit(t, { error: 'bad' });
    await until(() => inbox.length === 1);
    expect(inbox[0]).toEqual({ system: 'DOWN', ref, pid: t, reason: { error: 'bad' } });
    expect(rt.isAlive(w)).toBe(true);
    expect(rt.info(w)!.monitors).toEqual([]);
  });

  it('DOWN arrives at once with noproc for a dead target', async () => {
    const { rt } = recordingRuntime();
    const inbox: SystemMessage[] = [];
    const w = rt.spawn(worker({ handle: (m) => void inbox.push(m as SystemMessage) }));
    const ref = rt.monitor(w, 999_999);
    await until(() => inbox.length === 1);
    expect(inbox[0]).toEqual({ system: 'DOWN', ref, pid: 999_999, reason: { error: 'noproc' } });
  });

  it('demonitor means no DOWN; refs are unique; a dead watcher cleans up', async () => {
    const { rt } = recordingRuntime();
    const inbox: unknown[] = [];
    const w = rt.spawn(worker({ handle: (m) => void inbox.push(m) }));
    const t = rt.spawn(worker());
    const r1 = rt.monitor(w, t);
    const r2 = rt.monitor(w, t);
    expect(r1).not.toBe(r2);
    rt.demonitor(r1);
    rt.kill(t);
    await until(() => inbox.length === 1);
    expect((inbox[0] as { ref: number }).ref).toBe(r2);
    const t2 = rt.spawn(worker());
    rt.monitor(w, t2);
    rt.kill(w);
    expect(rt.info(t2)!.monitoredBy).toEqual([]);
    expect(() => rt.monitor(w, t2)).toThrow(/no process/);
  });
});

describe('registered names', () => {
  it('send by name, whereis, name_taken, and the name is freed on exit', async () => {
    const { rt } = recordingRuntime();
    const seen: unknown[] = [];
    const router = rt.spawn(worker({ name: 'router', handle: (m) => void seen.push(m) }));
    expect(rt.whereis('router')).toBe(router);
    expect(rt.send('router', 'hi')).toBe(true);
    expect(rt.send('nobody', 'hi')).toBe(false);
    await until(() => seen.length === 1);
    expect(() => rt.spawn(worker({ name: 'router' }))).toThrow(expect.objectContaining({ code: 'name_taken' }));
    expect(rt.info(router)!.name).toBe('router');
    rt.kill(router);
    expect(rt.whereis('router')).toBeUndefined();
    const again = rt.spawn(worker({ name: 'router' }));
    expect(rt.whereis('router')).toBe(again);
  });

  it('register / unregister', () => {
    const { rt } = recordingRuntime();
    const a = rt.spawn(worker());
    const b = rt.spawn(worker());
    rt.register('a', a);
    expect(() => rt.register('a', b)).toThrow(expect.objectContaining({ code: 'name_taken' }));
    expect(() => rt.register('a2', a)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => rt.register('x', 424242)).toThrow(expect.objectContaining({ code: 'no_such_process' }));
    rt.unregister('a');
    expect(rt.whereis('a')).toBeUndefined();
    expect(rt.info(a)!.name).toBeUndefined();
    rt.register('a', b);
    expect(rt.whereis('a')).toBe(b);
  });
});

describe('lifecycle', () => {
  it('terminate runs exactly once whatever ends the process', () => {
    const { rt } = recordingRuntime();
    const calls: ExitReason[] = [];
    const spec = worker({ terminate: (reason) => void calls.push(reason) });
    const a = rt.spawn(spec);
    rt.kill(a);
    rt.kill(a);
    rt.exit(a, 'shutdown');
    expect(rt.stop(a)).toBe(false);
    expect(calls).toEqual(['killed']);
  });

  it('process count and stats return to baseline after exits', async () => {
    const { rt } = recordingRuntime();
    const baseline = rt.spawn(worker({ kind: 'router' }));
    const pids: Pid[] = [];
    for (let i = 0; i < 1000; i++) pids.push(rt.spawn(worker({ kind: i % 2 ? 'c2s' : 'room' })));
    for (const pid of pids) rt.send(pid, 'x');
    rt.suspend(pids[0]);
    rt.send(pids[0], 'y');
    expect(rt.stats().byKind).toEqual({ router: 1, c2s: 500, room: 500 });
    expect(rt.stats().mailboxTotal).toBe(1001);
    expect(rt.stats().mailboxMax).toBe(2);
    await until(() => rt.stats().mailboxTotal === 2);
    for (const pid of pids) rt.kill(pid);
    expect(rt.count()).toBe(1);
    expect(rt.stats()).toMatchObject({ processCount: 1, mailboxTotal: 0, mailboxMax: 0, byKind: { router: 1 } });
    expect(rt.isAlive(baseline)).toBe(true);
    expect(rt.list().map((s) => s.pid)).toEqual([baseline]);
  });

  it('pids are monotonic and never reused', () => {
    const { rt } = recordingRuntime();
    const a = rt.spawn(worker());
    rt.kill(a);
    const b = rt.spawn(worker());
    expect(b).toBeGreaterThan(a);
  });
});
