// The browser mode's transport: the console API's socket transport over a WebSocket that is
// re-opened when it drops (backoff 0.5 s → 5 s), with every live subscription re-made on the new
// socket. Its status is an external store so the shell can say "connection lost" and views can
// say they are stale.
import type { ConsoleError, ConsoleTransport } from '../../main/common/console-api.js';
import { createSocketTransport, type FrameSocket } from '../../main/common/console-wire.js';

export type ConnectionState = 'connecting' | 'open' | 'lost';

export interface ConnectionStatus {
  state: ConnectionState;
  /** When the state began (epoch ms). */
  since: number;
  /** Failed attempts since the connection was last open. */
  attempts: number;
  /** When the next attempt starts, while lost. */
  retryAt: number | null;
  /** True once the socket has been open at least once. */
  everOpened: boolean;
}

export interface StatusStore {
  getStatus(): ConnectionStatus;
  subscribeStatus(listener: () => void): () => void;
}

export type ReconnectingTransport = ConsoleTransport & StatusStore & { close(): void };

interface LiveSubscription {
  name: string;
  filter: unknown;
  onEvent(event: unknown): void;
  onError?(error: ConsoleError): void;
  stopInner?: () => void;
}

export interface ReconnectOptions {
  delaysMs?: readonly number[];
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => void;
}

const DEFAULT_DELAYS = [500, 1000, 2000, 5000];

export function createReconnectingTransport(openSocket: () => FrameSocket & { close?(): void }, options: ReconnectOptions = {}): ReconnectingTransport {
  const delays = options.delaysMs ?? DEFAULT_DELAYS;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((run, ms) => void setTimeout(run, ms));
  const listeners = new Set<() => void>();
  const subscriptions = new Set<LiveSubscription>();
  let status: ConnectionStatus = { state: 'connecting', since: now(), attempts: 0, retryAt: null, everOpened: false };
  let socket: (FrameSocket & { close?(): void }) | undefined;
  let inner: ConsoleTransport | undefined;
  let closedByUs = false;

  const setStatus = (next: Partial<ConnectionStatus>) => {
    status = { ...status, ...next };
    for (const listener of listeners) listener();
  };

  const subscribeInner = (sub: LiveSubscription) => {
    sub.stopInner = inner!.subscribe(sub.name, sub.filter, (event) => sub.onEvent(event), (error) => {
      sub.stopInner = undefined;
      // A dropped socket is not the end of the stream: it is re-made on the next socket.
      if (error.code === 'disconnected' && !closedByUs) return;
      subscriptions.delete(sub);
      sub.onError?.(error);
    });
  };

  const connect = () => {
    const current = openSocket();
    socket = current;
    inner = createSocketTransport(current);
    current.addEventListener('open', () => {
      if (socket !== current) return;
      setStatus({ state: 'open', since: now(), attempts: 0, retryAt: null, everOpened: true });
    });
    current.addEventListener('close', () => {
      if (socket !== current || closedByUs) return;
      const attempts = status.attempts + 1;
      const delay = delays[Math.min(attempts - 1, delays.length - 1)];
      setStatus({ state: 'lost', since: status.state === 'lost' ? status.since : now(), attempts, retryAt: now() + delay });
      setTimer(() => {
        if (closedByUs) return;
        setStatus({ state: 'connecting', retryAt: null });
        connect();
        for (const sub of subscriptions) subscribeInner(sub);
      }, delay);
    });
  };

  connect();

  return {
    request(name, req) {
      return inner!.request(name, req);
    },
    subscribe(name, filter, onEvent, onError) {
      const sub: LiveSubscription = { name, filter, onEvent, onError };
      subscriptions.add(sub);
      subscribeInner(sub);
      return () => {
        if (!subscriptions.delete(sub)) return;
        sub.stopInner?.();
      };
    },
    getStatus: () => status,
    subscribeStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closedByUs = true;
      socket?.close?.();
    },
  };
}
