// Bench 3: the highest sustained 1:1 message rate. P senders send to P receivers' bare JIDs at a stepped
// offered rate; a step is sustained when delivered/s ≥ 97% of offered and p99 latency < 50 ms. The
// steps stop at the first one that is not sustained.
import { ACCOUNTS, DOMAIN, type BenchEnvironment } from './bench-environment.js';
import type { BenchSizes } from './bench-args.js';
import { TARGETS, type MessagesFigure } from './bench-report.js';
import type { GeneratorProcess } from './generator-process.js';
import type { MessagesCommand } from './load/generator-protocol.js';
import { withNode, type NodeRun } from './node-under-test.js';

const TICK_MS = 10;
const DRAIN_MS = 3000;
/** A failed step during which other processes took more than this share of a CPU is run again… */
const DISTURBED_ABOVE_PCT = 10;
/** …up to this many times in all. */
const MAX_ATTEMPTS = 3;

export async function runMessagesBench(
  env: BenchEnvironment,
  generator: GeneratorProcess,
  sizes: BenchSizes,
  profile: boolean,
): Promise<NodeRun<Omit<MessagesFigure, 'node'>>> {
  return withNode(env, { label: 'messages', profile }, async (node) => {
    const command: MessagesCommand = {
      cmd: 'messages',
      target: { host: '127.0.0.1', port: node.port, domain: DOMAIN },
      senders: { ...ACCOUNTS, first: 0, count: sizes.pairs },
      receivers: { ...ACCOUNTS, first: sizes.pairs, count: sizes.pairs },
      mechanism: 'SCRAM-SHA-256',
      rates: sizes.rates,
      stepSeconds: sizes.stepSeconds,
      warmupSeconds: sizes.warmupSeconds,
      tickMs: TICK_MS,
      drainMs: DRAIN_MS,
      sustainedRatio: 0.97,
      sustainedP99Ms: TARGETS.p99_ms,
      disturbedAbovePct: DISTURBED_ABOVE_PCT,
      maxAttempts: MAX_ATTEMPTS,
      nodePid: node.pid,
    };
    const budgetSeconds = sizes.warmupSeconds + MAX_ATTEMPTS * sizes.rates.length * (sizes.stepSeconds + DRAIN_MS / 1000 + 1);
    process.stderr.write(`bench: message steps ${sizes.rates.join(', ')} msgs/s, ${sizes.stepSeconds} s each…\n`);
    const reply = await generator.request(command, 'messages', (budgetSeconds + 180) * 1000);
    const best = reply.steps.filter((s) => s.sustained).sort((a, b) => b.offered_per_s - a.offered_per_s)[0];
    return {
      pairs: reply.pairs,
      step_seconds: reply.step_seconds,
      steps: reply.steps,
      highest_sustained_per_s: reply.highest_sustained_per_s,
      p50_ms_at_highest: best?.latency.p50_ms ?? null,
      p99_ms_at_highest: best?.latency.p99_ms ?? null,
      connections_dropped: reply.connections_dropped,
      meets_target: reply.highest_sustained_per_s >= TARGETS.sustained_msgs_per_s,
    };
  });
}
