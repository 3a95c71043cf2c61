// The console API's frames over one message socket (browser mode: a WebSocket on /api/ws). One
// JSON object per message; `id` pairs a request with its reply and names a subscription.
import type { ConsoleError } from './console-errors.js';
import type { ConsoleTransport } from './console-api.js';

export type ClientFrame =
  | { t: 'req'; id: number; name: string; req?: unknown }
  | { t: 'sub'; id: number; name: string; filter?: unknown }
  | { t: 'unsub'; id: number };

export type ServerFrame =
  | { t: 'res'; id: number; res: unknown }
  | { t: 'err'; id: number; error: ConsoleError }
  | { t: 'ev'; id: number; event: unknown }
  /** The subscription is over (by the server, with an error, or after an unsub). */
  | { t: 'end'; id: number; error?: ConsoleError };

/** What the transport needs of a socket; a browser WebSocket and ws's WebSocket both fit. */
export interface FrameSocket {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'message', listener: (event: unknown) => void): void;
}

const OPEN = 1;
const CLOSED = 3;

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: ConsoleError): void;
}

interface Subscription {
  onEvent(event: unknown): void;
  onError?(error: ConsoleError): void;
}

/** A ConsoleTransport over one socket. Calls made before the socket opens are queued. */
export function createSocketTransport(socket: FrameSocket): ConsoleTransport & { readonly closed: boolean } {
  let nextId = 1;
  let closed = socket.readyState === CLOSED;
  const queue: string[] = [];
  const calls = new Map<number, PendingCall>();
  const subscriptions = new Map<number, Subscription>();

  const send = (frame: ClientFrame): void => {
    const data = JSON.stringify(frame);
    if (socket.readyState === OPEN) socket.send(data);
    else queue.push(data);
  };

  socket.addEventListener('open', () => {
    for (const data of queue.splice(0)) socket.send(data);
  });
  socket.addEventListener('close', () => {
    closed = true;
    const error: ConsoleError = { code: 'disconnected', message: 'The connection to the console was lost' };
    for (const call of calls.values()) call.reject(error);
    calls.clear();
    for (const sub of subscriptions.values()) sub.onError?.(error);
    subscriptions.clear();
  });
  socket.addEventListener('message', (event) => {
    const data = (event as { data?: unknown }).data;
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    switch (frame.t) {
      case 'res':
        calls.get(frame.id)?.resolve(frame.res);
        calls.delete(frame.id);
        break;
      case 'err':
        calls.get(frame.id)?.reject(frame.error);
        calls.delete(frame.id);
        break;
      case 'ev':
        subscriptions.get(frame.id)?.onEvent(frame.event);
        break;
      case 'end': {
        const sub = subscriptions.get(frame.id);
        subscriptions.delete(frame.id);
        if (sub !== undefined && frame.error !== undefined) sub.onError?.(frame.error);
        break;
      }
    }
  });

  return {
    get closed() {
      return closed;
    },
    request(name, req) {
      if (closed) return Promise.reject({ code: 'disconnected', message: 'The connection to the console was lost' } satisfies ConsoleError);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve, reject });
        send({ t: 'req', id, name, req });
      });
    },
    subscribe(name, filter, onEvent, onError) {
      const id = nextId++;
      if (closed) {
        onError?.({ code: 'disconnected', message: 'The connection to the console was lost' });
        return () => {};
      }
      subscriptions.set(id, { onEvent, onError });
      send({ t: 'sub', id, name, filter });
      return () => {
        if (!subscriptions.delete(id) || closed) return;
        send({ t: 'unsub', id });
      };
    },
  };
}
