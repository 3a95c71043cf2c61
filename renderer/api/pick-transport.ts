// Chooses how the renderer reaches the console core, once at startup: the preload's typed API in
// Electron (`window.meerkat`, a ConsoleTransport over IPC), otherwise a WebSocket to the browser
// mode's server at /api/ws, with the access token the server printed in the page's URL.
import type { ConsoleTransport } from '../../main/common/console-api.js';
import { createReconnectingTransport, type ConnectionStatus, type StatusStore } from './reconnecting-transport.js';

export interface PickedTransport {
  transport: ConsoleTransport;
  status: StatusStore;
  mode: 'electron' | 'web';
  /** For messages: where the browser mode connects (token hidden). */
  endpoint: string;
  /** False in browser mode when the URL carries no token. */
  hasToken: boolean;
}

declare global {
  interface Window {
    meerkat?: ConsoleTransport;
  }
}

const ALWAYS_OPEN: ConnectionStatus = { state: 'open', since: Date.now(), attempts: 0, retryAt: null, everOpened: true };

export function webSocketUrl(location: { protocol: string; host: string; search: string; pathname: string }): { url: string; shown: string; token: string | null } {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const base = `${scheme}://${location.host}/api/ws`;
  return { url: token === null ? base : `${base}?token=${encodeURIComponent(token)}`, shown: base, token };
}

export function pickTransport(win: Window): PickedTransport {
  const bridge = win.meerkat;
  if (bridge !== undefined && typeof bridge.request === 'function' && typeof bridge.subscribe === 'function') {
    return {
      transport: bridge,
      status: { getStatus: () => ALWAYS_OPEN, subscribeStatus: () => () => {} },
      mode: 'electron',
      endpoint: 'Electron IPC',
      hasToken: true,
    };
  }
  const { url, shown, token } = webSocketUrl(win.location);
  const transport = createReconnectingTransport(() => new WebSocket(url));
  return { transport, status: transport, mode: 'web', endpoint: shown, hasToken: token !== null };
}
