import { describe, expect, it } from 'vitest';
import { PerUserQueue } from './per-user-queue.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PerUserQueue', () => {
  it('runs one step at a time per user, in order, and users independently', async () => {
    const queue = new PerUserQueue();
    const log: string[] = [];
    const step = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run('a', step('a1')), queue.run('a', step('a2')), queue.run('b', step('b1'))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('keeps going after a failed step and forgets idle users', async () => {
    const queue = new PerUserQueue();
    const failed = queue.run('a', () => Promise.reject(new Error('boom')));
    const next = queue.run('a', () => Promise.resolve('ok'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    await tick();
    expect(queue.size).toBe(0);
  });
});
