// Issue 3's observer effect: the highest sustained 1:1 message rate and the node's CPU per message
// with every observability feature on (the defaults) against all of it off. Two nodes run side by
// side on CPU 0, one per mode, and only one is loaded at a time: the modes alternate step by step,
// so a burst of other work on this shared machine lands on both modes alike instead of on one
// block of steps. The other node sits idle meanwhile; its CPU is reported per step.
import { performance } from 'node:perf_hooks';
import { OBSERVED_FEATURES, type ObservedFeature } from './bench-args.js';
import { ACCOUNTS, DOMAIN, type BenchEnvironment } from './bench-environment.js';
import { TARGETS } from './bench-report.js';
import { startGenerator, type GeneratorProcess } from './generator-process.js';
import type { MessageStep, MessagesCommand } from './load/generator-protocol.js';
import type { NodeUnderTest } from './node-under-test.js';
import { BENCH_NICE, withModeNodes, type ModeNode, type TracingCounters } from './observer-nodes.js';
import { observerFigures, observerVerdict, round } from './observer-figures.js';
import { observabilityFrames, profileShares, type ObserverFigure, type ObserverMode, type ObserverStep } from './observer-report.js';
import { setNice } from './process-priority.js';
import { cpuSeconds, waitIdle } from './proc-stats.js';

export interface ObserverOptions {
  env: BenchEnvironment;
  generator: GeneratorProcess;
  quick: boolean;
  pairs: number;
  /** Run both nodes under --cpu-prof and report the observability code's share of their time. */
  profile: boolean;
  keep: boolean;
  /** What the "off" node turns off (all of it for issue 3's figure). */
  offFeatures: readonly ObservedFeature[];
  /** Only the CPU-per-message phases: no ladder or staircase (no sustained figures). */
  cpuOnly: boolean;
  /** Pairs and together rounds at the CPU rate, instead of the plan's. */
  cpuPairs?: number;
  /** The CPU pairs' rate instead of the plan's (the together rounds at two thirds of it). */
  cpuRate?: number;
  notes: string[];
}

interface ObserverPlan {
  stepSeconds: number;
  warmupSeconds: number;
  /** The fixed rate, below saturation, at which CPU per message is compared, and its step length. */
  cpuRate: number;
  cpuStepSeconds: number;
  /** on/off pairs at cpuRate. */
  cpuPairs: number;
  /** Rounds with both modes loaded at once, each at this rate (two nodes share CPU 0: at most half its capacity each). */
  togetherRounds: number;
  togetherRate: number;
  /** Coarse steps above cpuRate; each mode leaves the ladder at its first step not sustained twice. */
  ladder: number[];
  /** Fine steps per mode around its knee: up one delta after a sustained step, down one after a failed, undisturbed one. */
  staircaseSteps: number;
  delta: number;
  /** Past this many seconds, the remaining staircase steps are skipped (and a note says so). */
  budgetSeconds: number;
  /** Both nodes are replaced by fresh processes (and warmed up) every this many CPU pairs and together rounds; 0: never. */
  renewEvery: number;
  /**
   * Rate-search rounds: the first is the ladder and staircase; each later one renews both nodes,
   * warms them up and runs roundSteps staircase steps a mode from where the previous round left it.
   */
  searchRounds: number;
  roundSteps: number;
}

const FULL_PLAN: ObserverPlan = {
  stepSeconds: 5,
  warmupSeconds: 5,
  cpuRate: 15_000,
  cpuStepSeconds: 4,
  cpuPairs: 10,
  togetherRounds: 10,
  togetherRate: 10_000,
  // Both nodes sustain about 150,000 msgs/s here since they stopped pretenuring (node/heap-tuning.ts);
  // the generator then uses about a quarter of CPU 1, so the node is what the search finds.
  ladder: [40_000, 60_000, 80_000, 100_000, 120_000, 140_000, 160_000, 180_000, 200_000],
  staircaseSteps: 10,
  delta: 2000,
  budgetSeconds: 600,
  renewEvery: 5,
  searchRounds: 3,
  roundSteps: 8,
};

