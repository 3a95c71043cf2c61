// main/core, main/common and main/web run in plain Node (tests, browser mode) where loading
// 'electron' tries to download its binary and fails offline: only main/electron may import it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const mainDir = fileURLToPath(new URL('..', import.meta.url));
const ELECTRON_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]electron(?:\/[^'"]*)?['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(c|m)?ts$/.test(entry.name) ? [path] : [];
  });
}

describe('layering', () => {
  it('the pattern catches the ways to load electron', () => {
    for (const line of ["import { app } from 'electron';", "import * as e from 'electron'", "const e = require('electron')", "await import('electron')", "import 'electron/main'"]) {
      expect(line).toMatch(ELECTRON_IMPORT);
    }
    expect("import x from 'electron-builder'").not.toMatch(ELECTRON_IMPORT);
  });

  it('only main/electron imports electron', () => {
    const offenders = ['core', 'common', 'web'].flatMap((layer) => sources(join(mainDir, layer))).filter((file) => !file.endsWith('no-electron.test.ts') && ELECTRON_IMPORT.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
