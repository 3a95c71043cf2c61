// An admin API server around a real test node, with small HTTP and WebSocket clients for the tests.
// The tests talk to the admin API the test node itself serves, so the auth test enumerates every
// endpoint and stream of every area that `meerkat-node start` registers.
import { WebSocket } from 'ws';
import type { RouteTable } from '../../embedded-server/admin/server/route-table.js';
import type { TestNode } from '../support/test-node.js';

export interface ApiReply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined when it is not JSON). */
  body: unknown;
}

export interface AdminHarness {
  routes: RouteTable;
  token: string;
  baseUrl: string;
  wsUrl: string;
  /** `authorization` defaults to the right token; pass null to send none. */
  call(method: string, path: string, opts?: { body?: unknown; authorization?: string | null }): Promise<ApiReply>;
  /** Like call() but fails the test unless the status is 200; returns the JSON body. */
  ok<T>(method: string, path: string, body?: unknown): Promise<T>;
  openStream<E>(path: string, authorization?: string | null): StreamClient<E>;
  close(): Promise<void>;
}

export interface StreamClient<E> {
  ws: WebSocket;
  events: E[];
  /** Resolves once the socket is open; rejects with the HTTP status when the upgrade is refused. */
  opened: Promise<void>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the first event (past or future) that matches. */
  waitFor(match: (e: E) => boolean, timeoutMs?: number): Promise<E>;
}

/** Admin events go where the node's own log lines go (t.logs), so tests can read them. */
/** Every admin route the node serves (see the header comment). */
/** The node's own admin route table: every endpoint and stream of every area, as `meerkat-node start` serves them. */
export function adminRouteTable(t: TestNode): RouteTable {
  const admin = t.node.admin;
  if (admin === undefined) throw new Error('the test node runs without [listen.admin]');
  return admin.routes;
}

/** Talks to the node's own admin server (what `meerkat-node start` serves), with its token. */
export async function startAdminHarness(t: TestNode): Promise<AdminHarness> {
  const routes = adminRouteTable(t);
  const token = t.adminToken;
  const baseUrl = t.adminUrl;
  const wsUrl = baseUrl.replace(/^http/, 'ws');
  const auth = (value: string | null | undefined): Record<string, string> => {
    const header = value === undefined ? `Bearer ${token}` : value;
    return header === null ? {} : { authorization: header };
  };

  const call: AdminHarness['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = auth(opts.authorization);
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, text, body };
  };

  return {
    routes,
    token,
    baseUrl,
    wsUrl,
    call,
    async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
      const reply = await call(method, path, { body });
      if (reply.status !== 200) throw new Error(`${method} ${path} answered ${reply.status}: ${reply.text}`);
      return reply.body as T;
    },
    openStream<E>(path: string, authorization?: string | null): StreamClient<E> {
      const ws = new WebSocket(wsUrl + path, { headers: auth(authorization) });
      const events: E[] = [];
      const waiters: { match: (e: E) => boolean; resolve: (e: E) => void }[] = [];
      ws.on('message', (data) => {
        const event = JSON.parse(data.toString()) as E;
        events.push(event);
        for (let i = waiters.length - 1; i >= 0; i--) {
          if (waiters[i].match(event)) {
            waiters[i].resolve(event);
            waiters.splice(i, 1);
          }
        }
      });
      const opened = new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_req, res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => reject(Object.assign(new Error(`upgrade refused with ${res.statusCode}`), { status: res.statusCode, text })));
        });
        ws.once('error', reject);
      });
      // Tests that expect a refusal await `opened` themselves; the others must not fail on it.
      opened.catch(() => {});
      ws.on('error', () => {});
      const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
      return {
        ws,
        events,
        opened,
        closed,
        waitFor(match, timeoutMs = 5000) {
          const found = events.find(match);
          if (found !== undefined) return Promise.resolve(found);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`timed out waiting for a stream event; got ${JSON.stringify(events)}`)), timeoutMs);
            waiters.push({
              match,
              resolve: (e) => {
                clearTimeout(timer);
                resolve(e);
              },
            });
          });
        },
      };
    },
    // The node closes its admin server when it stops.
    close: async () => {},
  };
}
