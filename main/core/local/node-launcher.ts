// How a local node process is started. In the console, in tests and in browser mode that is a
// plain Node running bin/meerkat-node.js (production-identical ABI for better-sqlite3); inside
// Electron, process.execPath is Electron itself, so a real `node` is used (TECH-NOTES §1).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NodeLauncher {
  /** Runs `meerkat-node <args>`; stdout and stderr are pipes. */
  spawn(args: readonly string[]): ChildProcess;
  /** Runs `meerkat-node <args>` to completion (user commands). */
  run(args: readonly string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** The Meerkat checkout or install: the folder whose package.json is named "meerkat". */
export function findPackageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'meerkat') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Meerkat package folder above ${from}`);
    dir = parent;
  }
}

export function defaultNodeBinary(env: Record<string, string | undefined> = process.env): string {
  if (env.MEERKAT_NODE_BINARY !== undefined && env.MEERKAT_NODE_BINARY !== '') return env.MEERKAT_NODE_BINARY;
  return process.versions.electron === undefined ? process.execPath : 'node';
}

export interface PlainNodeLauncherOptions {
  nodeBinary?: string;
  /** bin/meerkat-node.js */
  cliPath?: string;
  env?: NodeJS.ProcessEnv;
}

export function plainNodeLauncher(opts: PlainNodeLauncherOptions = {}): NodeLauncher {
  const nodeBinary = opts.nodeBinary ?? defaultNodeBinary();
  const cliPath = opts.cliPath ?? join(findPackageRoot(), 'bin', 'meerkat-node.js');
  const env = { ...(opts.env ?? process.env) };
  // A console started under Electron must not pass its run-as-node switch to the node.
  delete env.ELECTRON_RUN_AS_NODE;
  // Own process group (POSIX): a Ctrl-C in the console's terminal must not reach the nodes directly,
  // or the console's own SIGTERM would land as a second signal and force an unclean exit.
  const detached = process.platform !== 'win32';
  const launch = (args: readonly string[]) => spawn(nodeBinary, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env, windowsHide: true, detached });
  return {
    spawn: launch,
    run(args, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const child = launch(args);
        let stdout = '';
        let stderr = '';
        child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
      });
    },
  };
}
