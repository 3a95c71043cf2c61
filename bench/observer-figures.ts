// The observer bench's headline figures, from its steps: the sustained-rate ratio of the two modes
// and the CPU per message at one fixed rate. Pure, so the arithmetic is tested apart from the load.
import type { ObserverMode, ObserverStep } from './observer-report.js';

export interface ObserverFigures {
  sustained_on_per_s: number;
  sustained_off_per_s: number;
  /** sustained_on / sustained_off; null when off sustained nothing. */
  sustained_ratio: number | null;
  sustained_loss_pct: number | null;
  /**
   * The mode failed no step above its highest sustained rate: the search ended (out of steps or
   * time) while it was still climbing, so its figure is a lower bound, not its limit.
   */
  sustained_on_lower_bound: boolean;
  sustained_off_lower_bound: boolean;
  /**
   * Mean rate of each mode's staircase steps: where it settles, about the rate sustained half of
   * the time. Less swayed by one lucky or unlucky step than the highest sustained rate.
   */
  knee_on_per_s: number | null;
  knee_off_per_s: number | null;
  knee_ratio: number | null;
  /**
   * The rate search again on fresh node processes (ObserverStep.round): each round's highest
   * sustained rate of each mode, and their ratio. A node process's rate near its knee depends on
   * the state it ended up in (JIT, heap), so one run's whole-search ratio moved by ±10% between
   * runs of the same code; the median over rounds is the run's figure for the aim.
   */
  search_rounds: SearchRound[];
  /** Median over the rounds whose "off" figure is exact (not a lower bound); null when none is. */
  sustained_ratio_median_of_rounds: number | null;
  sustained_loss_pct_median_of_rounds: number | null;
  cpu_us_per_msg_on: number | null;
  cpu_us_per_msg_off: number | null;
  /** Median over the on/off pairs of (on / off − 1), in percent: each pair ran back to back. */
  cpu_overhead_pct: number | null;
  /**
   * Mean of the same per-pair overheads and its standard error (null under two pairs): a single
   * pair varies by about ±12 points on this machine, so the median of 10 is good to about ±4.
   */
  cpu_overhead_mean_pct: number | null;
  cpu_overhead_se_pct: number | null;
  cpu_pairs: number;
  /**
   * The same median over the pairs during which other processes used at most disturbedAbovePct of a
   * CPU, and how many those were: fewer samples, less disturbance (null when there were none).
   */
  cpu_overhead_pct_quiet_pairs: number | null;
  cpu_quiet_pairs: number;
  /**
   * Median over rounds of (on / off − 1), in percent, with both modes loaded at once by a generator
   * each (the "together" steps): whatever else the machine does then falls on both nodes in the
   * same seconds, so this ratio moves less between rounds; but the two nodes share CPU 0 and its
   * caches, which costs more to the mode with the larger working set.
   */
  cpu_overhead_pct_together: number | null;
  cpu_overhead_mean_pct_together: number | null;
  cpu_overhead_se_pct_together: number | null;
  cpu_us_per_msg_on_together: number | null;
  cpu_us_per_msg_off_together: number | null;
  cpu_together_rounds: number;
  /**
   * The pairs' (and rounds') overheads averaged within each pair of node processes that ran them
   * (ObserverStep.processes), then over those: mean ± standard error over the processes, null under
   * two. Pairs of one process pair agree more than pairs of different ones, so this error is the
   * honest one when the bench renews its nodes.
   */
  cpu_overhead_mean_pct_by_processes: number | null;
  cpu_overhead_se_pct_by_processes: number | null;
  cpu_overhead_mean_pct_together_by_processes: number | null;
  cpu_overhead_se_pct_together_by_processes: number | null;
  cpu_process_pairs: number;
}

