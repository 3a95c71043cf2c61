// A stand-in for the parts of Electron the shell uses, recording what the shell did with them, so
// the shell's security settings and lifecycle are tested without the Electron binary.
import type { IpcEventLike, IpcMainLike } from './ipc-bridge.js';
import type { BrowserWindowLike, BrowserWindowOptions, ElectronLike } from './electron-shell.js';

type Listener = (...args: never[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
}

export class FakeWindow extends FakeEmitter implements BrowserWindowLike {
  static created: FakeWindow[] = [];
  readonly webContents: BrowserWindowLike['webContents'] & FakeEmitter & { openHandler?: (d: { url: string }) => { action: 'deny' }; permission?: (wc: unknown, p: string, cb: (granted: boolean) => void) => void };
  loaded: string | undefined;
  shown = false;
  focused = false;

  constructor(readonly options: BrowserWindowOptions) {
    super();
    const contents = new FakeEmitter() as FakeWindow['webContents'];
    contents.setWindowOpenHandler = (handler) => (contents.openHandler = handler);
    contents.session = { setPermissionRequestHandler: (handler) => (contents.permission = handler) };
    this.webContents = contents;
    FakeWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loaded = url;
  }
  show() {
    this.shown = true;
  }
  focus() {
    this.focused = true;
  }
  restore() {}
  isMinimized() {
    return false;
  }
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  readonly ons = new Map<string, (event: IpcEventLike, ...args: unknown[]) => void>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void) {
    this.ons.set(channel, listener);
    return this;
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string) {
    this.ons.delete(channel);
    return this;
  }
}

/** A page (webContents) that records what main sent it. */
export class FakeSender extends FakeEmitter {
  readonly sent: unknown[][] = [];
  destroyed = false;
  constructor(readonly id: number) {
    super();
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export function fakeElectron(opts: { lock?: boolean } = {}) {
  FakeWindow.created = [];
  const app = Object.assign(new FakeEmitter(), {
    name: 'Meerkat',
    quitCalls: 0,
    exitCode: undefined as number | undefined,
    ready: undefined as (() => void) | undefined,
    requestSingleInstanceLock: () => opts.lock ?? true,
    quit() {
      app.quitCalls++;
    },
    exit(code?: number) {
      app.exitCode = code ?? 0;
    },
    whenReady: () => new Promise<void>((resolve) => (app.ready = resolve)),
  });
  const recorded = { schemes: [] as unknown[], handlers: new Map<string, (request: Request) => Promise<Response> | Response>(), menu: undefined as unknown, external: [] as string[] };
  const ipcMain = new FakeIpcMain();
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: (menu: unknown) => (recorded.menu = menu) },
    ipcMain,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.schemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => recorded.handlers.set(scheme, handler),
    },
    shell: { openExternal: async (url: string) => void recorded.external.push(url) },
  } satisfies ElectronLike;
  return { electron, app, ipcMain, recorded };
}
