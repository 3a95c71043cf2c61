// Spreads redraws over animation frames: one task per frame, the latest task per key replacing an
// older one still waiting. Twelve charts updating together become twelve short tasks instead of
// one long one, so input and the log tail stay responsive.
export interface FrameQueue {
  schedule(key: string, run: () => void): void;
  cancel(key: string): void;
}

export function createFrameQueue(requestFrame: (callback: () => void) => unknown = (cb) => requestAnimationFrame(cb)): FrameQueue {
  const waiting = new Map<string, () => void>();
  let scheduled = false;
  const tick = () => {
    scheduled = false;
    const next = waiting.entries().next();
    if (next.done) return;
    const [key, run] = next.value;
    waiting.delete(key);
    run();
    if (waiting.size > 0) {
      scheduled = true;
      requestFrame(tick);
    }
  };
  return {
    schedule(key, run) {
      waiting.delete(key);
      waiting.set(key, run);
      if (!scheduled) {
        scheduled = true;
        requestFrame(tick);
      }
    },
    cancel(key) {
      waiting.delete(key);
    },
  };
}
