// Electron's entry point (package.json "main"): the only module loaded with the real electron
// module. Everything else takes Electron as a parameter (electron-shell.ts) or never sees it.
// Local nodes run under a real `node` (MEERKAT_NODE_BINARY, else the one on PATH), not Electron's.
// eslint-disable-next-line no-restricted-syntax -- main/electron is the one place that imports electron
import * as electron from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageRoot } from '../core/local/node-launcher.js';
import { ConsoleCore } from '../core/service/console-core.js';
import { runElectronShell, type ElectronLike } from './electron-shell.js';

const here = fileURLToPath(new URL('.', import.meta.url));

runElectronShell(electron satisfies ElectronLike, {
  rendererDir: join(findPackageRoot(), 'out', 'renderer'),
  preloadPath: join(here, 'preload.cjs'),
  openCore: () => ConsoleCore.open({ mode: 'electron' }),
});
