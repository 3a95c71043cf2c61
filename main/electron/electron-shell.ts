// The desktop shell, written against the few Electron APIs it uses (passed in, so tests drive it
// with a fake): one instance only, the app page served from the built renderer over a private
// meerkat:// scheme with a strict CSP header, a locked-down window (contextIsolation, sandbox, no
// Node in the page, no navigation away, no new windows, no permissions), a small menu, and the
// console core behind IPC. Quitting stops the local nodes first.
import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy } from '../common/content-security-policy.js';
import type { ConsoleBackend } from '../core/service/console-backend.js';
import { contentType, NOT_BUILT_PAGE, resolveAsset } from '../web/static-files.js';
import { registerConsoleIpc, type IpcMainLike } from './ipc-bridge.js';
import { menuTemplate, type MenuItemSpec } from './app-menu.js';

export const APP_SCHEME = 'meerkat';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export interface WebContentsLike {
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  session: { setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void };
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
}

export interface WebPreferencesSpec {
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  webSecurity: boolean;
  webviewTag: boolean;
  spellcheck: boolean;
  preload: string;
}

export interface BrowserWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: WebPreferencesSpec;
}

export interface ElectronLike {
  app: {
    requestSingleInstanceLock(): boolean;
    quit(): void;
    exit(code?: number): void;
    whenReady(): Promise<unknown>;
    on(event: 'second-instance' | 'window-all-closed', listener: () => void): unknown;
    on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
    readonly name: string;
  };
  BrowserWindow: new (options: BrowserWindowOptions) => BrowserWindowLike;
  Menu: { buildFromTemplate(template: MenuItemSpec[]): unknown; setApplicationMenu(menu: unknown): void };
  ipcMain: IpcMainLike;
  protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void;
  };
  shell: { openExternal(url: string): Promise<void> };
}

export interface ShellCore {
  backend: ConsoleBackend;
  close(): Promise<void>;
}

export interface ShellOptions {
  rendererDir: string;
  /** The built preload (dist/main/electron/preload.cjs). */
  preloadPath: string;
  openCore(): Promise<ShellCore>;
  platform?: NodeJS.Platform;
  report?: (line: string) => void;
}

export const WEB_PREFERENCES = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, spellcheck: false } as const;

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/** Serves meerkat://app/<path> from the renderer folder, with the CSP on every answer. */
export async function serveAppRequest(rendererDir: string, url: string): Promise<Response> {
  const headers = { 'content-security-policy': contentSecurityPolicy(), 'x-content-type-options': 'nosniff' };
  const parsed = new URL(url);
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== 'app') return new Response('not found', { status: 404, headers });
  const pathname = parsed.pathname;
  const file = resolveAsset(rendererDir, pathname === '/' ? '/index.html' : pathname);
  if (file === undefined) {
    const index = resolveAsset(rendererDir, '/index.html');
    if (index === undefined) return new Response(NOT_BUILT_PAGE, { status: 503, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
    return new Response('not found', { status: 404, headers });
  }
  return new Response(await readFile(file), { status: 200, headers: { ...headers, 'content-type': contentType(file) } });
}

/** Runs the desktop app. Returns false when another instance already runs (this one quits). */
export function runElectronShell(electron: ElectronLike, options: ShellOptions): boolean {
  const { app, BrowserWindow, Menu, ipcMain, protocol, shell } = electron;
  const report = options.report ?? ((line: string) => process.stderr.write(`meerkat: ${line}\n`));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

  let window: BrowserWindowLike | undefined;
  let core: ShellCore | undefined;
  let unregister: (() => void) | undefined;
  let quitting = false;

  const createWindow = (): BrowserWindowLike => {
    const win = new BrowserWindow({
      width: 1440,
      height: 900,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Meerkat',
      backgroundColor: '#0f1115',
      webPreferences: { ...WEB_PREFERENCES, preload: options.preloadPath },
    });
    const contents = win.webContents;
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links out (docs) open in the user's browser, never in an app window.
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    win.once('ready-to-show', () => win.show());
    void win.loadURL(APP_URL);
    return win;
  };

  app.on('second-instance', () => {
    if (window === undefined) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quitting || core === undefined) return;
    // Stop the local nodes before the process goes: they are this app's children.
    event.preventDefault();
    quitting = true;
    unregister?.();
    core.close().then(
      () => app.quit(),
      (error: unknown) => {
        report(`stopping the console core failed: ${(error as Error).message}`);
        app.exit(1);
      },
    );
  });

  void app.whenReady().then(async () => {
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(options.rendererDir, request.url));
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options.platform ?? process.platform)));
    try {
      core = await options.openCore();
    } catch (error) {
      report(`the console core failed to start: ${(error as Error).message}`);
      app.exit(1);
      return;
    }
    unregister = registerConsoleIpc(ipcMain, core.backend, isAppUrl);
    window = createWindow();
  });
  return true;
}
