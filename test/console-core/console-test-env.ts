// Shared set-up of the console-core integration tests: a throw-away console data folder and the
// compiled node CLI (run `npm run build` first; the tests say so when it is missing).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPackageRoot } from '../../main/core/local/node-launcher.js';

export function requireBuiltNode(): void {
  const entry = join(findPackageRoot(), 'dist', 'embedded-server', 'cli', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` before the console-core tests`);
}

export interface TempDir {
  path: string;
  remove(): void;
}

export function tempConsoleDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'meerkat-console-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
