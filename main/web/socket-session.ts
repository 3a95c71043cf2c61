// One browser connection's console API session over /api/ws: client frames (req, sub, unsub) go to
// the backend; replies and stream events go back as server frames. A subscriber more than a few
// megabytes behind has events refused (the streams count them, e.g. as "N lines dropped") instead
// of growing this process's memory. Everything the socket opened ends with it.
import type { WebSocket } from 'ws';
import { toConsoleError } from '../common/console-errors.js';
import type { ClientFrame, ServerFrame } from '../common/console-wire.js';
import type { ConsoleBackend } from '../core/service/console-backend.js';

const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

function isClientFrame(value: unknown): value is ClientFrame {
  if (typeof value !== 'object' || value === null) return false;
  const frame = value as { t?: unknown; id?: unknown; name?: unknown };
  if (typeof frame.id !== 'number' || !Number.isSafeInteger(frame.id)) return false;
  if (frame.t === 'unsub') return true;
  return (frame.t === 'req' || frame.t === 'sub') && typeof frame.name === 'string';
}

export function attachSocketSession(ws: WebSocket, backend: ConsoleBackend): void {
  const subscriptions = new Map<number, () => void>();
  const send = (frame: ServerFrame): boolean => {
    if (ws.readyState !== ws.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  };

  ws.on('message', (data, isBinary) => {
    let frame: unknown;
    try {
      frame = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      frame = undefined;
    }
    if (!isClientFrame(frame)) {
      ws.close(1003, 'frames are JSON objects {t, id, ...}');
      return;
    }
    switch (frame.t) {
      case 'req': {
        const { id } = frame;
        backend.request(frame.name, frame.req).then(
          (res) => send({ t: 'res', id, res: res ?? null }),
          (error: unknown) => send({ t: 'err', id, error: toConsoleError(error) }),
        );
        break;
      }
      case 'sub': {
        const { id } = frame;
        if (subscriptions.has(id)) return void send({ t: 'end', id, error: { code: 'bad_request', message: `subscription id ${id} is in use` } });
        try {
          let ended = false;
          const stop = backend.subscribe(frame.name, frame.filter, {
            event: (event) => {
              if (ended || ws.bufferedAmount > MAX_BUFFERED_BYTES) return false;
              return send({ t: 'ev', id, event });
            },
            end: (error) => {
              if (ended) return;
              ended = true;
              subscriptions.get(id)?.();
              subscriptions.delete(id);
              send(error === undefined ? { t: 'end', id } : { t: 'end', id, error });
            },
          });
          if (ended) stop();
          else subscriptions.set(id, stop);
        } catch (error) {
          send({ t: 'end', id, error: toConsoleError(error) });
        }
        break;
      }
      case 'unsub': {
        subscriptions.get(frame.id)?.();
        subscriptions.delete(frame.id);
        break;
      }
    }
  });

  ws.on('close', () => {
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
  });
  ws.on('error', () => {});
}
