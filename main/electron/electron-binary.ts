// Where the Electron binary is, found the way the electron package's index.js finds it (path.txt
// beside it, the binary under dist/, ELECTRON_OVERRIDE_DIST_PATH) but WITHOUT requiring 'electron':
// since Electron 42 requiring it downloads the binary when missing, which fails offline. Plain fs
// only, so `npm start` can decide between the desktop app and the browser mode.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(options: { resolveFrom?: string; env?: Record<string, string | undefined> } = {}): ElectronBinary {
  const env = options.env ?? process.env;
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(options.resolveFrom ?? import.meta.url).resolve('electron'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH !== undefined && env.ELECTRON_OVERRIDE_DIST_PATH !== '') {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return existsSync(path) ? { found: true, path } : { found: false, reason: `no Electron binary at ${path}` };
  }
  if (relative === undefined || relative === '') return { found: false, reason: 'the Electron binary was never downloaded (no path.txt)' };
  const path = join(packageDir, 'dist', relative);
  return existsSync(path) ? { found: true, path } : { found: false, reason: `no Electron binary at ${path}` };
}
