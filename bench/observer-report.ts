// The observer bench's figures (bench/observer-bench.ts): the JSON shape, its table, and what a CPU
// profile of each mode says about the observability code's share of the node's busy time.
import { OBSERVED_FEATURES } from './bench-args.js';
import { topFramesOfFile, type HotFrame } from './cpu-profile-summary.js';
import type { ObserverFigures, ObserverVerdict } from './observer-figures.js';

export type ObserverMode = 'on' | 'off';

export interface ObserverStep {
  mode: ObserverMode;
  /**
   * warmup: JIT warm-up; cpu: fixed-rate CPU comparison, one mode after the other; together: the
   * same with both modes loaded at once (one generator each); ladder: coarse rate steps; staircase:
   * fine search around the knee.
   */
  phase: 'warmup' | 'cpu' | 'together' | 'ladder' | 'staircase';
  offered_per_s: number;
  delivered_per_s: number;
  p50_ms: number;
  p99_ms: number;
  lost: number;
  node_cpu_pct: number | null;
  /** Node CPU time over the step divided by the messages sent in it, in microseconds. */
  cpu_us_per_msg: number | null;
  other_cpu_pct: number | null;
  /** The load generator's CPU (it has CPU 1 to itself): near 100%, the step measured the generator, not the node. */
  generator_cpu_pct: number | null;
  /** CPU of the other mode's node, idle on the same CPU meanwhile (its timers, samplers). */
  idle_node_cpu_pct: number | null;
  sustained: boolean;
  /** cpu steps: the on/off pair this step belongs to. */
  pair?: number;
  /** Which pair of node processes ran the step: 0 for the first, one more each time both are renewed. */
  processes?: number;
  /** ladder and staircase steps: the rate-search round (0: the first, on the processes of the CPU phases; each later one on fresh processes). */
  round?: number;
  /** "on" steps: traces kept during the step (and its drain) by tail sampling, by reason, and evicted unjudged. */
  traces?: { error: number; slow: number; sampled: number; evicted: number; rate_limited?: number };
}

export interface ProfileShares {
  /** Percent of the node's busy (non-idle) time by area of code. */
  shares_pct: Record<string, number>;
  busy_ms: number;
}

export interface ObserverFigure extends ObserverFigures, ObserverVerdict {
  pairs: number;
  /** A --quick run: too few and too short steps to tell a 5% difference; a smoke run of the method. */
  quick: boolean;
  step_seconds: number;
  /** The two node configs, as written into the temporary folder. */
  config: Record<ObserverMode, string>;
  /** What the "off" node had turned off (--observer-off): the figures are the cost of these. */
  off_features: string[];
  readiness: string;
  node_cpu: string | null;
  /** The scheduling priority the nodes and the generator ran at. */
  priority: string;
  /** Rate step of the fine search: the sustained figures are known to within this. */
  resolution_per_s: number;
  cpu_rate_per_s: number;
  /** Rate each node was loaded at in the "together" rounds. */
  together_rate_per_s: number;
  aim_loss_pct: number;
  seconds: number;
  steps: ObserverStep[];
  node_error_log_lines: number;
  profile?: { on: ProfileShares; off: ProfileShares; hot_observability_frames_on: HotFrame[] };
}

/** The aim's verdict, or why this run cannot give one (the sustained rate is judged only by a full search against everything off). */
function verdict(f: ObserverFigure): string {
  const rate = !f.rate_judged ? 'not judged' : `${f.meets_aim ? 'met' : 'MISSED'} (${n(f.judged_loss_pct, 1)}% lost, ${f.judged_by})`;
  const cpu = !f.cpu_judged ? 'not judged' : `${f.cpu_within_aim ? 'within' : 'OVER'} ${f.aim_loss_pct}%`;
  const why = f.not_judged.length > 0 ? ` (${f.not_judged.join('; ')})` : '';
  return `aim (sustained rate) ${rate}, CPU per message ${cpu}${why}`;
}

