#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is on this machine, else the same console in
// the browser (one line says why). Arguments after `--` go to the browser mode (e.g. --port 4000).
// Never requires 'electron': that would try to download the binary (see main/electron/electron-binary.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = new URL('../dist/main/electron/electron-binary.js', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write('meerkat: the console is not built (dist/main is missing). Run `npm run build` first.\n');
  process.exit(1);
}

const { findElectronBinary } = await import(built.href);
const electron = findElectronBinary();
if (electron.found) {
  const child = spawn(electron.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
} else {
  process.stdout.write('Electron is not installed on this machine; serving the console in your browser instead\n');
  const { main } = await import(new URL('../dist/main/web/serve.js', import.meta.url).href);
  await main(process.argv.slice(2));
}
