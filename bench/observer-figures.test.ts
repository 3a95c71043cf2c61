import { describe, expect, it } from 'vitest';
import { meanAndError, median, observerFigures, observerVerdict } from './observer-figures.js';
import type { ObserverStep } from './observer-report.js';

function step(mode: ObserverStep['mode'], phase: ObserverStep['phase'], offered: number, extra: Partial<ObserverStep> = {}): ObserverStep {
  return {
    mode,
    phase,
    offered_per_s: offered,
    delivered_per_s: offered,
    p50_ms: 3,
    p99_ms: 10,
    lost: 0,
    node_cpu_pct: 50,
    cpu_us_per_msg: 30,
    other_cpu_pct: 0,
    generator_cpu_pct: 40,
    idle_node_cpu_pct: 0.5,
    sustained: true,
    ...extra,
  };
}

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('meanAndError', () => {
  it('gives the mean and the standard error of the mean, with no error under two values', () => {
    expect(meanAndError([])).toEqual({ mean: null, se: null });
    expect(meanAndError([3])).toEqual({ mean: 3, se: null });
    // Sample standard deviation of 1, 2, 3, 4, 5: √2.5; error √2.5 / √5 = √0.5.
    const { mean, se } = meanAndError([1, 2, 3, 4, 5]);
    expect(mean).toBe(3);
    expect(se).toBeCloseTo(Math.sqrt(0.5), 10);
  });
});