const QUICK_PLAN: ObserverPlan = {
  stepSeconds: 2,
  warmupSeconds: 2,
  cpuRate: 15_000,
  cpuStepSeconds: 2,
  cpuPairs: 3,
  togetherRounds: 3,
  togetherRate: 10_000,
  ladder: [20_000, 30_000, 40_000],
  staircaseSteps: 2,
  delta: 2500,
  budgetSeconds: 85,
  renewEvery: 0,
  searchRounds: 1,
  roundSteps: 0,
};

export const AIM_LOSS_PCT = 5;
const DRAIN_MS = 3000;
/** A failed ladder step during which other processes took more than this share of a CPU is run once more. */
const DISTURBED_ABOVE_PCT = 10;

function messagesCommand(node: NodeUnderTest, pairs: number, rate: number, seconds: number): MessagesCommand {
  return {
    cmd: 'messages',
    target: { host: '127.0.0.1', port: node.port, domain: DOMAIN },
    senders: { ...ACCOUNTS, first: 0, count: pairs },
    receivers: { ...ACCOUNTS, first: pairs, count: pairs },
    mechanism: 'SCRAM-SHA-256',
    rates: [rate],
    stepSeconds: seconds,
    warmupSeconds: 0,
    tickMs: 10,
    drainMs: DRAIN_MS,
    sustainedRatio: 0.97,
    sustainedP99Ms: TARGETS.p99_ms,
    disturbedAbovePct: DISTURBED_ABOVE_PCT,
    maxAttempts: 1,
    nodePid: node.pid,
  };
}

/** Alternating which mode goes first cancels a drift (JIT still warming, a rising load) within each pair. */
const pairOrder = (i: number): ObserverMode[] => (i % 2 === 0 ? ['on', 'off'] : ['off', 'on']);
const disturbed = (step: ObserverStep) => (step.other_cpu_pct ?? 0) > DISTURBED_ABOVE_PCT;

