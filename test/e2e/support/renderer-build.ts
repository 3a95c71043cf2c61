// Makes sure out/renderer holds a build of the current renderer sources before a UI test serves
// it: builds with Vite (the project's vite.config.ts) when the build is missing or older than any
// source file.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const RENDERER_OUT = join(REPO, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Test files run in parallel processes: one builds while the others wait for it. */
async function withBuildLock<T>(run: () => Promise<T>): Promise<T> {
  const lock = join(REPO, 'out', '.renderer-build.lock');
  mkdirSync(join(REPO, 'out'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than five minutes belongs to a build that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function ensureRendererBuild(): Promise<string> {
  return withBuildLock(buildIfStale);
}

async function buildIfStale(): Promise<string> {
  const index = join(RENDERER_OUT, 'index.html');
  const sources = Math.max(newestMtime(join(REPO, 'renderer')), newestMtime(join(REPO, 'main', 'common')), statSync(join(REPO, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return RENDERER_OUT;
  const { build } = await import('vite');
  await build({ configFile: join(REPO, 'vite.config.ts'), logLevel: 'warn' });
  return RENDERER_OUT;
}
