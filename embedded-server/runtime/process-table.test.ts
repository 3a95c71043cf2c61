import { describe, expect, it } from 'vitest';
import { Proc, type ProcessHost } from './process.js';
import { ProcessTable } from './process-table.js';
import { Runtime } from './runtime.js';
import { RuntimeError } from './runtime-error.js';

/** Deterministic pseudo-random numbers so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

// The table only files processes; nothing here wakes or stops one.
const host: ProcessHost = {
  wake: () => {},
  stopProcess: () => {},
  invalid: (message) => new RuntimeError('invalid_argument', message),
};

describe('ProcessTable slots', () => {
  it('gives each live process its own slot, keeps it while the process lives and reuses it after', () => {
    const table = new ProcessTable();
    const runtime = new Runtime();
    const rand = lcg(3);
    const live: Proc[] = [];
    const slotAtAdd = new Map<Proc, number>();
    let nextPid = 0;
    let peak = 0;
    for (let step = 0; step < 3000; step++) {
      if (live.length === 0 || rand() < 0.55) {
        const proc = new Proc(++nextPid, { kind: 'w', handle: () => {} }, runtime, host, 0);
        table.add(proc);
        slotAtAdd.set(proc, proc.slot);
        live.push(proc);
      } else {
        const [proc] = live.splice(Math.floor(rand() * live.length), 1);
        table.remove(proc);
        expect(proc.slot).toBe(-1);
      }
      peak = Math.max(peak, live.length);
      if (step % 50 === 0) {
        const slots = live.map((p) => p.slot);
        expect(new Set(slots).size).toBe(live.length);
        expect(slots.every((s) => s >= 0 && s < table.slotCount)).toBe(true);
        expect(live.every((p) => p.slot === slotAtAdd.get(p))).toBe(true);
      }
    }
    // Freed slots are taken before new ones, so the typed arrays indexed by slot stay as small as the busiest moment.
    expect(table.slotCount).toBe(peak);
    expect(table.newestPid).toBe(nextPid);
  });
});