export async function runObserverBench(opts: ObserverOptions): Promise<ObserverFigure> {
  const { generator, pairs, notes } = opts;
  const base = opts.quick ? QUICK_PLAN : FULL_PLAN;
  // More pairs lengthen the CPU phases: the rate search keeps its own time (about 18 s a pair and round).
  const withPairs: ObserverPlan =
    opts.cpuPairs === undefined
      ? base
      : { ...base, cpuPairs: opts.cpuPairs, togetherRounds: opts.cpuPairs, budgetSeconds: base.budgetSeconds + Math.max(0, opts.cpuPairs - base.cpuPairs) * 18 };
  const plan: ObserverPlan = opts.cpuRate === undefined ? withPairs : { ...withPairs, cpuRate: opts.cpuRate, togetherRate: Math.round((opts.cpuRate * 2) / 3) };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const steps: ObserverStep[] = [];

  const renewEvery = opts.profile ? 0 : plan.renewEvery;
  // Each renewal (two nodes started and warmed up) takes about 25 s out of the search's budget: given back.
  const renewals = renewEvery === 0 ? 0 : Math.ceil(plan.cpuPairs / renewEvery) - 1 + Math.ceil(plan.togetherRounds / renewEvery);
  // Profiles cover a node's whole life: a profiled run keeps its processes, so it has one round.
  const searchRounds = opts.profile || opts.cpuOnly ? 1 : plan.searchRounds;
  // A later round: a renewal (two nodes started and warmed up, ~25 s) and its steps (~9 s each with the drain and idle wait).
  const budgetSeconds = plan.budgetSeconds + renewals * 25 + (searchRounds - 1) * (25 + plan.roundSteps * 2 * 9);
  const run = await withModeNodes({ env: opts.env, generatorPid: generator.ready.pid, profile: opts.profile, offFeatures: opts.offFeatures }, async (nodes, config, renew) => {
    let processes = 0;
    const secondsOf = (phase: ObserverStep['phase']) =>
      phase === 'warmup' ? plan.warmupSeconds : phase === 'cpu' || phase === 'together' ? plan.cpuStepSeconds : plan.stepSeconds;
    const load = (gen: GeneratorProcess, node: ModeNode, rate: number, seconds: number) =>
      gen.request(messagesCommand(node, pairs, rate, seconds), 'messages', (seconds + DRAIN_MS / 1000 + 120) * 1000);

    let searchRound: number | undefined = undefined;
    const runStep = async (mode: ObserverMode, phase: ObserverStep['phase'], rate: number, pair?: number): Promise<ObserverStep> => {
      const node = nodes[mode];
      const idle = nodes[mode === 'on' ? 'off' : 'on'];
      const seconds = secondsOf(phase);
      const countersBefore = await node.tracingCounters();
      const idleBefore = cpuSeconds(idle.pid);
      const wallBefore = performance.now();
      const reply = await load(generator, node, rate, seconds);
      const idleAfter = cpuSeconds(idle.pid);
      const wall = (performance.now() - wallBefore) / 1000;
      await waitIdle(node.pid);
      const countersAfter = await node.tracingCounters();
      return recordStep(mode, phase, rate, seconds, reply.steps[0], {
        pair,
        processes,
        round: phase === 'ladder' || phase === 'staircase' ? searchRound : undefined,
        idleNodeCpuPct: idleBefore === undefined || idleAfter === undefined ? null : round(((idleAfter - idleBefore) / wall) * 100, 2),
        countersBefore,
        countersAfter,
      });
    };

    const recordStep = (
      mode: ObserverMode,
      phase: ObserverStep['phase'],
      rate: number,
      seconds: number,
      s: MessageStep | undefined,
      extra: { pair?: number; processes?: number; round?: number; idleNodeCpuPct: number | null; countersBefore?: TracingCounters; countersAfter?: TracingCounters },
    ): ObserverStep => {
      const { pair, countersBefore, countersAfter } = extra;
      if (s === undefined) throw new Error(`the load generator ran no step at ${rate}/s on the "${mode}" node`);
      const step: ObserverStep = {
        mode,
        phase,
        offered_per_s: rate,
        delivered_per_s: s.delivered_per_s,
        p50_ms: s.latency.p50_ms,
        p99_ms: s.latency.p99_ms,
        lost: s.lost,
        node_cpu_pct: s.node_cpu_pct,
        // The generator's CPU window is the sending window, which lasts `seconds`.
        cpu_us_per_msg: s.node_cpu_pct === null || s.sent === 0 ? null : round(((s.node_cpu_pct / 100) * seconds * 1e6) / s.sent, 2),
        other_cpu_pct: s.other_cpu_pct,
        generator_cpu_pct: s.generator_cpu_pct,
        idle_node_cpu_pct: extra.idleNodeCpuPct,
        sustained: s.sustained,
        pair,
        processes: extra.processes,
      };
      if (extra.round !== undefined) step.round = extra.round;
      if (countersBefore !== undefined && countersAfter !== undefined) {
        const delta = (group: 'kept' | 'dropped', key: string) => (countersAfter[group][key] ?? 0) - (countersBefore[group][key] ?? 0);
        step.traces = { error: delta('kept', 'error'), slow: delta('kept', 'slow'), sampled: delta('kept', 'sampled'), evicted: delta('dropped', 'evicted') };
        if (countersAfter.dropped.rate_limited !== undefined) step.traces.rate_limited = delta('dropped', 'rate_limited');
      }
      steps.push(step);
      process.stderr.write(
        `observer: ${phase} ${mode} ${rate}/s → ${step.delivered_per_s}/s, p99 ${step.p99_ms} ms, ${step.cpu_us_per_msg ?? '-'} µs/msg, generator CPU ${step.generator_cpu_pct ?? '-'}%, other CPU ${step.other_cpu_pct ?? '-'}%${step.sustained ? '' : ' (not sustained)'}${step.traces === undefined ? '' : `, traces kept: ${step.traces.slow} slow, ${step.traces.sampled} sampled, ${step.traces.error} error${step.traces.rate_limited === undefined ? '' : `, ${step.traces.rate_limited} over the keep limit`}`}\n`,
      );
      return step;
    };

    process.stderr.write(`bench: observer effect, two nodes (everything on / off), ${plan.stepSeconds} s steps…\n`);
    const warmUp = async () => {
      for (const mode of ['on', 'off'] as const) await runStep(mode, 'warmup', plan.cpuRate);
    };
    // Fresh node processes before every block of renewEvery pairs or rounds but the run's first
    // (`fresh`: the nodes have only been warmed up).
    const renewBefore = async (i: number, fresh: boolean) => {
      if (renewEvery === 0 || i % renewEvery !== 0 || fresh) return;
      process.stderr.write('observer: fresh node processes\n');
      await renew();
      processes++;
      await warmUp();
    };
    await warmUp();

    // The precise figure first, while the budget is whole: CPU per message at one rate below
    // saturation, in back-to-back pairs.
    for (let i = 0; i < plan.cpuPairs; i++) {
      await renewBefore(i, i === 0);
      for (const mode of pairOrder(i)) await runStep(mode, 'cpu', plan.cpuRate, i);
    }

    // The same comparison with both modes loaded at once, a generator each (swapped every round):
    // a burst of other work then falls on both nodes in the same seconds.
    const second = await startGenerator(opts.env);
    try {
      setNice(second.ready.pid, BENCH_NICE);
      for (let i = 0; i < plan.togetherRounds; i++) {
        await renewBefore(i, false);
        const [forOn, forOff] = i % 2 === 0 ? [generator, second] : [second, generator];
        const seconds = secondsOf('together');
        const before = await nodes.on.tracingCounters();
        const [onReply, offReply] = await Promise.all([load(forOn, nodes.on, plan.togetherRate, seconds), load(forOff, nodes.off, plan.togetherRate, seconds)]);
        await Promise.all([waitIdle(nodes.on.pid), waitIdle(nodes.off.pid)]);
        const after = await nodes.on.tracingCounters();
        recordStep('on', 'together', plan.togetherRate, seconds, onReply.steps[0], { pair: i, processes, idleNodeCpuPct: null, countersBefore: before, countersAfter: after });
        recordStep('off', 'together', plan.togetherRate, seconds, offReply.steps[0], { pair: i, processes, idleNodeCpuPct: null });
      }
    } finally {
      await second.stop();
    }

    if (!opts.cpuOnly) searchRound = 0;
    const climbing = new Set<ObserverMode>(opts.cpuOnly ? [] : ['on', 'off']);
    // The CPU steps ran below the ladder: a sustained one counts.
    const best: Record<ObserverMode, number> = { on: 0, off: 0 };
    for (const s of steps) if (s.phase === 'cpu' && s.sustained) best[s.mode] = s.offered_per_s;
    for (let i = 0; i < plan.ladder.length && climbing.size > 0; i++) {
      for (const mode of pairOrder(i)) {
        if (!climbing.has(mode)) continue;
        let step = await runStep(mode, 'ladder', plan.ladder[i]);
        // Once more after any failure, for both modes alike: neither node is short of CPU on these rungs
        // (both use about half of CPU 0 at 50,000-80,000/s), so one step's failure is mostly a rare
        // stall (a collection, the machine), and one stall would otherwise start that mode's
        // staircase a rung or more below the other's.
        if (!step.sustained && elapsed() < budgetSeconds) step = await runStep(mode, 'ladder', plan.ladder[i]);
        if (step.sustained) best[mode] = step.offered_per_s;
        else climbing.delete(mode);
      }
    }

    // Fine search: each mode's rate goes up one delta after a sustained step and down one after a failed one.
    // Each mode starts above its ladder figure, but at most one rung below the other mode's: an
    // unlucky ladder step should not leave a mode's staircase too far down to climb back.
    const rung = plan.ladder[1] - plan.ladder[0];
    const top = Math.max(best.on, best.off);
    const rate: Record<ObserverMode, number> = {
      on: Math.max(best.on, top - rung) + plan.delta,
      off: Math.max(best.off, top - rung) + plan.delta,
    };
    let skipped = 0;
    const staircase = async (count: number) => {
      for (let i = 0; i < count; i++) {
        for (const mode of pairOrder(i)) {
          if (elapsed() > budgetSeconds) {
            skipped++;
            continue;
          }
          const step = await runStep(mode, 'staircase', rate[mode]);
          // A step failed while other processes took the CPU says little about the node: the rate stays.
          if (step.sustained) rate[mode] += plan.delta;
          else if (!disturbed(step)) rate[mode] = Math.max(plan.delta, rate[mode] - plan.delta);
        }
      }
    };
    await staircase(opts.cpuOnly ? 0 : plan.staircaseSteps);
    // Later rounds on fresh processes, each mode's staircase starting two steps below the highest
    // rate it sustained in the previous round: climbing from a sustained rate, not from a failure
    // streak (a node that fell behind spends more CPU a message for a while, so failures beget failures).
    for (let r = 1; r < searchRounds && elapsed() <= budgetSeconds; r++) {
      process.stderr.write(`observer: search round ${r}, fresh node processes\n`);
      await renew();
      processes++;
      await warmUp();
      for (const mode of ['on', 'off'] as const) {
        const sustained = steps.filter((s) => s.mode === mode && s.round === searchRound && s.sustained).map((s) => s.offered_per_s);
        const from = sustained.length > 0 ? Math.max(...sustained) : best[mode];
        rate[mode] = Math.max(plan.delta, from - 2 * plan.delta);
      }
      searchRound = r;
      await staircase(plan.roundSteps);
    }
    if (opts.cpuOnly) notes.push('observer: --observer-cpu-only: no rate search, so the sustained figures are only the CPU steps\' rate');
    if (skipped > 0) notes.push(`observer: ${skipped} staircase step(s) skipped to stay within ${budgetSeconds} s`);
    const errorLines = [...nodes.on.errorLines, ...nodes.off.errorLines];
    return { config, errorLines, nodeCpu: nodes.on.cpusAllowed ?? null };
  });

  // The CPU verdict is on the back-to-back pairs: each node then has CPU 0 to itself, as a node in
  // production has its cores. The together rounds are steadier but charge each node for the other's
  // cache footprint on the shared CPU, which weighs on the mode with the larger working set.
  const figures = observerFigures(steps, DISTURBED_ABOVE_PCT);
  if (steps.some((s) => s.phase === 'cpu' && !s.sustained)) {
    notes.push(`observer: some ${plan.cpuRate}/s CPU steps were not sustained (a busy machine?): CPU per message there is of a node falling behind`);
  }
  const stillClimbing = opts.cpuOnly ? [] : (['on', 'off'] as const).filter((mode) => (mode === 'on' ? figures.sustained_on_lower_bound : figures.sustained_off_lower_bound));
  for (const mode of stillClimbing) notes.push(`observer: the "${mode}" node was still climbing when the search ended: its sustained figure is a lower bound (>=)`);
  const disturbedSteps = steps.filter(disturbed).length;
  if (disturbedSteps > 0) notes.push(`observer: other processes used more than ${DISTURBED_ABOVE_PCT}% of a CPU during ${disturbedSteps} of ${steps.length} steps`);
  const { errorLines } = run.result;
  if (errorLines.length > 0) notes.push(`observer: the nodes logged ${errorLines.length} error line(s), first: ${errorLines[0].slice(0, 1000)}`);
  const figure: ObserverFigure = {
    pairs,
    quick: opts.quick,
    step_seconds: plan.stepSeconds,
    config: run.result.config,
    off_features: [...opts.offFeatures],
    readiness: 'the c2s port accepts a connection (ports chosen by the runner: at loglevel "error" there is no listener_ready line)',
    node_cpu: run.result.nodeCpu,
    priority: run.reniced ? `nodes and load generator at nice ${BENCH_NICE}` : 'default priority (renice to a negative value not permitted)',
    resolution_per_s: plan.delta,
    cpu_rate_per_s: plan.cpuRate,
    together_rate_per_s: plan.togetherRate,
    ...figures,
    aim_loss_pct: AIM_LOSS_PCT,
    ...observerVerdict(figures, { aimLossPct: AIM_LOSS_PCT, rateSearch: !opts.cpuOnly, everythingOff: opts.offFeatures.length === OBSERVED_FEATURES.length }),
    seconds: round(elapsed(), 1),
    steps,
    node_error_log_lines: errorLines.length,
  };
  const { on, off } = run.profiles;
  if (on !== undefined && off !== undefined) {
    const onShares = profileShares(on);
    figure.profile = { on: onShares.shares, off: profileShares(off).shares, hot_observability_frames_on: observabilityFrames(onShares.frames, 15) };
    if (opts.keep) notes.push(`observer CPU profiles: ${on} (on), ${off} (off)`);
  }
  return figure;
}
