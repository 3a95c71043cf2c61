// The preload: exposes the console API to the page as `window.meerkat` (a ConsoleTransport: request
// and subscribe, nothing else) through contextBridge. It runs sandboxed, where only 'electron' can
// be required, so it imports nothing else at run time; the channel names repeat ipc-channels.ts
// (a test compares them).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS and may require only electron
import electron = require('electron');
import type { ConsoleTransport } from '../common/console-api.js';
import type { IpcReply, IpcStreamFrame } from './ipc-channels.js';

const { contextBridge, ipcRenderer } = electron;
const CHANNELS = { request: 'meerkat:request', subscribe: 'meerkat:subscribe', unsubscribe: 'meerkat:unsubscribe', stream: 'meerkat:stream' } as const;

interface Listener {
  onEvent(event: unknown): void;
  onError?(error: { code: string; message: string }): void;
}

const streams = new Map<number, Listener>();
let nextId = 1;

ipcRenderer.on(CHANNELS.stream, (_event, id: number, frame: IpcStreamFrame) => {
  const listener = streams.get(id);
  if (listener === undefined) return;
  if (frame.t === 'ev') return listener.onEvent(frame.event);
  streams.delete(id);
  if (frame.error !== undefined) listener.onError?.(frame.error);
});

const meerkat: ConsoleTransport = {
  async request(name, req) {
    const reply = (await ipcRenderer.invoke(CHANNELS.request, name, req)) as IpcReply;
    if (reply.ok) return reply.res;
    throw reply.error;
  },
  subscribe(name, filter, onEvent, onError) {
    const id = nextId++;
    streams.set(id, { onEvent, onError: onError as Listener['onError'] });
    ipcRenderer.send(CHANNELS.subscribe, id, name, filter);
    return () => {
      if (!streams.delete(id)) return;
      ipcRenderer.send(CHANNELS.unsubscribe, id);
    };
  },
};

contextBridge.exposeInMainWorld('meerkat', meerkat);
