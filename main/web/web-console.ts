// The browser mode: the built renderer and the console API over one WebSocket (/api/ws), bound to
// loopback, behind an access token given in the URL (http://127.0.0.1:PORT/?token=…) and checked on
// every request and upgrade, with Host and Origin checks against DNS rebinding and cross-site
// WebSocket hijacking.
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { contentSecurityPolicy } from '../common/content-security-policy.js';
import type { ConsoleBackend } from '../core/service/console-backend.js';
import { allowedHosts, newAccessToken, originAllowed, presentedToken, tokenCookie } from './access-token.js';
import { attachSocketSession } from './socket-session.js';
import { serveStatic } from './static-files.js';

export const WS_PATH = '/api/ws';

export interface WebConsoleOptions {
  backend: ConsoleBackend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Loopback only: 127.0.0.1 (default) or localhost. */
  host?: '127.0.0.1' | 'localhost';
  /** Default: a new random token. */
  token?: string;
}

export interface WebConsole {
  port: number;
  token: string;
  /** The URL to open, with the token. */
  url: string;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(reason)}\r\nconnection: close\r\n\r\n${reason}`);
}

export function startWebConsole(options: WebConsoleOptions): Promise<WebConsole> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newAccessToken();
  let port = options.port;

  const securityHeaders = (): Record<string, string> => ({
    'content-security-policy': contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
    'x-content-type-options': 'nosniff',
    // The page URL carries the token: never send it on as a referrer.
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  });

  const checked = (req: IncomingMessage): { url: URL; source: 'url' | 'cookie' } | { status: number; reason: string } => {
    if (!allowedHosts(port).has(req.headers.host ?? '')) return { status: 421, reason: 'Misdirected Request: use http://127.0.0.1:PORT' };
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const source = presentedToken(req, url, token, port);
    if (source === undefined) return { status: 401, reason: 'Unauthorized: open the URL the console printed, with its ?token=' };
    return { url, source };
  };

  const server = createServer((req, res) => {
    const result = checked(req);
    if ('status' in result) {
      res.writeHead(result.status, { ...securityHeaders(), 'content-type': 'text/plain; charset=utf-8' });
      res.end(result.reason);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...securityHeaders(), allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const headers = securityHeaders();
    if (result.source === 'url') headers['set-cookie'] = tokenCookie(token, port);
    serveStatic(options.rendererDir, result.url.pathname, res, headers);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const result = checked(req);
    if ('status' in result) return refuse(socket, result.status, result.reason);
    if (!originAllowed(req.headers.origin, port)) return refuse(socket, 403, 'Forbidden: cross-origin WebSocket');
    if (result.url.pathname !== WS_PATH) return refuse(socket, 404, 'Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => attachSocketSession(ws, options.backend));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const address = server.address();
      port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolve({
        port,
        token,
        url: `http://${host}:${port}/?token=${encodeURIComponent(token)}`,
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