describe('observerFigures', () => {
  it('compares the highest sustained rates, ignoring warm-up steps and failed steps', () => {
    const f = observerFigures(
      [
        step('on', 'warmup', 50_000),
        step('on', 'ladder', 20_000),
        step('off', 'ladder', 20_000),
        step('on', 'ladder', 25_000, { sustained: false }),
        step('off', 'ladder', 25_000),
        step('on', 'staircase', 24_000),
        step('off', 'staircase', 26_000, { sustained: false }),
      ],
      10,
    );
    expect(f.sustained_on_per_s).toBe(24_000);
    expect(f.sustained_off_per_s).toBe(25_000);
    expect(f.sustained_ratio).toBe(0.96);
    expect(f.sustained_loss_pct).toBe(4);
    // Each failed a step above its figure: limits, not lower bounds.
    expect(f.sustained_on_lower_bound).toBe(false);
    expect(f.sustained_off_lower_bound).toBe(false);
    expect(f.knee_on_per_s).toBe(24_000);
    expect(f.knee_ratio).toBeCloseTo(24 / 26, 3);
  });

  it('marks a mode whose search ended while it was still climbing as a lower bound', () => {
    const f = observerFigures(
      [
        step('on', 'cpu', 15_000, { pair: 0 }),
        step('off', 'cpu', 15_000, { pair: 0, sustained: false }),
        step('on', 'ladder', 20_000),
        step('off', 'ladder', 20_000),
        step('on', 'ladder', 25_000, { sustained: false }),
        step('off', 'staircase', 21_000),
        step('off', 'staircase', 22_000),
        step('on', 'staircase', 21_000),
        step('on', 'staircase', 22_000),
        step('on', 'together', 30_000, { pair: 0, sustained: false }),
      ],
      10,
    );
    // "on" failed 25,000 on the ladder: 22,000 is its limit although its last step was sustained.
    expect(f.sustained_on_per_s).toBe(22_000);
    expect(f.sustained_on_lower_bound).toBe(false);
    // "off" failed only below its highest (a CPU step at 15,000), not above 22,000: still climbing.
    expect(f.sustained_off_per_s).toBe(22_000);
    expect(f.sustained_off_lower_bound).toBe(true);
  });

  it('has no ratio when the off node sustained nothing', () => {
    const f = observerFigures([step('on', 'ladder', 10_000), step('off', 'ladder', 10_000, { sustained: false })], 10);
    expect(f.sustained_ratio).toBeNull();
    expect(f.sustained_loss_pct).toBeNull();
  });

  it('takes the CPU overhead as the median over back-to-back pairs, and again over the quiet pairs alone', () => {
    const f = observerFigures(
      [
        step('on', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 33 }),
        step('off', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 30 }),
        step('off', 'cpu', 15_000, { pair: 1, cpu_us_per_msg: 20, other_cpu_pct: 80 }),
        step('on', 'cpu', 15_000, { pair: 1, cpu_us_per_msg: 40 }),
        step('on', 'cpu', 15_000, { pair: 2, cpu_us_per_msg: 36 }),
        step('off', 'cpu', 15_000, { pair: 2, cpu_us_per_msg: 30 }),
        // Half a pair (the other half never ran) is not a comparison.
        step('on', 'cpu', 15_000, { pair: 3, cpu_us_per_msg: 99 }),
      ],
      10,
    );
    expect(f.cpu_pairs).toBe(3);
    expect(f.cpu_us_per_msg_on).toBe(36);
    expect(f.cpu_us_per_msg_off).toBe(30);
    // Ratios 1.1, 2.0 and 1.2: the median is 1.2.
    expect(f.cpu_overhead_pct).toBe(20);
    // Mean of +10%, +100% and +20%: 43.3%; standard deviation 49.3 points, error 49.3 / √3 = 28.5.
    expect(f.cpu_overhead_mean_pct).toBe(43.3);
    expect(f.cpu_overhead_se_pct).toBe(28.5);
    expect(f.cpu_quiet_pairs).toBe(2);
    expect(f.cpu_overhead_pct_quiet_pairs).toBe(15);
  });

  it('averages the pairs within each pair of node processes, then over those, for the error between processes', () => {
    const pair = (i: number, processes: number, on: number) => [
      step('on', 'cpu', 15_000, { pair: i, processes, cpu_us_per_msg: on }),
      step('off', 'cpu', 15_000, { pair: i, processes, cpu_us_per_msg: 20 }),
    ];
    // Processes 0: +10%, +10%, +10%; processes 1: 0%, +20% (mean +10%); processes 2: +40%.
    const f = observerFigures([...pair(0, 0, 22), ...pair(1, 0, 22), ...pair(2, 0, 22), ...pair(3, 1, 20), ...pair(4, 1, 24), ...pair(5, 2, 28)], 10);
    expect(f.cpu_pairs).toBe(6);
    expect(f.cpu_process_pairs).toBe(3);
    // Pair mean: 90 / 6 = 15%. By processes: mean of 10, 10, 40 = 20; standard deviation √300, error 10.
    expect(f.cpu_overhead_mean_pct).toBe(15);
    expect(f.cpu_overhead_mean_pct_by_processes).toBe(20);
    expect(f.cpu_overhead_se_pct_by_processes).toBe(10);
    // No together rounds: nothing to average.
    expect(f.cpu_overhead_mean_pct_together_by_processes).toBeNull();
  });

  it('has no quiet-pair figure when every pair was disturbed', () => {
    const busy = { other_cpu_pct: 50 };
    const f = observerFigures(
      [
        step('on', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 31, ...busy }),
        step('off', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 31, ...busy }),
      ],
      10,
    );
    expect(f.cpu_overhead_pct).toBe(0);
    expect(f.cpu_quiet_pairs).toBe(0);
    expect(f.cpu_overhead_pct_quiet_pairs).toBeNull();
  });

  it('takes the CPU overhead of rounds with both modes loaded at once apart, and never counts them as sustained rates', () => {
    const f = observerFigures(
      [
        step('on', 'ladder', 20_000),
        step('off', 'ladder', 20_000),
        step('on', 'together', 30_000, { pair: 0, cpu_us_per_msg: 31.5 }),
        step('off', 'together', 30_000, { pair: 0, cpu_us_per_msg: 30 }),
        step('on', 'together', 30_000, { pair: 1, cpu_us_per_msg: 33 }),
        step('off', 'together', 30_000, { pair: 1, cpu_us_per_msg: 30 }),
        step('on', 'together', 30_000, { pair: 2, cpu_us_per_msg: 30.3 }),
        step('off', 'together', 30_000, { pair: 2, cpu_us_per_msg: 30 }),
        step('on', 'together', 30_000, { pair: 3, cpu_us_per_msg: 40 }),
      ],
      10,
    );
    expect(f.sustained_on_per_s).toBe(20_000);
    expect(f.cpu_together_rounds).toBe(3);
    expect(f.cpu_overhead_pct_together).toBe(5);
    expect(f.cpu_us_per_msg_on_together).toBe(31.5);
    expect(f.cpu_us_per_msg_off_together).toBe(30);
    expect(f.cpu_pairs).toBe(0);
    expect(f.cpu_overhead_pct).toBeNull();
  });
});

