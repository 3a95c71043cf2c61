// The observer bench's two nodes: one config per mode (everything on, everything off), each node on
// its own copy of the imported accounts, both pinned to CPU 0 and run side by side, one loaded at a
// time while the other idles.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObservedFeature } from './bench-args.js';
import { DOMAIN, freeLoopbackPort, type BenchEnvironment } from './bench-environment.js';
import { startNodeUnderTest, type NodeUnderTest } from './node-under-test.js';
import type { ObserverMode } from './observer-report.js';
import { setNice } from './process-priority.js';

/**
 * Nice value of both nodes and of the generator during this part: the machine is shared, and a
 * higher priority keeps other jobs' bursts from taking CPU 0 or 1 in the middle of a step.
 */
export const BENCH_NICE = -10;

function nodeConfig(mode: ObserverMode, offFeatures: readonly ObservedFeature[], dataDir: string, c2sPort: number, adminPort: number): string {
  // "on" spells out the defaults so the file documents what is measured; "off" turns off all that
  // can be (or only the features named by --observer-off).
  const has = (feature: ObservedFeature) => mode === 'on' || !offFeatures.includes(feature);
  const what = mode === 'on' ? 'everything on' : `off: ${offFeatures.join(', ')}`;
  return `# Written by the observer bench (bench/observer-bench.ts): ${what}.
[general]
hosts = ["${DOMAIN}"]
node_name = "bench-${mode}"
data_dir = ${JSON.stringify(dataDir)}
loglevel = "${has('logging') ? 'info' : 'error'}"

[listen.c2s]
port = ${c2sPort}
host = "127.0.0.1"
tls_mode = "none"
${has('admin') ? `\n[listen.admin]\nport = ${adminPort}\nhost = "127.0.0.1"\n` : ''}
[auth]
scram_iterations = 4096

[c2s]
max_mailbox = 1000000

[log]
stdout = true

[metrics]
enabled = ${has('metrics')}

[tracing]
enabled = ${has('tracing')}
sample_ratio = 0.01
detail = "sampled"
slow_threshold_ms = 50
max_kept_per_s = 200
max_sampled_per_s = 10
`;
}

/** The "on" node's tail-sampling counters (GET /api/traces/stats), to see what keeping traces cost in a step. */
export interface TracingCounters {
  kept: Record<string, number>;
  dropped: Record<string, number>;
  openTraces: number;
}

export type ModeNode = NodeUnderTest & { tracingCounters(): Promise<TracingCounters | undefined> };

async function startModeNode(env: BenchEnvironment, mode: ObserverMode, offFeatures: readonly ObservedFeature[], profile: boolean): Promise<{ node: ModeNode; config: string }> {
  // Each node gets its own copy of the imported accounts: two processes never share one SQLite file.
  const dataDir = join(env.dir, `data-observer-${mode}`);
  cpSync(join(env.dir, 'data'), dataDir, { recursive: true });
  const port = await freeLoopbackPort();
  const adminPort = await freeLoopbackPort();
  const config = nodeConfig(mode, offFeatures, dataDir, port, adminPort);
  const configFile = join(env.dir, `observer-${mode}.toml`);
  writeFileSync(configFile, config);
  const node = await startNodeUnderTest(env, { label: `observer-${mode}`, profile, configFile, readyPort: port });
  const tracingCounters = async (): Promise<TracingCounters | undefined> => {
    if (mode !== 'on') return undefined;
    try {
      const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
      const res = await fetch(`http://127.0.0.1:${adminPort}/api/traces/stats`, { headers: { authorization: `Bearer ${token}` } });
      return res.ok ? ((await res.json()) as TracingCounters) : undefined;
    } catch {
      return undefined;
    }
  };
  return { node: Object.assign(node, { tracingCounters }), config };
}

/**
 * Starts both nodes, runs fn, and always stops them; returns fn's result and the CPU profiles, if any.
 * `renew` (not with profiles) stops both nodes and starts two fresh processes in their place, in the
 * same `nodes` record: how much a node costs a message varies from one process to the next (JIT and
 * heap histories), so a figure pooled over several pairs of processes is a figure of the code.
 */
export async function withModeNodes<T>(
  opts: { env: BenchEnvironment; generatorPid: number; profile: boolean; offFeatures: readonly ObservedFeature[] },
  fn: (nodes: Record<ObserverMode, ModeNode>, config: Record<ObserverMode, string>, renew: () => Promise<void>) => Promise<T>,
): Promise<{ result: T; profiles: Partial<Record<ObserverMode, string>>; reniced: boolean }> {
  const nodes: Partial<Record<ObserverMode, ModeNode>> = {};
  const config = {} as Record<ObserverMode, string>;
  const { generatorPid } = opts;
  let reniced = true;
  const start = async () => {
    for (const mode of ['on', 'off'] as const) ({ node: nodes[mode], config: config[mode] } = await startModeNode(opts.env, mode, opts.offFeatures, opts.profile));
    const { on, off } = nodes as Record<ObserverMode, ModeNode>;
    // Not && chained: each is tried, and the figure says whether all three took.
    reniced = [on.pid, off.pid, generatorPid].map((pid) => setNice(pid, BENCH_NICE)).every(Boolean) && reniced;
  };
  const renew = async () => {
    if (opts.profile) throw new Error('nodes under a profiler are not renewed: their profiles would cover part of the run');
    await Promise.all([nodes.on?.stop(), nodes.off?.stop()]);
    await start();
  };
  try {
    await start();
    const all = nodes as Record<ObserverMode, ModeNode>;
    const result = await fn(all, config, renew);
    return { result, profiles: { on: await all.on.stop(), off: await all.off.stop() }, reniced };
  } finally {
    // The generator serves the parts after this one at the priority it had before.
    setNice(generatorPid, 0);
    await Promise.all([nodes.on?.stop(), nodes.off?.stop()]);
  }
}
