// A small HTTP + WebSocket server speaking the console API's frames (main/common/console-wire.ts)
// over handlers given by the caller. It lets the UI tests put the renderer in states that real
// nodes reach only rarely (a failed start stage, figures out of range, a dropped connection).
// The real browser mode is main/web; the end-to-end tests with real nodes use that.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConsoleError } from '../../../main/common/console-errors.js';
import type { ClientFrame, ServerFrame } from '../../../main/common/console-wire.js';
import { staticHandler } from './static-files.js';

export interface FrameHandlers {
  request(name: string, req: unknown): Promise<unknown> | unknown;
  /** Starts a stream; returns its stop function. */
  subscribe(name: string, filter: unknown, emit: (event: unknown) => void, end: (error?: ConsoleError) => void): () => void;
}

export interface FrameServer {
  url: string;
  token: string;
  /** Closes every console socket (the page sees the connection drop). */
  dropConnections(): void;
  /** While refusing, new sockets are closed at once. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

export async function startFrameServer(rendererDir: string, handlers: FrameHandlers, token = 'test-token'): Promise<FrameServer> {
  const serveStatic = staticHandler(rendererDir);
  const server: Server = createServer((req, res) => void serveStatic(req, res));
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  let refusing = false;

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api/ws' || url.searchParams.get('token') !== token || refusing) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  function serve(ws: WebSocket): void {
    sockets.add(ws);
    const streams = new Map<number, () => void>();
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    ws.on('close', () => {
      sockets.delete(ws);
      for (const stop of streams.values()) stop();
      streams.clear();
    });
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ClientFrame;
      if (frame.t === 'req') {
        Promise.resolve()
          .then(() => handlers.request(frame.name, frame.req))
          .then(
            (res) => send({ t: 'res', id: frame.id, res }),
            (error: ConsoleError) => send({ t: 'err', id: frame.id, error: { code: error.code ?? 'internal', message: error.message } }),
          );
      } else if (frame.t === 'sub') {
        const stop = handlers.subscribe(
          frame.name,
          frame.filter,
          (event) => send({ t: 'ev', id: frame.id, event }),
          (error) => {
            streams.delete(frame.id);
            send({ t: 'end', id: frame.id, ...(error ? { error } : {}) });
          },
        );
        streams.set(frame.id, stop);
      } else if (frame.t === 'unsub') {
        streams.get(frame.id)?.();
        streams.delete(frame.id);
        send({ t: 'end', id: frame.id });
      }
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    refuse(on) {
      refusing = on;
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