export interface SearchRound {
  round: number;
  on_per_s: number;
  off_per_s: number;
  on_lower_bound: boolean;
  off_lower_bound: boolean;
  /** on / off; null when off sustained nothing. */
  ratio: number | null;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Mean and standard error of the mean; the error is null under two values. */
export function meanAndError(xs: readonly number[]): { mean: number | null; se: number | null } {
  if (xs.length === 0) return { mean: null, se: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length < 2) return { mean, se: null };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

export const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
const roundOrNull = (x: number | null, digits: number) => (x === null ? null : round(x, digits));

// Warm-up steps do not count, nor "together" steps (two nodes sharing the CPU).
const searchSteps = (steps: readonly ObserverStep[], mode: ObserverMode) => steps.filter((s) => s.mode === mode && s.phase !== 'warmup' && s.phase !== 'together');

function highestSustained(steps: readonly ObserverStep[], mode: ObserverMode): number {
  const rates = searchSteps(steps, mode)
    .filter((s) => s.sustained)
    .map((s) => s.offered_per_s);
  return rates.length === 0 ? 0 : Math.max(...rates);
}

function stillClimbing(steps: readonly ObserverStep[], mode: ObserverMode, highest: number): boolean {
  return !searchSteps(steps, mode).some((s) => !s.sustained && s.offered_per_s > highest);
}

function knee(steps: readonly ObserverStep[], mode: ObserverMode): number | null {
  const rates = steps.filter((s) => s.mode === mode && s.phase === 'staircase').map((s) => s.offered_per_s);
  return rates.length === 0 ? null : Math.round(rates.reduce((a, b) => a + b, 0) / rates.length);
}

/** Each rate-search round's figures: round 0 has the CPU steps, the ladder and the first staircase; a later round, its staircase. */
function searchRounds(steps: readonly ObserverStep[]): SearchRound[] {
  const rounds = [...new Set(steps.filter((s) => s.round !== undefined).map((s) => s.round as number))].sort((a, b) => a - b);
  return rounds.map((r) => {
    const of = steps.filter((s) => (s.round ?? (s.phase === 'cpu' ? 0 : -1)) === r);
    const on = highestSustained(of, 'on');
    const off = highestSustained(of, 'off');
    return {
      round: r,
      on_per_s: on,
      off_per_s: off,
      on_lower_bound: on > 0 && stillClimbing(of, 'on', on),
      off_lower_bound: off > 0 && stillClimbing(of, 'off', off),
      ratio: off === 0 ? null : round(on / off, 3),
    };
  });
}

export function observerFigures(steps: readonly ObserverStep[], disturbedAbovePct: number): ObserverFigures {
  const on = highestSustained(steps, 'on');
  const off = highestSustained(steps, 'off');
  const ratio = off === 0 ? null : round(on / off, 3);
  const rounds = searchRounds(steps);
  const roundRatio = median(rounds.filter((r) => !r.off_lower_bound && r.ratio !== null).map((r) => r.ratio as number));
  const kneeOn = knee(steps, 'on');
  const kneeOff = knee(steps, 'off');

  const pairsOf = (phase: ObserverStep['phase']) => {
    const pairs = new Map<number, Partial<Record<ObserverMode, ObserverStep>>>();
    for (const s of steps) {
      if (s.phase !== phase || s.pair === undefined || s.cpu_us_per_msg === null) continue;
      pairs.set(s.pair, { ...pairs.get(s.pair), [s.mode]: s });
    }
    return [...pairs.values()].filter((p): p is Record<ObserverMode, ObserverStep> => p.on !== undefined && p.off !== undefined);
  };
  const complete = pairsOf('cpu');
  const together = pairsOf('together');
  const quiet = complete.filter((p) => (p.on.other_cpu_pct ?? 0) <= disturbedAbovePct && (p.off.other_cpu_pct ?? 0) <= disturbedAbovePct);
  const us = (mode: ObserverMode, list = complete) => median(list.map((p) => p[mode].cpu_us_per_msg as number));
  // Other jobs slow both halves of a pair alike (cache, memory bandwidth), so the ratio within a pair
  // holds up better than the CPU per message itself.
  const ratios = (list: typeof complete) =>
    list.filter((p) => (p.off.cpu_us_per_msg as number) > 0).map((p) => (p.on.cpu_us_per_msg as number) / (p.off.cpu_us_per_msg as number) - 1);
  const overhead = (list: typeof complete) => median(ratios(list));
  const all = overhead(complete);
  const quietOnly = overhead(quiet);
  const both = overhead(together);
  const pct = (x: number | null) => (x === null ? null : round(x * 100, 1));
  const pairsMean = meanAndError(ratios(complete));
  const togetherMean = meanAndError(ratios(together));
  const byProcesses = (list: typeof complete) => {
    const groups = new Map<number, typeof complete>();
    for (const p of list) {
      const key = p.on.processes ?? 0;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [p]);
      else group.push(p);
    }
    const means = [...groups.values()].map((g) => meanAndError(ratios(g)).mean).filter((m): m is number => m !== null);
    return { ...meanAndError(means), groups: groups.size };
  };
  const pairsByProcesses = byProcesses(complete);
  const togetherByProcesses = byProcesses(together);
  return {
    sustained_on_per_s: on,
    sustained_off_per_s: off,
    sustained_ratio: ratio,
    sustained_loss_pct: ratio === null ? null : round((1 - ratio) * 100, 1),
    sustained_on_lower_bound: on > 0 && stillClimbing(steps, 'on', on),
    sustained_off_lower_bound: off > 0 && stillClimbing(steps, 'off', off),
    knee_on_per_s: kneeOn,
    knee_off_per_s: kneeOff,
    knee_ratio: kneeOn === null || kneeOff === null || kneeOff === 0 ? null : round(kneeOn / kneeOff, 3),
    search_rounds: rounds,
    sustained_ratio_median_of_rounds: roundOrNull(roundRatio, 3),
    sustained_loss_pct_median_of_rounds: roundRatio === null ? null : round((1 - roundRatio) * 100, 1),
    cpu_us_per_msg_on: roundOrNull(us('on'), 2),
    cpu_us_per_msg_off: roundOrNull(us('off'), 2),
    cpu_overhead_pct: pct(all),
    cpu_overhead_mean_pct: pct(pairsMean.mean),
    cpu_overhead_se_pct: pct(pairsMean.se),
    cpu_pairs: complete.length,
    cpu_overhead_pct_quiet_pairs: pct(quietOnly),
    cpu_quiet_pairs: quiet.length,
    cpu_overhead_pct_together: pct(both),
    cpu_overhead_mean_pct_together: pct(togetherMean.mean),
    cpu_overhead_se_pct_together: pct(togetherMean.se),
    cpu_us_per_msg_on_together: roundOrNull(us('on', together), 2),
    cpu_us_per_msg_off_together: roundOrNull(us('off', together), 2),
    cpu_together_rounds: together.length,
    cpu_overhead_mean_pct_by_processes: pct(pairsByProcesses.mean),
    cpu_overhead_se_pct_by_processes: pct(pairsByProcesses.se),
    cpu_overhead_mean_pct_together_by_processes: pct(togetherByProcesses.mean),
    cpu_overhead_se_pct_together_by_processes: pct(togetherByProcesses.se),
    cpu_process_pairs: Math.max(pairsByProcesses.groups, togetherByProcesses.groups),
  };
}

export interface ObserverVerdict {
  /**
   * The aim: the highest sustained rate with everything on is at most aim_loss_pct below
   * the rate with everything off (an exact figure for "off", not a lower bound), in a rate search
   * run (not --observer-cpu-only) against everything off.
   */
  meets_aim: boolean;
  /** The loss the aim is judged on, and which: the median over search rounds (two or more), else the whole search's (null against a lower bound). */
  judged_loss_pct: number | null;
  judged_by: 'median of rounds' | 'whole search';
  /** The CPU overhead per message of the back-to-back pairs is within aim_loss_pct (everything off). */
  cpu_within_aim: boolean;
  /** Whether this run can judge the aim (a full search against everything off) and the CPU figure (everything off). */
  rate_judged: boolean;
  cpu_judged: boolean;
  /** Why not, when it cannot (empty for a full run against everything off). */
  not_judged: string[];
}

/**
 * The issue's aim is on the highest sustained rate: with everything on, at most aimLossPct below the
 * rate with everything off, in a run that searched for both rates (not --observer-cpu-only) against
 * everything off, and against an exact figure for "off" (a lower bound could hide a larger loss).
 * With two or more search rounds the loss judged is the median over the rounds' (each on its own
 * pair of node processes); with one, the whole search's.
 * The CPU per message at a fixed rate is this bench's stricter figure, judged against the same
 * percentage and reported beside it.
 */
export function observerVerdict(f: ObserverFigures, run: { aimLossPct: number; rateSearch: boolean; everythingOff: boolean }): ObserverVerdict {
  const notJudged: string[] = [];
  if (!run.rateSearch) notJudged.push('no rate search (--observer-cpu-only): the sustained rates are only the CPU steps\' rate');
  if (!run.everythingOff) notJudged.push('"off" keeps some features on (--observer-off): the figures are the cost of the features turned off alone');
  const byRounds = f.search_rounds.length >= 2;
  const loss = byRounds ? f.sustained_loss_pct_median_of_rounds : f.sustained_off_lower_bound ? null : f.sustained_loss_pct;
  return {
    meets_aim: run.rateSearch && run.everythingOff && loss !== null && loss <= run.aimLossPct,
    judged_loss_pct: run.rateSearch ? loss : null,
    judged_by: byRounds ? 'median of rounds' : 'whole search',
    cpu_within_aim: run.everythingOff && f.cpu_overhead_pct !== null && f.cpu_overhead_pct <= run.aimLossPct,
    rate_judged: run.rateSearch && run.everythingOff,
    cpu_judged: run.everythingOff,
    not_judged: notJudged,
  };
}
