// The c2s listeners: TCP with STARTTLS (RFC 6120) and XMPP over WebSocket (RFC 7395). Each accepted
// connection becomes one c2s process.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ParserLimits } from '../base/xml/stream-parser.js';
import type { C2sDeps } from './c2s-deps.js';
import { spawnC2s } from './c2s-process.js';
import { TcpTransport } from './tcp-transport.js';
import { WebSocketTransport } from './websocket-transport.js';

export interface ListenerHandle {
  name: string;
  host: string;
  port: number;
  /** Stops accepting connections (open ones are closed by their processes). */
  close(): Promise<void>;
}

export class ListenError extends Error {
  constructor(
    readonly code: string,
    readonly listener: string,
    readonly port: number,
    message: string,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

function listen(server: TcpServer | HttpServer, name: string, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(new ListenError(err.code ?? 'EUNKNOWN', name, port, `${name}: cannot listen on ${host}:${port}: ${err.message}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function closeServer(server: TcpServer | HttpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startTcpListener(
  deps: C2sDeps,
  opts: { host: string; port: number; secureContext: SecureContext | undefined; limits: Partial<ParserLimits> },
): Promise<ListenerHandle> {
  const server = createTcpServer({ noDelay: true }, (socket: Socket) => {
    spawnC2s(deps, new TcpTransport(socket, opts.limits, opts.secureContext));
  });
  const port = await listen(server, 'listen.c2s', opts.host, opts.port);
  return { name: 'c2s', host: opts.host, port, close: () => closeServer(server) };
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

export async function startWebSocketListener(
  deps: C2sDeps,
  opts: { host: string; port: number; path: string; limits: Partial<ParserLimits> & { maxStanzaBytes: number } },
): Promise<ListenerHandle> {
  const http = createHttpServer((req, res) => {
    const onPath = req.url?.split('?')[0] === opts.path;
    res.writeHead(onPath ? 426 : 404, { 'content-type': 'text/plain' });
    res.end(onPath ? 'This endpoint speaks XMPP over WebSocket (RFC 7395); connect with the "xmpp" subprotocol.\n' : 'Not found\n');
  });
  // Frames a little larger than a stanza may be, so that an oversize stanza gets a stream error from
  // the parser; far larger ones are cut by ws itself (close code 1009).
  const wss = new WebSocketServer({
    server: http,
    path: opts.path,
    maxPayload: opts.limits.maxStanzaBytes * 2,
    handleProtocols: (protocols) => (protocols.has('xmpp') ? 'xmpp' : false),
  });
  wss.on('connection', (ws: WebSocket, req) => {
    // RFC 7395 §3.1: no XMPP session without the "xmpp" subprotocol.
    if (ws.protocol !== 'xmpp') {
      ws.close(1002, 'The xmpp subprotocol is required (RFC 7395)');
      return;
    }
    const address = req.socket.remoteAddress;
    const peer = `${address ?? '?'}:${req.socket.remotePort ?? '?'}`;
    spawnC2s(deps, new WebSocketTransport(ws, peer, isLoopback(address), opts.limits));
  });
  const port = await listen(http, 'listen.websocket', opts.host, opts.port);
  return {
    name: 'websocket',
    host: opts.host,
    port,
    close: async () => {
      wss.close();
      await closeServer(http);
    },
  };
}
