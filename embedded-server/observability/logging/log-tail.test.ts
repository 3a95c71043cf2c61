import { describe, expect, it } from 'vitest';
import { blankFields, type LogFields } from './log-filter.js';
import { LogRing } from './log-ring.js';
import type { LogTailEvent } from './log-tail.js';

function append(ring: LogRing, n: number, what = 'tick'): void {
  for (let i = 0; i < n; i++) {
    const f: LogFields = { ...blankFields(), time: Date.now(), level: 30, what };
    ring.append(f, `{"level":30,"what":"${what}","i":${i}}\n`);
  }
}

async function until(condition: () => boolean, label: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${label}`);
}

function entriesIn(events: LogTailEvent[]): number[] {
  return events.flatMap((e) => (e.type === 'entries' ? e.entries.map((x) => x.seq) : []));
}

describe('LogTail', () => {
  it('delivers matching entries in order, in batches of at most batchSize', async () => {
    const ring = new LogRing({ capacity: 10_000 });
    const events: LogTailEvent[] = [];
    const tail = ring.subscribe({ what: ['tick'] }, (e) => void events.push(e), { batchSize: 100, intervalMs: 20 });
    append(ring, 250);
    append(ring, 30, 'other');
    await until(() => entriesIn(events).length === 250, '250 entries');
    expect(entriesIn(events)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(events.every((e) => e.type === 'entries' && e.entries.length <= 100)).toBe(true);
    expect(tail.dropped).toBe(0);
    tail.close();
  });

  it('drops for a reader that never reads (not for the others), then reports the count before its next batch', async () => {
    const ring = new LogRing({ capacity: 100_000 });
    let reading = false;
    const slow: LogTailEvent[] = [];
    const slowTail = ring.subscribe({}, (e) => (reading ? void slow.push(e) : false), { maxPending: 1000, intervalMs: 10 });
    const fast: LogTailEvent[] = [];
    const fastTail = ring.subscribe({}, (e) => void fast.push(e), { maxPending: 20_000, intervalMs: 10 });

    const lines = 12_000;
    append(ring, lines);
    // Logging went on regardless: every line is in the ring and the reader that keeps up has all.
    expect(ring.newestSeq).toBe(lines);
    await until(() => entriesIn(fast).length === lines, 'the fast reader');
    expect(fast.some((e) => e.type === 'dropped')).toBe(false);
    expect(slowTail.queued).toBe(1000);
    expect(slowTail.dropped).toBe(lines - 1000);

    reading = true;
    await until(() => entriesIn(slow).length === 1000, 'the slow reader');
    expect(slow[0]).toEqual({ type: 'dropped', count: lines - 1000 });
    // The entries kept for it are the newest, after the gap the marker announced.
    expect(entriesIn(slow)).toEqual(Array.from({ length: 1000 }, (_, i) => lines - 999 + i));
    slowTail.close();
    fastTail.close();
  });

  it('places the marker where the gap is when its queue overflows between two deliveries', async () => {
    const ring = new LogRing({ capacity: 100_000 });
    let reading = true;
    const events: LogTailEvent[] = [];
    const tail = ring.subscribe({}, (e) => (reading ? void events.push(e) : false), { maxPending: 50, batchSize: 50, intervalMs: 10 });
    append(ring, 20);
    await until(() => entriesIn(events).length === 20, 'the first 20');
    reading = false;
    append(ring, 80);
    reading = true;
    await until(() => entriesIn(events).length === 70, 'the next 50');
    expect(events.filter((e) => e.type === 'dropped')).toEqual([{ type: 'dropped', count: 30 }]);
    const markerAt = events.findIndex((e) => e.type === 'dropped');
    expect(entriesIn(events.slice(0, markerAt))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(entriesIn(events.slice(markerAt))).toEqual(Array.from({ length: 50 }, (_, i) => 51 + i));
    tail.close();
  });

  it('resumes after a sequence number: what it missed first, and a dropped count for what the ring no longer has', async () => {
    const ring = new LogRing({ capacity: 100 });
    append(ring, 250);
    const events: LogTailEvent[] = [];
    const tail = ring.subscribe({}, (e) => void events.push(e), { sinceSeq: 120, intervalMs: 10 });
    // These push 151..155 out of the ring before the first delivery: lost as well.
    append(ring, 5);
    await until(() => entriesIn(events).length === 100, 'the resumed entries');
    expect(events[0]).toEqual({ type: 'dropped', count: 30 + 5 });
    expect(entriesIn(events)).toEqual(Array.from({ length: 100 }, (_, i) => 156 + i));
    tail.close();
  });

  it('stops delivering and leaves the ring when closed', async () => {
    const ring = new LogRing({ capacity: 1000 });
    const events: LogTailEvent[] = [];
    const tail = ring.subscribe({}, (e) => void events.push(e), { intervalMs: 10 });
    expect(ring.stats().subscribers).toBe(1);
    append(ring, 10);
    tail.close();
    expect(ring.stats().subscribers).toBe(0);
    append(ring, 10);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([]);
    expect(tail.closed).toBe(true);
  });

  it('closes a reader whose consumer throws', async () => {
    const ring = new LogRing({ capacity: 1000 });
    const tail = ring.subscribe(
      {},
      () => {
        throw new Error('broken consumer');
      },
      { intervalMs: 10 },
    );
    append(ring, 3);
    await until(() => tail.closed, 'the tail to close');
    expect(ring.stats().subscribers).toBe(0);
  });
});
