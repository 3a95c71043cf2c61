// Bench 2: resident memory per idle connection. RSS of the node (VmRSS) is read before and after N
// clients have logged in, bound a resource and sent initial presence; the clients then stay silent.
// A short login/logout warm-up runs before the first reading so one-off costs (JIT code, SQLite page
// cache, lazily built tables) are not charged to the connections.
import { ACCOUNTS, DOMAIN, type BenchEnvironment } from './bench-environment.js';
import type { BenchSizes } from './bench-args.js';
import { TARGETS, type IdleFigure } from './bench-report.js';
import type { GeneratorProcess } from './generator-process.js';
import { withNode, type NodeRun } from './node-under-test.js';

const WARMUP_LOGINS = 200;
const SETTLE_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runIdleBench(
  env: BenchEnvironment,
  generator: GeneratorProcess,
  sizes: BenchSizes,
  profile: boolean,
  notes: string[],
): Promise<NodeRun<Omit<IdleFigure, 'node'>>> {
  return withNode(env, { label: 'idle', profile }, async (node) => {
    const needed = sizes.idleConnections + 64;
    if (node.openFilesLimit !== undefined && node.openFilesLimit < needed) {
      notes.push(`the node may open only ${node.openFilesLimit} files, fewer than the ${needed} the idle bench needs`);
    }
    const limit = generator.ready.open_files_limit;
    if (limit !== null && limit < needed) notes.push(`the load generator may open only ${limit} files, fewer than the ${needed} needed`);
    const target = { host: '127.0.0.1', port: node.port, domain: DOMAIN };
    const common = { target, mechanism: 'SCRAM-SHA-256' as const, timeoutMs: 60_000 };
    await generator.request(
      { cmd: 'logins', ...common, accounts: { ...ACCOUNTS, first: 0, count: Math.min(WARMUP_LOGINS, sizes.idleConnections) }, concurrency: 20 },
      'logins',
      120_000,
    );
    await sleep(SETTLE_MS);
    const before = node.residentKb();
    process.stderr.write(`bench: node RSS ${before} KB; opening ${sizes.idleConnections} idle connections…\n`);
    const opened = await generator.request(
      { cmd: 'open_idle', ...common, accounts: { ...ACCOUNTS, first: 0, count: sizes.idleConnections }, concurrency: sizes.idleConcurrency },
      'idle_opened',
      300_000 + sizes.idleConnections * 20,
    );
    await sleep(SETTLE_MS);
    const after = node.residentKb();
    process.stderr.write(`bench: node RSS ${after} KB with ${opened.opened} idle connections; closing them…\n`);
    const closed = await generator.request({ cmd: 'close_idle' }, 'idle_closed', 120_000);
    if (opened.opened === 0) throw new Error(`no idle connection could be opened: ${opened.first_error ?? 'no error recorded'}`);
    const perConnection = (after - before) / opened.opened;
    return {
      connections: opened.opened,
      failed: opened.failed,
      first_error: opened.first_error,
      dropped: closed.dropped,
      open_seconds: opened.seconds,
      rss_before_kb: before,
      rss_after_kb: after,
      kb_per_connection: Math.round(perConnection * 100) / 100,
      meets_target: opened.failed === 0 && closed.dropped === 0 && perConnection <= TARGETS.idle_kb_per_connection,
    };
  });
}
