// Bench 1: SCRAM-SHA-256 logins per second. Each login is a fresh TCP connection: stream, SASL
// SCRAM-SHA-256, restart, bind, then disconnect, with a bounded number in flight. A first, untimed pass
// over the same accounts fills the generator's SaltedPassword cache (and warms the node's JIT); the
// second pass is the measured one.
import { ACCOUNTS, DOMAIN, type BenchEnvironment } from './bench-environment.js';
import type { BenchSizes } from './bench-args.js';
import { TARGETS, type LoginsFigure } from './bench-report.js';
import type { GeneratorProcess } from './generator-process.js';
import type { LoginsCommand, LoginsReply } from './load/generator-protocol.js';
import { withNode, type NodeRun } from './node-under-test.js';

const DISTURBED_ABOVE_PCT = 10;
const MAX_ATTEMPTS = 3;

export async function runLoginsBench(
  env: BenchEnvironment,
  generator: GeneratorProcess,
  sizes: BenchSizes,
  profile: boolean,
): Promise<NodeRun<Omit<LoginsFigure, 'node'>>> {
  return withNode(env, { label: 'logins', profile }, async (node) => {
    const command: LoginsCommand = {
      cmd: 'logins',
      target: { host: '127.0.0.1', port: node.port, domain: DOMAIN },
      accounts: { ...ACCOUNTS, first: 0, count: sizes.logins },
      concurrency: sizes.loginConcurrency,
      mechanism: 'SCRAM-SHA-256',
      timeoutMs: 30_000,
      nodePid: node.pid,
    };
    // Generous: the warm-up pass may run PBKDF2 once per account in the generator (~1 ms each).
    const timeoutMs = 120_000 + sizes.logins * 20;
    process.stderr.write(`bench: logins warm-up pass (${sizes.logins} accounts)…\n`);
    const warmup = await generator.request(command, 'logins', timeoutMs);
    if (warmup.succeeded === 0) throw new Error(`no login succeeded: ${warmup.first_error ?? 'no error recorded'}`);
    // On a shared machine another job's burst can halve the figure: a pass during which other
    // processes took more than 10% of a CPU is repeated (3 passes at most), the least disturbed kept.
    let measured: LoginsReply | undefined;
    let attempts = 0;
    while (attempts < MAX_ATTEMPTS && (measured === undefined || (measured.cpu.other_cpu_pct ?? 0) > DISTURBED_ABOVE_PCT)) {
      attempts++;
      process.stderr.write(`bench: logins measured pass${attempts > 1 ? ` (attempt ${attempts}: the last was disturbed)` : ''}…\n`);
      const pass = await generator.request(command, 'logins', timeoutMs);
      if (measured === undefined || (pass.cpu.other_cpu_pct ?? 0) < (measured.cpu.other_cpu_pct ?? 0)) measured = pass;
    }
    if (measured === undefined) throw new Error('no measured login pass ran');
    return {
      accounts: sizes.logins,
      concurrency: sizes.loginConcurrency,
      mechanism: command.mechanism,
      logins_per_s: measured.logins_per_s,
      latency: measured.latency,
      failed: measured.failed,
      first_error: measured.first_error,
      seconds: measured.seconds,
      warmup_logins_per_s: warmup.logins_per_s,
      pbkdf2_runs_in_generator: measured.pbkdf2_runs,
      cpu: measured.cpu,
      attempts,
      meets_target: measured.failed === 0 && measured.logins_per_s >= TARGETS.logins_per_s,
    };
  });
}
