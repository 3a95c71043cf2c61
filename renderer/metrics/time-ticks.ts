// X-axis ticks on round wall-clock times across the whole range (not only where data is), so a
// young node's short history reads as short and the axis never shows a single lonely label.
const STEPS_MS = [10_000, 30_000, 60_000, 120_000, 180_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

export function timeTicks(fromMs: number, toMs: number, maxTicks = 7): number[] {
  const span = toMs - fromMs;
  if (!(span > 0)) return [];
  const step = STEPS_MS.find((s) => span / s <= maxTicks) ?? STEPS_MS[STEPS_MS.length - 1];
  // Round to the local clock: a 10-minute step lands on :00, :10, … of the viewer's time zone.
  const offset = new Date(fromMs).getTimezoneOffset() * 60_000;
  const first = Math.ceil((fromMs - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= toMs; t += step) ticks.push(t);
  return ticks;
}
