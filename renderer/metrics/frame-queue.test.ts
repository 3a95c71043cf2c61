import { describe, expect, it } from 'vitest';
import { createFrameQueue } from './frame-queue.js';

describe('createFrameQueue', () => {
  it('runs one task per frame, in order, keeping only the latest task of a key', () => {
    const frames: (() => void)[] = [];
    const queue = createFrameQueue((cb) => frames.push(cb));
    const ran: string[] = [];
    queue.schedule('a', () => ran.push('a1'));
    queue.schedule('b', () => ran.push('b1'));
    queue.schedule('a', () => ran.push('a2'));
    queue.schedule('c', () => ran.push('c1'));
    queue.cancel('c');
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(ran).toEqual(['b1']);
    frames.shift()!();
    expect(ran).toEqual(['b1', 'a2']);
    expect(frames).toHaveLength(0);
  });
});
