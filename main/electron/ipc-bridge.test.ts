import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConsoleCallError } from '../common/console-errors.js';
import type { ConsoleBackend, StreamSink } from '../core/service/console-backend.js';
import { FakeIpcMain, FakeSender } from './fake-electron.js';
import { registerConsoleIpc } from './ipc-bridge.js';
import { IPC } from './ipc-channels.js';

const APP = 'meerkat://app/index.html';

function setup() {
  const sinks = new Map<string, StreamSink<unknown>>();
  let stopped = 0;
  const backend: ConsoleBackend = {
    async request(name, payload) {
      if (name === 'nodes.get') throw new ConsoleCallError({ code: 'not_found', message: 'no node x' });
      return { name, payload };
    },
    subscribe(name, _filter, sink) {
      if (name !== 'nodes.changed') throw new ConsoleCallError({ code: 'unknown_channel', message: `no stream channel ${String(name)}` });
      sinks.set(String(name), sink);
      return () => stopped++;
    },
  };
  const ipcMain = new FakeIpcMain();
  const unregister = registerConsoleIpc(ipcMain, backend, (url) => url.startsWith('meerkat://app/'));
  return { ipcMain, sinks, unregister, stopped: () => stopped };
}

describe('console IPC bridge', () => {
  it('answers requests with coded outcomes, only to the app page', async () => {
    const { ipcMain } = setup();
    const sender = new FakeSender(1);
    const invoke = (url: string, ...args: unknown[]) => ipcMain.handlers.get(IPC.request)!({ sender, senderFrame: { url } }, ...args);
    expect(await invoke(APP, 'nodes.list', undefined)).toEqual({ ok: true, res: { name: 'nodes.list', payload: undefined } });
    expect(await invoke(APP, 'nodes.get', { nodeId: 'x' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no node x' } });
    expect(await invoke('https://evil.example/', 'nodes.list')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('streams events to the subscribing page and ends them with it', () => {
    const { ipcMain, sinks, stopped } = setup();
    const page = new FakeSender(7);
    const event = { sender: page, senderFrame: { url: APP } };
    ipcMain.ons.get(IPC.subscribe)!(event, 1, 'nodes.changed', undefined);
    sinks.get('nodes.changed')!.event({ kind: 'removed', nodeId: 'a' });
    expect(page.sent).toEqual([[IPC.stream, 1, { t: 'ev', event: { kind: 'removed', nodeId: 'a' } }]]);
    ipcMain.ons.get(IPC.subscribe)!(event, 2, 'nope', undefined);
    expect(page.sent.at(-1)).toEqual([IPC.stream, 2, { t: 'end', error: { code: 'unknown_channel', message: 'no stream channel nope' } }]);
    page.emit('destroyed');
    expect(stopped()).toBe(1);
  });

  it('unsubscribes on request', () => {
    const { ipcMain, stopped } = setup();
    const page = new FakeSender(3);
    ipcMain.ons.get(IPC.subscribe)!({ sender: page, senderFrame: { url: APP } }, 5, 'nodes.changed', undefined);
    ipcMain.ons.get(IPC.unsubscribe)!({ sender: page, senderFrame: { url: APP } }, 5);
    expect(stopped()).toBe(1);
  });

  it('uses the same channel names as the preload', () => {
    const preload = readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');
    for (const [key, channel] of Object.entries(IPC)) expect(preload).toContain(`${key}: '${channel}'`);
    expect(preload).toContain("exposeInMainWorld('meerkat'");
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });
});
