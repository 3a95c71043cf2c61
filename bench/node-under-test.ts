// The chat node as the benches see it: a separate `meerkat-node start` process, pinned to CPU 0, whose
// JSON log lines tell when the c2s listener is ready and whose memory is read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
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

export interface NodeStartOptions {
  label: string;
  profile: boolean;
  /** Another config than the environment's (the observer bench runs its on and off configs). */
  configFile?: string;
  /**
   * The c2s port the config names: readiness is then a successful connect to it instead of the
   * listener_ready line, which a node at loglevel "error" does not write.
   */
  readyPort?: number;
}

/** Resolves once 127.0.0.1:port accepts a connection (the probe is closed at once). */
function portAccepting(port: number, stopped: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const attempt = () => {
      if (stopped()) return;
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startNodeUnderTest(env: BenchEnvironment, opts: NodeStartOptions): Promise<NodeUnderTest> {
  const profileDir = join(env.dir, `cpu-profile-${opts.label}`);
  const nodeArgs = [...(opts.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), ...env.nodeFlags];
  const configFile = opts.configFile ?? env.configFile;
  const [cmd, ...args] = pinnedCommand(env, NODE_CPU, [process.execPath, ...nodeArgs, NODE_CLI, 'start', '--config', configFile]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // What flags such as --trace-gc print goes to stdout among the log lines: kept apart, in a file.
  const output = env.nodeFlags.length > 0 ? createWriteStream(join(env.dir, `node-output-${opts.label}.txt`), { flags: 'a' }) : undefined;
  if (output !== undefined) child.stdout!.once('end', () => output.end());
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
    const awaited = opts.readyPort === undefined ? 'log listener_ready' : `accept connections on port ${opts.readyPort}`;
    const timer = setTimeout(() => reject(new Error(`the node did not ${awaited} within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    let ready = false;
    const readyPort = opts.readyPort;
    if (readyPort !== undefined) {
      void portAccepting(readyPort, () => exited !== undefined).then(() => {
        ready = true;
        clearTimeout(timer);
        resolve(readyPort);
      });
    }
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (output !== undefined && !line.startsWith('{')) {
        output.write(`${line}\n`);
        return;
      }
      remember(line);
      // pino levels: 50 error, 60 fatal. A substring test keeps the hot path free of JSON parsing.
      if (line.includes('"level":50') || line.includes('"level":60')) errorLines.push(line);
      if (ready || readyPort !== undefined || !line.includes('listener_ready')) return;
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
  opts: NodeStartOptions,
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
