import { describe, expect, it } from 'vitest';
import { consoleDataDir } from './app-data-dir.js';

describe('consoleDataDir', () => {
  it('follows XDG_DATA_HOME on Linux and falls back to ~/.local/share', () => {
    expect(consoleDataDir({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', home: '/home/a' })).toBe('/xdg/meerkat');
    expect(consoleDataDir({ env: {}, platform: 'linux', home: '/home/a' })).toBe('/home/a/.local/share/meerkat');
    expect(consoleDataDir({ env: { XDG_DATA_HOME: 'relative' }, platform: 'linux', home: '/home/a' })).toBe('/home/a/.local/share/meerkat');
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(consoleDataDir({ env: {}, platform: 'darwin', home: '/Users/a' })).toBe('/Users/a/Library/Application Support/Meerkat');
    expect(consoleDataDir({ env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\a' })).toBe(
      'C:\\Users\\a\\AppData\\Roaming\\Meerkat',
    );
  });

  it('lets MEERKAT_DATA_DIR override every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(consoleDataDir({ env: { MEERKAT_DATA_DIR: '/tmp/m', XDG_DATA_HOME: '/xdg' }, platform, home: '/h' })).toBe('/tmp/m');
    }
  });
});
