import { describe, expect, it } from 'vitest';
import { DEFAULT_MESSAGE_BYTES, Mailbox } from './mailbox.js';
import { RingDeque } from './ring-deque.js';

describe('Mailbox', () => {
  it('keeps FIFO order across growth and wrap-around', () => {
    const mb = new Mailbox(1000);
    const expected: number[] = [];
    let next = 0;
    // Interleave pushes and shifts so head wraps around while the buffer grows.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 7; i++) {
        mb.push(next);
        expected.push(next++);
      }
      for (let i = 0; i < 5; i++) expect(mb.shift()).toBe(expected.shift());
    }
    expect(mb.length).toBe(expected.length);
    while (expected.length > 0) expect(mb.shift()).toBe(expected.shift());
    expect(mb.shift()).toBeUndefined();
    expect(mb.length).toBe(0);
  });

  it('tracks peak length and the default byte estimate incrementally', () => {
    const mb = new Mailbox(100);
    for (let i = 0; i < 10; i++) mb.push(i);
    mb.shift();
    mb.shift();
    expect(mb.peak).toBe(10);
    expect(mb.bytes).toBe(8 * DEFAULT_MESSAGE_BYTES);
  });

  it('sums a custom message size and subtracts what leaves', () => {
    const mb = new Mailbox(100, (msg) => (msg as string).length);
    for (const s of ['a', 'bb', 'ccc', 'dddd']) mb.push(s);
    expect(mb.bytes).toBe(10);
    mb.shift();
    expect(mb.bytes).toBe(9);
    for (let i = 0; i < 100; i++) mb.push('xy'); // forces growth with the sizes carried over
    expect(mb.bytes).toBe(209);
    expect(mb.clear()).toBe(103);
    expect(mb.bytes).toBe(0);
  });

  it('falls back to the default size when the sizer throws or returns nonsense', () => {
    const mb = new Mailbox(10, (msg) => {
      if (msg === 'bad') throw new Error('no');
      return msg === 'nan' ? Number.NaN : 5;
    });
    mb.push('bad');
    mb.push('nan');
    mb.push('ok');
    expect(mb.bytes).toBe(2 * DEFAULT_MESSAGE_BYTES + 5);
  });

  it('peeks a bounded window from any offset', () => {
    const mb = new Mailbox(1_000_000);
    for (let i = 0; i < 1000; i++) mb.push(i);
    for (let i = 0; i < 300; i++) mb.shift();
    expect(mb.peek(0, 3)).toEqual([300, 301, 302]);
    expect(mb.peek(695, 20)).toEqual([995, 996, 997, 998, 999]);
    expect(mb.peek(700, 20)).toEqual([]);
  });

  it('gives back a large buffer once drained and keeps working', () => {
    const mb = new Mailbox(100_000);
    for (let i = 0; i < 10_000; i++) mb.push(i);
    for (let i = 0; i < 10_000; i++) expect(mb.shift()).toBe(i);
    mb.push('again');
    expect(mb.peek(0, 5)).toEqual(['again']);
  });
});

describe('RingDeque', () => {
  it('is a FIFO through growth', () => {
    const q = new RingDeque<number>();
    for (let i = 0; i < 100; i++) q.push(i);
    for (let i = 0; i < 60; i++) expect(q.shift()).toBe(i);
    for (let i = 100; i < 200; i++) q.push(i);
    for (let i = 60; i < 200; i++) expect(q.shift()).toBe(i);
    expect(q.shift()).toBeUndefined();
  });
});
