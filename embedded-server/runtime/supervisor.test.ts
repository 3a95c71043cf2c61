import { describe, expect, it } from 'vitest';
import { Runtime } from './runtime.js';
import { spawnSupervisor, supervisorChildren } from './supervisor.js';
import type { ChildSpec, RestartType, SupervisorSpec } from './supervisor.js';
import type { ExitReason, Pid } from './types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function until(cond: () => boolean, maxTicks = 10_000): Promise<void> {
  for (let i = 0; i < maxTicks && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

interface Harness {
  rt: Runtime;
  exits: Map<Pid, ExitReason>;
  terminated: string[];
  clock: { now: number };
}

function harness(): Harness {
  const exits = new Map<Pid, ExitReason>();
  const clock = { now: 1_000_000 };
  const rt = new Runtime({ now: () => clock.now, onProcessExit: (s, reason) => exits.set(s.pid, reason) });
  return { rt, exits, terminated: [], clock };
}

function child(h: Harness, id: string, restart?: RestartType): ChildSpec {
  return {
    id,
    restart,
    start: (rt) => rt.spawn({ kind: 'worker', serves: id, handle: () => {}, terminate: () => void h.terminated.push(id) }),
  };
}

function pids(h: Harness, sup: Pid): (Pid | undefined)[] {
  return supervisorChildren(h.rt, sup).map((c) => c.pid);
}

function start(h: Harness, spec: Partial<SupervisorSpec> & { children: ChildSpec[] }): Pid {
  return spawnSupervisor(h.rt, { strategy: 'one_for_one', ...spec });
}

describe('supervisor', () => {
  it('starts children in order, linked to the supervisor', () => {
    const h = harness();
    const sup = start(h, { children: [child(h, 'a'), child(h, 'b')] });
    const [a, b] = pids(h, sup);
    expect(a).toBeLessThan(b!);
    expect(h.rt.info(sup)!.links.sort()).toEqual([a, b].sort());
    expect(h.rt.info(sup)!.kind).toBe('supervisor');
  });

  it('one_for_one restarts only the child that failed', async () => {
    const h = harness();
    const sup = start(h, { strategy: 'one_for_one', children: [child(h, 'a'), child(h, 'b'), child(h, 'c')] });
    const before = pids(h, sup);
    h.rt.exit(before[1]!, { error: 'crash' });
    await until(() => pids(h, sup)[1] !== undefined && pids(h, sup)[1] !== before[1]);
    const after = pids(h, sup);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
    expect(after[1]).not.toBe(before[1]);
    expect(h.rt.isAlive(after[1]!)).toBe(true);
  });

  it('one_for_all restarts every child, stopping the others in reverse order', async () => {
    const h = harness();
    const sup = start(h, { strategy: 'one_for_all', children: [child(h, 'a'), child(h, 'b'), child(h, 'c')] });
    const before = pids(h, sup);
    h.rt.kill(before[0]!);
    await until(() => pids(h, sup).every((p, i) => p !== undefined && p !== before[i]));
    expect(h.terminated).toEqual(['a', 'c', 'b']);
    expect(h.exits.get(before[1]!)).toBe('shutdown');
    expect(pids(h, sup).every((p) => h.rt.isAlive(p!))).toBe(true);
    expect(h.rt.count()).toBe(4);
  });

  it('rest_for_one restarts the failed child and those started after it', async () => {
    const h = harness();
    const sup = start(h, { strategy: 'rest_for_one', children: [child(h, 'a'), child(h, 'b'), child(h, 'c')] });
    const before = pids(h, sup);
    h.rt.exit(before[1]!, { error: 'x' });
    await until(() => pids(h, sup)[1] !== undefined && pids(h, sup)[1] !== before[1]);
    const after = pids(h, sup);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).not.toBe(before[2]);
    expect(h.rt.isAlive(before[2]!)).toBe(false);
  });

  it('transient restarts only on abnormal exit; temporary never, and is forgotten', async () => {
    const h = harness();
    const sup = start(h, { children: [child(h, 't', 'transient'), child(h, 'tmp', 'temporary'), child(h, 'p', 'permanent')] });
    const [t, tmp, p] = pids(h, sup);
    h.rt.stop(t!, 'normal');
    h.rt.exit(tmp!, { error: 'x' });
    h.rt.stop(p!, 'normal');
    await until(() => supervisorChildren(h.rt, sup).length === 2 && pids(h, sup)[1] !== undefined && pids(h, sup)[1] !== p);
    expect(supervisorChildren(h.rt, sup).map((c) => c.id)).toEqual(['t', 'p']);
    expect(pids(h, sup)[0]).toBeUndefined();
    expect(pids(h, sup)[1]).not.toBe(p);
    // A transient child that crashes is restarted.
    const h2 = harness();
    const sup2 = start(h2, { children: [child(h2, 't', 'transient')] });
    const [first] = pids(h2, sup2);
    h2.rt.exit(first!, { error: 'boom' });
    await until(() => pids(h2, sup2)[0] !== undefined && pids(h2, sup2)[0] !== first);
    expect(pids(h2, sup2)[0]).not.toBe(first);
  });

  it('gives up after more than maxRestarts within periodMs, stopping its children', async () => {
    const h = harness();
    const sup = start(h, { intensity: { maxRestarts: 2, periodMs: 1000 }, children: [child(h, 'a'), child(h, 'b')] });
    for (let i = 0; i < 2; i++) {
      const current = pids(h, sup)[0]!;
      h.rt.exit(current, { error: 'crash' });
      await until(() => pids(h, sup)[0] !== undefined && pids(h, sup)[0] !== current);
    }
    const b = pids(h, sup)[1]!;
    h.rt.exit(pids(h, sup)[0]!, { error: 'crash' });
    await until(() => !h.rt.isAlive(sup));
    expect(h.exits.get(sup)).toEqual({ error: 'reached_max_restart_intensity' });
    expect(h.exits.get(b)).toBe('shutdown');
    expect(h.rt.count()).toBe(0);
  });

  it('restarts spread beyond the period do not count together', async () => {
    const h = harness();
    const sup = start(h, { intensity: { maxRestarts: 1, periodMs: 1000 }, children: [child(h, 'a')] });
    for (let i = 0; i < 5; i++) {
      const current = pids(h, sup)[0]!;
      h.clock.now += 1500;
      h.rt.exit(current, { error: 'crash' });
      await until(() => pids(h, sup)[0] !== undefined && pids(h, sup)[0] !== current);
    }
    expect(h.rt.isAlive(sup)).toBe(true);
  });

  it('a child that cannot start fails the supervisor start (children already started are stopped)', () => {
    const errors: unknown[] = [];
    const rt = new Runtime({ onProcessError: (_p, _k, err) => errors.push(err) });
    const stopped: string[] = [];
    const good: ChildSpec = { id: 'good', start: (r) => r.spawn({ kind: 'w', handle: () => {}, terminate: () => void stopped.push('good') }) };
    const bad: ChildSpec = {
      id: 'bad',
      start: () => {
        throw new Error('port in use');
      },
    };
    const sup = spawnSupervisor(rt, { strategy: 'one_for_one', children: [good, bad] });
    expect(rt.isAlive(sup)).toBe(false);
    expect(String(errors[0])).toMatch(/start_failed: bad: port in use/);
    expect(stopped).toEqual(['good']);
    expect(rt.count()).toBe(0);
  });

  it('stopping a supervisor stops its children in reverse start order, nested supervisors too', () => {
    const h = harness();
    const inner: ChildSpec = { id: 'inner', start: (rt) => spawnSupervisor(rt, { strategy: 'one_for_one', children: [child(h, 'x'), child(h, 'y')] }) };
    const sup = start(h, { children: [child(h, 'a'), inner, child(h, 'b')] });
    expect(h.rt.count()).toBe(6);
    h.rt.exit(sup, 'shutdown'); // traps exits, so it gets an EXIT from outside: it stops as its parent died
    return until(() => !h.rt.isAlive(sup)).then(() => {
      expect(h.terminated).toEqual(['b', 'y', 'x', 'a']);
      expect(h.rt.count()).toBe(0);
    });
  });

  it('Runtime.shutdown exits everything, supervisors last, and runs every terminate', async () => {
    const h = harness();
    const order: string[] = [];
    const sup = start(h, { children: [child(h, 'a'), child(h, 'b')] });
    const loose = h.rt.spawn({ kind: 'router', handle: () => {}, terminate: () => void order.push('router') });
    await h.rt.shutdown();
    expect(h.rt.count()).toBe(0);
    expect(h.terminated.sort()).toEqual(['a', 'b']);
    expect(order).toEqual(['router']);
    expect(h.exits.get(sup)).toBe('shutdown');
    expect(h.exits.get(loose)).toBe('shutdown');
    const exitOrder = [...h.exits.keys()];
    expect(exitOrder[exitOrder.length - 1]).toBe(sup);
  });

  it('rejects bad specs and non-supervisors', () => {
    const h = harness();
    expect(() => spawnSupervisor(h.rt, { strategy: 'bogus' as 'one_for_one', children: [] })).toThrow(/strategy/);
    expect(() => start(h, { children: [child(h, 'a'), child(h, 'a')] })).toThrow(/duplicate/);
    const w = h.rt.spawn({ kind: 'w', handle: () => {} });
    expect(() => supervisorChildren(h.rt, w)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => supervisorChildren(h.rt, 99_999)).toThrow(expect.objectContaining({ code: 'no_such_process' }));
  });
});