/** Where a profile frame's code lives, for the observability share of the busy time. */
function areaOf(frame: string): string {
  if (frame.includes('embedded-server/observability/logging/') || frame.includes('node_modules/pino')) return 'logging';
  if (frame.includes('embedded-server/observability/tracing/') || frame.includes('@opentelemetry')) return 'tracing';
  if (frame.includes('embedded-server/observability/metrics/')) return 'metrics';
  if (frame.includes('embedded-server/observability/')) return 'observability (other)';
  if (frame.includes('embedded-server/core/telemetry')) return 'telemetry glue';
  if (frame.includes('embedded-server/admin/')) return 'admin API';
  if (frame.includes('embedded-server/')) return 'node (rest)';
  if (frame.includes('node_modules/')) return 'packages (rest)';
  if (frame.startsWith('(garbage collector)')) return 'garbage collector';
  return 'Node.js and V8';
}

export const OBSERVABILITY_AREAS = ['logging', 'tracing', 'metrics', 'observability (other)', 'telemetry glue', 'admin API'];

export function profileShares(file: string): { shares: ProfileShares; frames: HotFrame[] } {
  const frames = topFramesOfFile(file, Number.MAX_SAFE_INTEGER);
  const busyMs = frames.reduce((sum, f) => sum + f.self_ms, 0);
  const byArea: Record<string, number> = {};
  // From milliseconds, not the frames' rounded percentages: thousands of small frames add up.
  for (const f of frames) byArea[areaOf(f.frame)] = (byArea[areaOf(f.frame)] ?? 0) + f.self_ms;
  const shares_pct = Object.fromEntries(Object.entries(byArea).map(([area, ms]) => [area, busyMs === 0 ? 0 : Math.round((ms / busyMs) * 1000) / 10]));
  return { shares: { shares_pct, busy_ms: busyMs }, frames };
}

