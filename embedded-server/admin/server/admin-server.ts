// The admin API server: HTTP + WebSocket on [listen.admin] (loopback by default). Every request and
// every WebSocket upgrade needs `Authorization: Bearer <token>`; without it the answer is 401 and
// nothing else. Bodies and filters are validated against the contract; errors are coded JSON.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import * as z from 'zod';
import type { AdminErrorBody } from '../contract/define.js';
import { AdminError } from './admin-error.js';
import { isAuthorized } from './admin-token.js';
import { RawResponse, type RouteTable, type StreamSink } from './route-table.js';

const MAX_BODY_BYTES = 1024 * 1024;
/** A stream subscriber further behind than this loses events (counted) rather than growing our memory. */
const STREAM_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface AdminServerOptions {
  host: string;
  port: number;
  token: string;
  routes: RouteTable;
  log: Logger;
}

export interface AdminServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, error: AdminError): void {
  const body: AdminErrorBody = { error: { code: error.code, message: error.message, details: error.details } };
  sendJson(res, error.status, body);
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AdminError('payload_too_large', 'The request body is larger than 1 MB'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new AdminError('bad_request', 'The request body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, what: string): T {
  if (schema === undefined) return value as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AdminError('bad_request', `Invalid ${what}: ${z.prettifyError(parsed.error)}`, parsed.error.issues);
  }
  return parsed.data;
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) out[key] = value;
  return out;
}

export function startAdminServer(opts: AdminServerOptions): Promise<AdminServer> {
  const { routes, log, token } = opts;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isAuthorized(req.headers.authorization, token)) {
      log.warn({ what: 'admin_unauthorized', method: req.method, path: req.url?.split('?')[0], peer: req.socket.remoteAddress });
      res.setHeader('www-authenticate', 'Bearer realm="meerkat-node"');
      return sendError(res, new AdminError('unauthorized', 'Send the node admin token as "Authorization: Bearer <token>" (see <data_dir>/admin.token)'));
    }
    const url = new URL(req.url ?? '/', 'http://admin');
    const match = routes.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'not_found') return sendError(res, new AdminError('not_found', `No endpoint ${req.method} ${url.pathname}`));
    if (match.kind === 'method_not_allowed') {
      res.setHeader('allow', match.allowed.join(', '));
      return sendError(res, new AdminError('method_not_allowed', `${url.pathname} accepts ${match.allowed.join(', ')}`));
    }
    const { endpoint, handler } = match.route;
    const params = validate(endpoint.params, match.params, 'path parameters');
    const query = validate(endpoint.query, queryObject(url), 'query');
    const body = validate(endpoint.body, await readBody(req), 'body');
    const result = await handler({ params, query, body });
    if (result instanceof RawResponse) {
      res.writeHead(result.status, { ...result.headers, 'content-type': result.contentType, 'cache-control': 'no-store' });
      res.end(result.body);
      return;
    }
    sendJson(res, 200, result ?? {});
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof AdminError) return sendError(res, err);
      log.error({ what: 'admin_request_failed', method: req.method, path: req.url?.split('?')[0], err });
      sendError(res, new AdminError('internal', 'The node failed to handle the request; see its log'));
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, code: string, message: string) => {
      const text = JSON.stringify({ error: { code, message } });
      socket.end(`HTTP/1.1 ${status} ${code}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
    };
    if (!isAuthorized(req.headers.authorization, token)) {
      log.warn({ what: 'admin_unauthorized', method: 'UPGRADE', path: req.url?.split('?')[0], peer: req.socket.remoteAddress });
      return refuse(401, 'unauthorized', 'Send the node admin token as "Authorization: Bearer <token>"');
    }
    const url = new URL(req.url ?? '/', 'http://admin');
    const entry = routes.stream(url.pathname);
    if (entry === undefined) return refuse(404, 'not_found', `No stream at ${url.pathname}`);
    let filter: unknown;
    try {
      filter = validate(entry.stream.filter, queryObject(url), 'stream filter');
    } catch (err) {
      return refuse(400, 'bad_request', (err as Error).message);
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const listeners: ((m: unknown) => void)[] = [];
      let closed = false;
      const sink: StreamSink<unknown> = {
        send(event) {
          if (closed) return false;
          if (ws.bufferedAmount > STREAM_MAX_BUFFERED_BYTES) return false;
          ws.send(JSON.stringify(event));
          return true;
        },
        close(reason) {
          if (closed) return;
          closed = true;
          ws.close(1000, reason?.slice(0, 120));
        },
        get closed() {
          return closed;
        },
      };
      ws.on('message', (data) => {
        let message: unknown;
        try {
          message = validate(entry.stream.clientMessage, JSON.parse(data.toString()), 'message');
        } catch (err) {
          ws.send(JSON.stringify({ type: 'error', error: { code: 'bad_request', message: (err as Error).message } }));
          return;
        }
        for (const l of listeners) l(message);
      });
      let cleanup: (() => void) | void;
      ws.on('close', () => {
        closed = true;
        cleanup?.();
      });
      ws.on('error', () => {});
      try {
        const peer = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
        cleanup = entry.handler({ filter, sink, onClientMessage: (l) => listeners.push(l as (m: unknown) => void), peer });
      } catch (err) {
        log.error({ what: 'admin_stream_failed', stream: entry.stream.name, err });
        sink.close('internal error');
      }
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : opts.port;
      resolve({
        host: opts.host,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
