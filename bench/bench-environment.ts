// What every part shares: a temporary folder with the node's config and database, the bench accounts
// (imported once with `meerkat-node user import`), and whether processes can be pinned to a CPU.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { AccountRange } from './load/generator-protocol.js';

/** The repository root, whether this file runs compiled (dist/bench/) or from source (bench/). */
export const REPO_ROOT = [new URL('../../', import.meta.url), new URL('../', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'meerkat-node.js'))) as string;
export const NODE_CLI = join(REPO_ROOT, 'bin', 'meerkat-node.js');
export const DOMAIN = 'localhost';
/** Every bench account is bench<n>@localhost with password pw-<n>. */
export const ACCOUNTS: Omit<AccountRange, 'first' | 'count'> = { prefix: 'bench', passwordPrefix: 'pw-' };

export interface BenchEnvironment {
  dir: string;
  configFile: string;
  port: number;
  /** taskset(1) is installed and the machine has a CPU 0 and a CPU 1. */
  pinning: boolean;
  pinningNote: string | undefined;
  cpus: number;
  cpuModel: string;
  accountsImported: number;
  importSeconds: number;
  /** Extra node/V8 flags for every node under test (--node-flags). */
  nodeFlags: readonly string[];
  cleanup(): void;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function nodeConfig(dataDir: string, port: number): string {
  // No [modules.*] section: the node then runs every module with its defaults, like a default install.
  return `# Written by the bench (bench/bench-environment.ts).
[general]
hosts = ["${DOMAIN}"]
node_name = "bench"
data_dir = ${JSON.stringify(dataDir)}
loglevel = "info"

[listen.c2s]
port = ${port}
host = "127.0.0.1"
tls_mode = "none"

[auth]
scram_iterations = 4096

[c2s]
max_mailbox = 1000000
`;
}

function checkPinning(parallelism: number): string | undefined {
  const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) return 'taskset is not available: node and load generator are not pinned to CPUs';
  if (parallelism < 2) return `only ${parallelism} CPU available: node and load generator share it`;
  return undefined;
}

function runCli(args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NODE_CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function prepareEnvironment(accounts: number, keep: boolean, nodeFlags: readonly string[] = []): Promise<BenchEnvironment> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'embedded-server', 'cli', 'main.js'))) {
    throw new Error('dist/embedded-server is missing: run `npm run build` first');
  }
  const dir = mkdtempSync(join(tmpdir(), 'meerkat-bench-'));
  const cleanup = () => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freeLoopbackPort();
    const configFile = join(dir, 'node.toml');
    writeFileSync(configFile, nodeConfig(join(dir, 'data'), port));
    const usersFile = join(dir, 'users.csv');
    const lines: string[] = [];
    for (let i = 0; i < accounts; i++) lines.push(`${ACCOUNTS.prefix}${i}@${DOMAIN},${ACCOUNTS.passwordPrefix}${i}`);
    writeFileSync(usersFile, `${lines.join('\n')}\n`);
    process.stderr.write(`bench: importing ${accounts} accounts (PBKDF2 for SCRAM-SHA-1 and -256 each)…\n`);
    const started = performance.now();
    const result = await runCli(['user', 'import', usersFile, '--config', configFile], 15 * 60_000);
    if (result.code !== 0) throw new Error(`meerkat-node user import failed (exit ${result.code}): ${result.stderr.trim().slice(-2000)}`);
    const parallelism = availableParallelism();
    const pinningNote = checkPinning(parallelism);
    return {
      dir,
      configFile,
      port,
      pinning: pinningNote === undefined,
      pinningNote,
      cpus: parallelism,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      accountsImported: accounts,
      importSeconds: Math.round(performance.now() - started) / 1000,
      nodeFlags,
      cleanup,
    };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/**
 * argv that runs `command` pinned to `cpu` (when pinning works) with the open-files limit raised as
 * far as the hard limit allows: 10,000 loopback connections need 10,000 descriptors on each side.
 */
export function pinnedCommand(env: Pick<BenchEnvironment, 'pinning'>, cpu: number, command: string[]): string[] {
  const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"';
  const pinned = env.pinning ? ['taskset', '-c', String(cpu), ...command] : command;
  return ['sh', '-c', script, 'sh', ...pinned];
}
