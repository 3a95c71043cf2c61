import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleSubscribe } from './use-log-view.js';

describe('throttleSubscribe', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls the listener at most once per interval, and always after the last change', () => {
    let emit = () => {};
    const subscribe = (listener: () => void) => {
      emit = listener;
      return () => {};
    };
    let calls = 0;
    throttleSubscribe(subscribe, 100)(() => calls++);
    for (let i = 0; i < 10; i++) emit();
    vi.advanceTimersByTime(0);
    expect(calls).toBe(1);
    emit();
    vi.advanceTimersByTime(50);
    expect(calls).toBe(1);
    vi.advanceTimersByTime(50);
    expect(calls).toBe(2);
  });

  it('stops calling after unsubscribe', () => {
    let emit = () => {};
    const stop = throttleSubscribe((l) => ((emit = l), () => {}), 100)(() => {
      throw new Error('called after stop');
    });
    emit();
    stop();
    vi.advanceTimersByTime(500);
  });
});
