// Where the console keeps its local nodes: the user's app-data folder, per platform conventions
// (XDG on Linux, Application Support on macOS, %APPDATA% on Windows). MEERKAT_DATA_DIR overrides it,
// so tests and scripts never touch the real one.
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

export interface DataDirInputs {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
}

export function consoleDataDir(inputs: DataDirInputs = { env: process.env, platform: process.platform, home: homedir() }): string {
  const { env, platform, home } = inputs;
  if (env.MEERKAT_DATA_DIR !== undefined && env.MEERKAT_DATA_DIR !== '') return env.MEERKAT_DATA_DIR;
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Meerkat');
    case 'win32':
      return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), 'Meerkat');
    default: {
      const xdg = env.XDG_DATA_HOME;
      // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
      const base = xdg !== undefined && xdg.startsWith('/') ? xdg : join(home, '.local', 'share');
      return join(base, 'meerkat');
    }
  }
}
