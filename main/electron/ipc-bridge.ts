// The console API over Electron IPC, main-process side: requests through ipcMain.handle, streams
// as subscribe/unsubscribe messages with events sent back to the subscribing page only. Senders
// are checked (only the app's own page may call) and everything a page opened ends with it.
import { toConsoleError } from '../common/console-errors.js';
import type { ConsoleBackend } from '../core/service/console-backend.js';
import { IPC, type IpcReply, type IpcStreamFrame } from './ipc-channels.js';

/** The parts of Electron's WebContents the bridge uses. */
export interface SenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcEventLike {
  readonly sender: SenderLike;
  readonly senderFrame?: { readonly url: string } | null;
}

/** The parts of Electron's ipcMain the bridge uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): unknown;
}

export function registerConsoleIpc(ipcMain: IpcMainLike, backend: ConsoleBackend, isTrustedUrl: (url: string) => boolean): () => void {
  /** Subscriptions per page (webContents id), by the page's subscription id. */
  const pages = new Map<number, Map<number, () => void>>();
  const trusted = (event: IpcEventLike) => isTrustedUrl(event.senderFrame?.url ?? '');

  const pageSubs = (sender: SenderLike): Map<number, () => void> => {
    let subs = pages.get(sender.id);
    if (subs === undefined) {
      const created = new Map<number, () => void>();
      subs = created;
      pages.set(sender.id, created);
      sender.once('destroyed', () => {
        for (const stop of created.values()) stop();
        pages.delete(sender.id);
      });
    }
    return subs;
  };

  ipcMain.handle(IPC.request, async (event, name, payload): Promise<IpcReply> => {
    if (!trusted(event)) return { ok: false, error: { code: 'unauthorized', message: 'not the console page' } };
    try {
      return { ok: true, res: await backend.request(name, payload) };
    } catch (error) {
      return { ok: false, error: toConsoleError(error) };
    }
  });

  ipcMain.on(IPC.subscribe, (event, id, name, filter) => {
    const { sender } = event;
    const post = (frame: IpcStreamFrame): boolean => {
      if (sender.isDestroyed()) return false;
      sender.send(IPC.stream, id, frame);
      return true;
    };
    if (typeof id !== 'number') return;
    if (!trusted(event)) return void post({ t: 'end', error: { code: 'unauthorized', message: 'not the console page' } });
    const subs = pageSubs(sender);
    if (subs.has(id)) return void post({ t: 'end', error: { code: 'bad_request', message: `subscription id ${id} is in use` } });
    let ended = false;
    try {
      const stop = backend.subscribe(name, filter, {
        event: (e) => !ended && post({ t: 'ev', event: e }),
        end: (error) => {
          if (ended) return;
          ended = true;
          subs.get(id)?.();
          subs.delete(id);
          post(error === undefined ? { t: 'end' } : { t: 'end', error });
        },
      });
      if (ended) stop();
      else subs.set(id, stop);
    } catch (error) {
      post({ t: 'end', error: toConsoleError(error) });
    }
  });

  ipcMain.on(IPC.unsubscribe, (event, id) => {
    const subs = pages.get(event.sender.id);
    if (typeof id !== 'number' || subs === undefined) return;
    subs.get(id)?.();
    subs.delete(id);
  });

  return () => {
    ipcMain.removeHandler(IPC.request);
    ipcMain.removeAllListeners(IPC.subscribe);
    ipcMain.removeAllListeners(IPC.unsubscribe);
    for (const subs of pages.values()) for (const stop of subs.values()) stop();
    pages.clear();
  };
}
