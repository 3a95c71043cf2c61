import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ConsoleBackend } from '../core/service/console-backend.js';
import { APP_URL, runElectronShell, serveAppRequest } from './electron-shell.js';
import { FakeWindow, fakeElectron } from './fake-electron.js';
import { IPC } from './ipc-channels.js';

const rendererDir = mkdtempSync(join(tmpdir(), 'meerkat-renderer-'));
mkdirSync(join(rendererDir, 'assets'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Meerkat</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

const backend: ConsoleBackend = { request: async () => 'pong', subscribe: () => () => {} };
const flush = () => new Promise((r) => setTimeout(r, 0));

async function started() {
  const fake = fakeElectron();
  const close = vi.fn(async () => {});
  expect(runElectronShell(fake.electron, { rendererDir, preloadPath: '/app/preload.cjs', openCore: async () => ({ backend, close }), platform: 'linux' })).toBe(true);
  fake.app.ready!();
  await flush();
  await flush();
  return { ...fake, close, window: FakeWindow.created[0] };
}

describe('the Electron shell', () => {
  it('quits when another instance holds the lock, opening nothing', () => {
    const fake = fakeElectron({ lock: false });
    expect(runElectronShell(fake.electron, { rendererDir, preloadPath: 'p', openCore: async () => ({ backend, close: async () => {} }) })).toBe(false);
    expect(fake.app.quitCalls).toBe(1);
    expect(FakeWindow.created).toHaveLength(0);
  });

  it('opens one locked-down window on the app scheme with the preload', async () => {
    const { window, recorded, ipcMain } = await started();
    expect(FakeWindow.created).toHaveLength(1);
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: '/app/preload.cjs' });
    expect(window.loaded).toBe(APP_URL);
    expect(recorded.schemes).toEqual([{ scheme: 'meerkat', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(recorded.menu).toBeDefined();
    expect(ipcMain.handlers.has(IPC.request)).toBe(true);
  });

  it('denies navigation away, new windows, webviews and permission prompts', async () => {
    const { window, recorded } = await started();
    const navigate = (url: string) => {
      const event = { prevented: false, preventDefault: () => (event.prevented = true) };
      window.webContents.emit('will-navigate', event, url);
      return event.prevented;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('meerkat://app/index.html#/logs')).toBe(false);
    expect(window.webContents.openHandler!({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(window.webContents.openHandler!({ url: 'file:///x' })).toEqual({ action: 'deny' });
    await flush();
    expect(recorded.external).toEqual(['https://example.com/docs']);
    let granted: boolean | undefined;
    window.webContents.permission!(undefined, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    const webview = { prevented: false, preventDefault: () => (webview.prevented = true) };
    window.webContents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('stops the console core (and its local nodes) before quitting', async () => {
    const { app, close } = await started();
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    app.emit('before-quit', event);
    expect(event.prevented).toBe(true);
    await flush();
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitCalls).toBe(1);
    const again = { prevented: false, preventDefault: () => (again.prevented = true) };
    app.emit('before-quit', again);
    expect(again.prevented).toBe(false);
  });
});

describe('serveAppRequest', () => {
  it('serves the renderer with the CSP header', async () => {
    const res = await serveAppRequest(rendererDir, 'meerkat://app/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await (await serveAppRequest(rendererDir, 'meerkat://app/')).text()).toContain('<title>Meerkat');
  });

  it('refuses paths outside the renderer and other hosts', async () => {
    expect((await serveAppRequest(rendererDir, 'meerkat://app/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await serveAppRequest(rendererDir, 'meerkat://other/index.html')).status).toBe(404);
  });

  it('says how to build when the renderer is missing', async () => {
    const res = await serveAppRequest(join(rendererDir, 'nope'), 'meerkat://app/index.html');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
