// `npm run bench`: runs the chosen parts, each against a fresh node, and prints a table and a JSON summary.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BenchArgsError, STANDALONE_PARTS, USAGE, parseBenchArgs, type BenchOptions } from './bench-args.js';
import { prepareEnvironment, type BenchEnvironment } from './bench-environment.js';
import { TARGETS, formatTable, type BenchSummary } from './bench-report.js';
import { topFramesOfFile, type HotFrame } from './cpu-profile-summary.js';
import { runFlameBench } from './flame-bench.js';
import { startGenerator, type GeneratorProcess } from './generator-process.js';
import { runIdleBench } from './idle-bench.js';
import { runLoginsBench } from './logins-bench.js';
import { runMessagesBench } from './messages-bench.js';
import { runObserverBench } from './observer-bench.js';
import { formatObserverTable, type ObserverFigure } from './observer-report.js';
import { runProcessesBench } from './processes-refresh-bench.js';
import type { NodeRun } from './node-under-test.js';

const HOT_FRAMES = 15;
/** Above this share of a CPU used by other processes, a figure is flagged as disturbed. */
const BUSY_MACHINE_PCT = 10;

function accountsNeeded(options: BenchOptions): number {
  const { parts, sizes } = options;
  return Math.max(
    parts.includes('logins') ? sizes.logins : 0,
    parts.includes('idle') ? sizes.idleConnections : 0,
    parts.includes('messages') || parts.includes('observer') ? 2 * sizes.pairs : 0,
  );
}

function hotFrames(run: NodeRun<unknown>, options: BenchOptions, notes: string[]): HotFrame[] | undefined {
  if (run.profile === undefined) return undefined;
  if (options.keep) notes.push(`CPU profile: ${run.profile}`);
  return topFramesOfFile(run.profile, HOT_FRAMES);
}

async function runRuntimePart(env: BenchEnvironment | undefined, summary: BenchSummary): Promise<void> {
  const entry = new URL('./runtime-bench.js', import.meta.url);
  if (!existsSync(fileURLToPath(entry))) {
    summary.notes.push('runtime: dist/bench/runtime-bench.js is not there (not written or not built yet); skipped');
    return;
  }
  // It runs in this process: pin it like the node, since it measures the node's runtime.
  if (env === undefined || env.pinning) spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  process.stderr.write('bench: process runtime bench…\n');
  const module = (await import(entry.href)) as { runRuntimeBench?: () => Promise<Record<string, number>> };
  if (typeof module.runRuntimeBench !== 'function') throw new Error('dist/bench/runtime-bench.js does not export runRuntimeBench()');
  summary.runtime = await module.runRuntimeBench();
}

type Summary = BenchSummary & { observer?: ObserverFigure };

