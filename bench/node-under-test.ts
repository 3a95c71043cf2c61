// The chat node as the benches see it: a separate `meerkat-node start` process, pinned to CPU 0, whose
// JSON log lines tell when the c2s listener is ready and whose memory is read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { NODE_CLI, pinnedCommand, type BenchEnvironment } from './bench-environment.js';
import { cpusAllowed, openFilesLimit, residentKb } from './proc-stats.js';

const NODE_CPU = 0;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;
const LOG_TAIL = 40;

export interface NodeUnderTest {
  pid: number;
  port: number;
  openFilesLimit: number | undefined;
  cpusAllowed: string | undefined;
  /** Log lines at level error or fatal seen so far. */
  errorLines: string[];
  residentKb(): number;
  /** Stops the node with SIGTERM (SIGKILL after a timeout); returns the CPU profile written, if any. */
  stop(): Promise<string | undefined>;
  /** The last log lines and stderr, for error messages. */
  tail(): string;
}

export async function startNodeUnderTest(env: BenchEnvironment, opts: { label: string; profile: boolean }): Promise<NodeUnderTest> {
  const profileDir = join(env.dir, `cpu-profile-${opts.label}`);
  const nodeArgs = opts.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const [cmd, ...args] = pinnedCommand(env, NODE_CPU, [process.execPath, ...nodeArgs, NODE_CLI, 'start', '--config', env.configFile]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const errorLines: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > LOG_TAIL) tail.shift();
  };
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  createInterface({ input: child.stderr! }).on('line', (line) => remember(`stderr: ${line}`));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the node did not log listener_ready within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    let ready = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      remember(line);
      // pino levels: 50 error, 60 fatal. A substring test keeps the hot path free of JSON parsing.
      if (line.includes('"level":50') || line.includes('"level":60')) errorLines.push(line);
      if (ready || !line.includes('listener_ready')) return;
      try {
        const entry = JSON.parse(line) as { what?: string; listener?: string; port?: number };
        if (entry.what === 'listener_ready' && entry.listener === 'c2s' && typeof entry.port === 'number') {
          ready = true;
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        // Not a JSON line; kept in the tail only.
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`the node exited (code ${exited?.code}, signal ${exited?.signal}) before its c2s listener was ready`));
    });
  }).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\n${tail.join('\n')}`);
  });

  const pid = child.pid as number;
  return {
    pid,
    port,
    openFilesLimit: openFilesLimit(pid),
    cpusAllowed: cpusAllowed(pid),
    errorLines,
    residentKb() {
      const kb = residentKb(pid);
      if (kb === undefined) throw new Error(`cannot read VmRSS of the node (pid ${pid}): has it exited?\n${tail.join('\n')}`);
      return kb;
    },
    async stop() {
      if (exited === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exit;
        clearTimeout(timer);
      }
      if (!opts.profile || !existsSync(profileDir)) return undefined;
      const profile = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      return profile === undefined ? undefined : join(profileDir, profile);
    },
    tail: () => tail.join('\n'),
  };
}

export interface NodeRun<T> {
  result: T;
  node: { open_files_limit: number | null; cpus_allowed: string | null; error_log_lines: number; first_error_line?: string };
  profile: string | undefined;
}

/** Starts a fresh node, runs fn against it, and always stops it. */
export async function withNode<T>(
  env: BenchEnvironment,
  opts: { label: string; profile: boolean },
  fn: (node: NodeUnderTest) => Promise<T>,
): Promise<NodeRun<T>> {
  const node = await startNodeUnderTest(env, opts);
  let result: T;
  try {
    result = await fn(node);
  } catch (err) {
    await node.stop();
    throw err;
  }
  const profile = await node.stop();
  return {
    result,
    node: {
      open_files_limit: node.openFilesLimit ?? null,
      cpus_allowed: node.cpusAllowed ?? null,
      error_log_lines: node.errorLines.length,
      first_error_line: node.errorLines[0]?.slice(0, 1000),
    },
    profile,
  };
}
