// A client of one node's admin API (HTTP + WebSocket, Bearer token), typed by the node's own
// contract: call(endpoint, input) returns what that endpoint declares. Failures are ConsoleCallErrors
// with codes the UI can act on: node_unreachable ("node not answering on 127.0.0.1:PORT"), timeout,
// unauthorized, node_error (with the node's own error code and HTTP status in details).
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import type { AdminErrorBody, Endpoint, ResponseOf, Stream } from '../../../embedded-server/admin/contract/define.js';
import { ConsoleCallError } from '../../common/console-errors.js';
import { endpointTarget, streamTarget, type EndpointInput, type QueryValue } from './admin-request.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface NodeAdminClientOptions {
  /** e.g. "http://127.0.0.1:5551" */
  baseUrl: string;
  /** The token, or a function reading it (a local node writes its token file at first start). */
  token: string | (() => string | undefined);
  timeoutMs?: number;
}

export interface AdminStreamHandlers<Event> {
  onEvent(event: Event): void;
  onOpen?(): void;
  /** The stream ended: closed by the node, refused, or the connection failed. */
  onClose?(error: ConsoleCallError | undefined): void;
}

export interface AdminStreamHandle {
  close(): void;
  /** Sends a client message (for streams that take them). */
  send(message: unknown): void;
}

type EventOfStream<S> = S extends Stream<unknown, infer E, unknown> ? E : never;

export class NodeAdminClient {
  readonly baseUrl: string;
  private readonly url: URL;

  constructor(private readonly options: NodeAdminClientOptions) {
    this.url = new URL(options.baseUrl);
    this.baseUrl = this.url.origin;
  }

  /** "127.0.0.1:5551", for messages. */
  get address(): string {
    return this.url.host;
  }

  async call<E extends Endpoint>(endpoint: E, input: EndpointInput = {}, opts: { timeoutMs?: number } = {}): Promise<ResponseOf<E>> {
    const { status, text } = await this.send(endpoint.method, endpointTarget(endpoint, input), input.body, opts.timeoutMs);
    if (status >= 200 && status < 300) {
      if (endpoint.produces !== undefined && !endpoint.produces.includes('json')) return text as ResponseOf<E>;
      return (text === '' ? undefined : JSON.parse(text)) as ResponseOf<E>;
    }
    throw this.errorFor(status, text, endpoint.name);
  }

  /** Opens a WebSocket stream; the filter is sent as query parameters. */
  openStream<S extends Stream>(stream: S, filter: Record<string, QueryValue> | undefined, handlers: AdminStreamHandlers<EventOfStream<S>>): AdminStreamHandle {
    const token = this.token();
    const target = new URL(streamTarget(stream, filter), this.url.origin.replace(/^http/, 'ws'));
    const ws = new WebSocket(target, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, handshakeTimeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    let ended = false;
    const end = (error: ConsoleCallError | undefined) => {
      if (ended) return;
      ended = true;
      handlers.onClose?.(error);
    };
    ws.on('open', () => handlers.onOpen?.());
    ws.on('message', (data) => {
      let event: EventOfStream<S>;
      try {
        event = JSON.parse(data.toString()) as EventOfStream<S>;
      } catch {
        return;
      }
      handlers.onEvent(event);
    });
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        end(this.errorFor(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), stream.name));
        ws.terminate();
      });
    });
    ws.on('error', (err) => end(this.networkError(err, stream.name)));
    ws.on('close', (code, reason) => end(code === 1000 || code === 1005 ? undefined : new ConsoleCallError({ code: 'node_error', message: `the node closed the ${stream.name} stream (${code}${reason.length > 0 ? `: ${reason.toString()}` : ''})` })));
    return {
      close: () => {
        ended = true;
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000);
      },
      send: (message) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
      },
    };
  }

  private token(): string | undefined {
    return typeof this.options.token === 'string' ? this.options.token : this.options.token();
  }

  private send(method: string, target: string, body: unknown, timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS): Promise<{ status: number; text: string }> {
    const token = this.token();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        new URL(target, this.url.origin),
        {
          method,
          headers: {
            accept: 'application/json',
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              req.destroy(new ConsoleCallError({ code: 'node_error', message: `the node's answer to ${method} ${target} is over ${MAX_RESPONSE_BYTES} bytes` }));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (err) => reject(this.networkError(err, `${method} ${target}`)));
        },
      );
      req.on('timeout', () => req.destroy(new ConsoleCallError({ code: 'timeout', message: `the node at ${this.address} did not answer ${method} ${target.split('?')[0]} within ${timeoutMs} ms` })));
      req.on('error', (err) => reject(this.networkError(err, `${method} ${target}`)));
      req.end(payload);
    });
  }

  private networkError(err: Error, what: string): ConsoleCallError {
    if (err instanceof ConsoleCallError) return err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND') {
      return new ConsoleCallError({ code: 'node_unreachable', message: `node not answering on ${this.address}`, details: { errno: code } });
    }
    return new ConsoleCallError({ code: 'node_unreachable', message: `${what} to ${this.address} failed: ${err.message}`, details: { errno: code } });
  }

  private errorFor(status: number, text: string, what: string): ConsoleCallError {
    let body: Partial<AdminErrorBody> | undefined;
    try {
      body = JSON.parse(text) as AdminErrorBody;
    } catch {
      body = undefined;
    }
    const nodeCode = body?.error?.code;
    const message = body?.error?.message ?? `HTTP ${status}: ${text.slice(0, 200)}`;
    if (status === 401) return new ConsoleCallError({ code: 'unauthorized', message: `the node at ${this.address} refused the admin token: ${message}`, details: { status, nodeCode } });
    if (status === 404 && nodeCode === 'not_found') return new ConsoleCallError({ code: 'not_found', message, details: { status, nodeCode, call: what } });
    return new ConsoleCallError({ code: 'node_error', message, details: { status, nodeCode, call: what } });
  }
}