describe('observerVerdict', () => {
  const run = { aimLossPct: 5, rateSearch: true, everythingOff: true };
  const search = (onRate: number, offRate: number, offStillClimbing = false) =>
    observerFigures(
      [
        step('on', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 21 }),
        step('off', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 20 }),
        step('on', 'staircase', onRate),
        step('on', 'staircase', onRate + 1000, { sustained: false }),
        step('off', 'staircase', offRate),
        ...(offStillClimbing ? [] : [step('off', 'staircase', offRate + 1000, { sustained: false })]),
      ],
      10,
    );

  it('judges the issue\'s aim on the sustained rate and the CPU per message apart', () => {
    // 96,000 / 98,000: 2% lost; CPU 21 / 20 µs: +5%, within.
    expect(observerVerdict(search(96_000, 98_000), run)).toEqual({
      meets_aim: true,
      judged_loss_pct: 2,
      judged_by: 'whole search',
      cpu_within_aim: true,
      rate_judged: true,
      cpu_judged: true,
      not_judged: [],
    });
    // 90,000 / 98,000: 8.2% lost.
    expect(observerVerdict(search(90_000, 98_000), run).meets_aim).toBe(false);
  });

  it('never calls the aim met against a lower bound for "off", without a rate search, or against only some features off', () => {
    expect(observerVerdict(search(96_000, 98_000, true), run).meets_aim).toBe(false);
    const cpuOnly = observerVerdict(search(96_000, 98_000), { ...run, rateSearch: false });
    expect(cpuOnly).toMatchObject({ meets_aim: false, rate_judged: false, cpu_judged: true });
    expect(cpuOnly.not_judged).toEqual([expect.stringContaining('--observer-cpu-only')]);
    const someOff = observerVerdict(search(96_000, 98_000), { ...run, everythingOff: false });
    expect(someOff).toMatchObject({ meets_aim: false, cpu_within_aim: false, rate_judged: false, cpu_judged: false });
    expect(someOff.not_judged).toEqual([expect.stringContaining('--observer-off')]);
  });

  it('judges on the median of the search rounds when there are two or more, each round on its own steps', () => {
    const rounds = observerFigures(
      [
        step('on', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 21 }),
        step('off', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 20 }),
        // Round 0: 80,000 / 100,000 (a bad pair of processes).
        step('on', 'ladder', 80_000, { round: 0 }),
        step('off', 'ladder', 100_000, { round: 0 }),
        step('on', 'staircase', 82_000, { round: 0, sustained: false }),
        step('off', 'staircase', 102_000, { round: 0, sustained: false }),
        // Round 1: 98,000 / 100,000.
        step('on', 'staircase', 98_000, { round: 1 }),
        step('on', 'staircase', 100_000, { round: 1, sustained: false }),
        step('off', 'staircase', 100_000, { round: 1 }),
        step('off', 'staircase', 102_000, { round: 1, sustained: false }),
        // Round 2: 97,000 / 99,000.
        step('on', 'staircase', 97_000, { round: 2 }),
        step('on', 'staircase', 99_000, { round: 2, sustained: false }),
        step('off', 'staircase', 99_000, { round: 2 }),
        step('off', 'staircase', 101_000, { round: 2, sustained: false }),
      ],
      10,
    );
    expect(rounds.search_rounds.map((r) => [r.round, r.on_per_s, r.off_per_s, r.ratio])).toEqual([
      [0, 80_000, 100_000, 0.8],
      [1, 98_000, 100_000, 0.98],
      [2, 97_000, 99_000, 0.98],
    ]);
    // The whole search: 98,000 / 100,000; the rounds' median 0.98.
    expect(rounds.sustained_ratio).toBe(0.98);
    expect(rounds.sustained_ratio_median_of_rounds).toBe(0.98);
    expect(observerVerdict(rounds, run)).toMatchObject({ meets_aim: true, judged_loss_pct: 2, judged_by: 'median of rounds' });

    // A round whose "off" was still climbing is left out of the median; with none left, not met.
    const climbing = observerFigures(
      [
        step('on', 'staircase', 90_000, { round: 0 }),
        step('on', 'staircase', 92_000, { round: 0, sustained: false }),
        step('off', 'staircase', 100_000, { round: 0 }),
        step('off', 'staircase', 102_000, { round: 0, sustained: false }),
        step('on', 'staircase', 99_000, { round: 1 }),
        step('on', 'staircase', 101_000, { round: 1, sustained: false }),
        step('off', 'staircase', 100_000, { round: 1 }),
      ],
      10,
    );
    expect(climbing.search_rounds[1]).toMatchObject({ off_lower_bound: true, ratio: 0.99 });
    expect(climbing.sustained_ratio_median_of_rounds).toBe(0.9);
    expect(observerVerdict(climbing, run)).toMatchObject({ meets_aim: false, judged_loss_pct: 10 });
    const none = observerFigures([step('on', 'staircase', 99_000, { round: 0 }), step('off', 'staircase', 100_000, { round: 0 }), step('on', 'staircase', 98_000, { round: 1 }), step('off', 'staircase', 100_000, { round: 1 })], 10);
    expect(none.sustained_ratio_median_of_rounds).toBeNull();
    expect(observerVerdict(none, run)).toMatchObject({ meets_aim: false, judged_loss_pct: null });
  });

  it('reports a CPU overhead over the percentage', () => {
    const f = observerFigures([step('on', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 22 }), step('off', 'cpu', 15_000, { pair: 0, cpu_us_per_msg: 20 })], 10);
    expect(f.cpu_overhead_pct).toBe(10);
    expect(observerVerdict(f, run).cpu_within_aim).toBe(false);
  });
});