export function observabilityFrames(frames: readonly HotFrame[], limit: number): HotFrame[] {
  return frames.filter((f) => OBSERVABILITY_AREAS.includes(areaOf(f.frame))).slice(0, limit);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const n = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** "7.8% ± 1.6" (mean ± standard error), "-" without a mean. */
const meanPm = (mean: number | null, se: number | null) => (mean === null ? '-' : `${n(mean, 1)}%${se === null ? '' : ` ± ${n(se, 1)}`}`);

export function formatObserverTable(f: ObserverFigure): string {
  const off = f.off_features.length === OBSERVED_FEATURES.length ? 'everything off' : `${f.off_features.join(', ')} off (the rest on)`;
  const out: string[] = [`Observer effect (everything on vs ${off}, ${f.pairs} pairs, ${f.step_seconds} s steps, interleaved; ${f.priority}):`];
  out.push(
    table(
      ['figure', 'on', 'off', 'on/off', 'aim'],
      [
        [
          'Sustained 1:1 msgs/s',
          `${f.sustained_on_lower_bound ? '>= ' : ''}${n(f.sustained_on_per_s)}`,
          `${f.sustained_off_lower_bound ? '>= ' : ''}${n(f.sustained_off_per_s)}`,
          n(f.sustained_ratio, 3),
          `loss <= ${f.aim_loss_pct}% (±${n(f.resolution_per_s)}/s)`,
        ],
        ['  staircase knee (mean rate tried)', n(f.knee_on_per_s), n(f.knee_off_per_s), n(f.knee_ratio, 3), ''],
        ...f.search_rounds.map((r) => [
          `  round ${r.round} (${r.round === 0 ? 'ladder and staircase' : 'staircase, fresh nodes'})`,
          `${r.on_lower_bound ? '>= ' : ''}${n(r.on_per_s)}`,
          `${r.off_lower_bound ? '>= ' : ''}${n(r.off_per_s)}`,
          n(r.ratio, 3),
          '',
        ]),
        ...(f.search_rounds.length >= 2 ? [['  median of the rounds', '', '', n(f.sustained_ratio_median_of_rounds, 3), `loss <= ${f.aim_loss_pct}%`]] : []),
        [`Node CPU per msg at ${n(f.cpu_rate_per_s)}/s (µs)`, n(f.cpu_us_per_msg_on, 1), n(f.cpu_us_per_msg_off, 1), n(f.cpu_overhead_pct === null ? null : 1 + f.cpu_overhead_pct / 100, 3), `overhead <= ${f.aim_loss_pct}%`],
        [
          `  both loaded at once, ${n(f.together_rate_per_s)}/s each`,
          n(f.cpu_us_per_msg_on_together, 1),
          n(f.cpu_us_per_msg_off_together, 1),
          n(f.cpu_overhead_pct_together === null ? null : 1 + f.cpu_overhead_pct_together / 100, 3),
          `overhead <= ${f.aim_loss_pct}%`,
        ],
      ],
    ),
  );
  const quiet =
    f.cpu_quiet_pairs === 0
      ? 'every pair had other processes above 10% of a CPU'
      : `${n(f.cpu_overhead_pct_quiet_pairs, 1)}% over the ${f.cpu_quiet_pairs} pair(s) other processes left alone`;
  out.push(
    `loss of sustained rate ${n(f.sustained_loss_pct, 1)}%, CPU overhead per message ${n(f.cpu_overhead_pct, 1)}% ` +
      `(median of ${f.cpu_pairs} back-to-back pairs, mean ${meanPm(f.cpu_overhead_mean_pct, f.cpu_overhead_se_pct)}; ${quiet}), ` +
      `${n(f.cpu_overhead_pct_together, 1)}% with both loaded at once ` +
      `(median of ${f.cpu_together_rounds} rounds, mean ${meanPm(f.cpu_overhead_mean_pct_together, f.cpu_overhead_se_pct_together)})` +
      (f.cpu_process_pairs > 1
        ? `; over ${f.cpu_process_pairs} pairs of node processes ${meanPm(f.cpu_overhead_mean_pct_by_processes, f.cpu_overhead_se_pct_by_processes)}, ` +
          `together ${meanPm(f.cpu_overhead_mean_pct_together_by_processes, f.cpu_overhead_se_pct_together_by_processes)}`
        : '') +
      ': ' +
      verdict(f) +
      `${f.quick ? ' (--quick: too few, too short steps to judge a 5% difference)' : ''}`,
  );
  out.push('', 'Observer steps in the order run:');
  out.push(
    table(
      ['phase', 'mode', 'offered/s', 'delivered/s', 'p50 ms', 'p99 ms', 'lost', 'node CPU', 'µs/msg', 'idle node', 'generator', 'other CPU', 'sustained'],
      f.steps.map((s) => [
        s.round !== undefined && s.round > 0 ? `${s.phase} ${s.round}` : s.phase,
        s.mode,
        n(s.offered_per_s),
        n(s.delivered_per_s),
        n(s.p50_ms, 1),
        n(s.p99_ms, 1),
        n(s.lost),
        s.node_cpu_pct === null ? '-' : `${n(s.node_cpu_pct)}%`,
        n(s.cpu_us_per_msg, 1),
        s.idle_node_cpu_pct === null ? '-' : `${n(s.idle_node_cpu_pct, 1)}%`,
        s.generator_cpu_pct === null ? '-' : `${n(s.generator_cpu_pct)}%`,
        s.other_cpu_pct === null ? '-' : `${n(s.other_cpu_pct)}%`,
        s.sustained ? 'yes' : 'no',
      ]),
    ),
  );
  if (f.profile !== undefined) {
    const { on, off } = f.profile;
    const areas = [...new Set([...Object.keys(on.shares_pct), ...Object.keys(off.shares_pct)])].sort(
      (a, b) => (on.shares_pct[b] ?? 0) - (on.shares_pct[a] ?? 0),
    );
    out.push('', 'Node CPU profiles by area of code (% of busy time; the profiles cover each node\'s whole life):');
    out.push(table(['area', 'on', 'off'], areas.map((a) => [a, n(on.shares_pct[a] ?? 0, 1), n(off.shares_pct[a] ?? 0, 1)])));
    out.push('', 'Observability frames of the "on" node (top by self time):');
    out.push(table(['frame', 'self ms', 'self %'], f.profile.hot_observability_frames_on.map((h) => [h.frame, n(h.self_ms), n(h.self_pct, 1)])));
  }
  return out.join('\n');
}
