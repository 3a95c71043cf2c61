// Runs task(0) … task(count - 1) with at most `concurrency` in flight; a failing task does not stop the others.

export async function runBounded(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        await task(i);
      } catch {
        // The task records its own failure; the pool only bounds concurrency.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}