async function runParts(options: BenchOptions, summary: Summary): Promise<void> {
  const loadParts = options.parts.filter((p) => !STANDALONE_PARTS.includes(p));
  let env: BenchEnvironment | undefined;
  let generator: GeneratorProcess | undefined;
  try {
    if (loadParts.length > 0) {
      env = await prepareEnvironment(accountsNeeded(options), options.keep, options.nodeFlags);
      summary.accounts_imported = env.accountsImported;
      summary.import_seconds = env.importSeconds;
      Object.assign(summary.machine, { cpus: env.cpus, cpu_model: env.cpuModel, pinned: env.pinning, pinning_note: env.pinningNote });
      if (env.pinningNote !== undefined) summary.notes.push(env.pinningNote);
      if (options.keep) summary.notes.push(`temporary folder kept: ${env.dir}`);
      if (options.nodeFlags.length > 0) {
        summary.notes.push(`nodes run with ${options.nodeFlags.join(' ')}: their other output is in ${env.dir}/node-output-<node>.txt${options.keep ? '' : ' (removed at the end: add --keep)'}`);
      }
      // The runner reads every log line of the node; on the node's CPU that would be taken from the node.
      if (env.pinning) spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
      generator = await startGenerator(env);
      summary.machine.generator_cpu = generator.ready.cpus_allowed;
      summary.machine.generator_open_files_limit = generator.ready.open_files_limit;
    }
    for (const part of options.parts) {
      try {
        if (part === 'runtime') {
          await runRuntimePart(env, summary);
          continue;
        }
        if (part === 'flame') {
          summary.flame = await runFlameBench({ frames: options.sizes.flameFrames, interactSeconds: options.quick ? 2 : 3 });
          summary.notes.push(...summary.flame.notes.map((note) => `flame: ${note}`));
          continue;
        }
        if (part === 'processes') {
          summary.processes = await runProcessesBench({ quick: options.quick });
          continue;
        }
        const e = env as BenchEnvironment;
        const g = generator as GeneratorProcess;
        if (part === 'logins') {
          const run = await runLoginsBench(e, g, options.sizes, options.profile);
          summary.logins = { ...run.result, node: run.node, hot_frames: hotFrames(run, options, summary.notes) };
          summary.machine.node_cpu = run.node.cpus_allowed;
        } else if (part === 'idle') {
          const run = await runIdleBench(e, g, options.sizes, options.profile, summary.notes);
          summary.idle = { ...run.result, node: run.node, hot_frames: hotFrames(run, options, summary.notes) };
          summary.machine.node_cpu = run.node.cpus_allowed;
        } else if (part === 'observer') {
          const { quick, profile, keep } = options;
          summary.observer = await runObserverBench({ env: e, generator: g, quick, pairs: options.sizes.pairs, profile, keep, offFeatures: options.observerOff, cpuOnly: options.observerCpuOnly, cpuPairs: options.observerCpuPairs, cpuRate: options.observerCpuRate, notes: summary.notes });
          summary.machine.node_cpu ??= summary.observer.node_cpu;
        } else {
          const run = await runMessagesBench(e, g, options.sizes, options.profile);
          summary.messages = { ...run.result, node: run.node, hot_frames: hotFrames(run, options, summary.notes) };
          summary.machine.node_cpu = run.node.cpus_allowed;
        }
      } catch (err) {
        summary.errors.push({ part, message: (err as Error).message });
        process.stderr.write(`bench: ${part} failed: ${(err as Error).message}\n`);
      }
    }
  } finally {
    await generator?.stop();
    env?.cleanup();
  }
}

/** The machine is shared (builds, tests): say so when other processes took CPU during a measurement. */
function noteDisturbance(summary: BenchSummary): void {
  const others: [string, number | null][] = [['logins', summary.logins?.cpu.other_cpu_pct ?? null]];
  // Disturbance only makes a step worse, so a sustained step stands; a failed one may be the machine's fault.
  for (const step of summary.messages?.steps ?? []) {
    if (!step.sustained) others.push([`messages at ${step.offered_per_s}/s`, step.other_cpu_pct]);
  }
  for (const [what, other] of others) {
    if (other !== null && other > BUSY_MACHINE_PCT) {
      summary.notes.push(`other processes used ${other}% of a CPU during ${what}: that figure may be too low; re-run on a quiet machine`);
    }
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (err) {
    if (!(err instanceof BenchArgsError)) throw err;
    process.stderr.write(`bench: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const summary: Summary = {
    started_at: new Date().toISOString(),
    quick: options.quick,
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? '',
      node_version: process.version,
      load_average_at_start: loadavg().map((x) => Math.round(x * 100) / 100),
      pinned: false,
      node_cpu: null,
      generator_cpu: null,
      generator_open_files_limit: null,
    },
    targets: TARGETS,
    notes: [],
    errors: [],
  };
  try {
    await runParts(options, summary);
  } catch (err) {
    summary.errors.push({ part: 'setup', message: (err as Error).message });
  }
  noteDisturbance(summary);
  const steps = summary.messages?.steps ?? [];
  if (steps.length > 0 && steps.length === options.sizes.rates.length && steps.every((s) => s.sustained)) {
    summary.notes.push('every message step was sustained: the node\'s limit is above the top rate; try higher ones with --rates');
  }
  for (const figure of [summary.logins, summary.idle, summary.messages]) {
    if (figure !== undefined && figure.node.error_log_lines > 0) {
      summary.notes.push(`the node logged ${figure.node.error_log_lines} error line(s), first: ${figure.node.first_error_line ?? ''}`);
    }
  }
  // Figures first, notes and errors last, whatever order they were filled in.
  const { notes, errors, ...figures } = summary;
  const json = JSON.stringify({ ...figures, notes, errors }, null, 2);
  const observer = summary.observer === undefined ? '' : `\n\n${formatObserverTable(summary.observer)}`;
  process.stdout.write(`${formatTable(summary)}${observer}\n\nJSON summary:\n${json}\n`);
  if (options.jsonFile !== undefined) writeFileSync(options.jsonFile, `${json}\n`);
  return summary.errors.length === 0 ? 0 : 1;
}
