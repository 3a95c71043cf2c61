import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.js';

let root: string | undefined;
afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A fake project with node_modules/electron laid out like the real package. */
function project(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'meerkat-electron-'));
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), "throw new Error('must not be required');");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(pkg, name), text);
  return pathToFileURL(join(root, 'app.js')).href;
}

describe('findElectronBinary', () => {
  it('finds the binary named by path.txt under dist/', () => {
    const from = project({ 'path.txt': 'electron', 'dist/electron': '' });
    expect(findElectronBinary({ resolveFrom: from, env: {} })).toEqual({ found: true, path: join(root!, 'node_modules', 'electron', 'dist', 'electron') });
  });

  it('reports a package whose binary was never downloaded, without requiring it', () => {
    const from = project({});
    const result = findElectronBinary({ resolveFrom: from, env: {} });
    expect(result.found).toBe(false);
    const withPath = project({ 'path.txt': 'electron' });
    expect(findElectronBinary({ resolveFrom: withPath, env: {} })).toMatchObject({ found: false, reason: expect.stringContaining('no Electron binary') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const from = project({ 'path.txt': 'electron' });
    const dist = join(root!, 'custom');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectronBinary({ resolveFrom: from, env: { ELECTRON_OVERRIDE_DIST_PATH: dist } })).toEqual({ found: true, path: join(dist, 'electron') });
  });

  it('says so when the electron package is not installed', () => {
    root = mkdtempSync(join(tmpdir(), 'meerkat-electron-'));
    expect(findElectronBinary({ resolveFrom: pathToFileURL(join(root, 'app.js')).href, env: {} })).toMatchObject({ found: false });
  });
});
