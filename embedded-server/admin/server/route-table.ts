// Where admin handlers are registered against contract definitions, and how requests find them.
import type { Endpoint, HttpMethod, Stream } from '../contract/define.js';

export interface RequestInput<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
}

/** A non-JSON response (e.g. Prometheus text exposition), or one that needs extra headers. */
export class RawResponse {
  constructor(
    readonly body: string | Buffer,
    readonly contentType: string,
    readonly status = 200,
    /** Extra response headers, e.g. content-disposition for a download. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

export type Handler<Params, Query, Body, Response> = (input: RequestInput<Params, Query, Body>) => Response | RawResponse | Promise<Response | RawResponse>;

export interface StreamSink<Event> {
  /** Queues one event; returns false (and drops it) when the client is too far behind. */
  send(event: Event): boolean;
  /** Ends the stream with a reason the client sees in the close frame. */
  close(reason?: string): void;
  readonly closed: boolean;
}

export interface StreamContext<Filter, Event, ClientMessage> {
  filter: Filter;
  sink: StreamSink<Event>;
  /** Subscribes to validated messages the client sends on the socket. */
  onClientMessage(listener: (message: ClientMessage) => void): void;
  /** The subscriber's address ("127.0.0.1:53122"), for audit logs. */
  peer?: string;
}

/** Starts serving one stream subscriber; returns the cleanup to run when the socket closes. */
export type StreamHandler<Filter, Event, ClientMessage> = (ctx: StreamContext<Filter, Event, ClientMessage>) => (() => void) | void;

interface Compiled {
  endpoint: Endpoint;
  pattern: RegExp;
  keys: string[];
  handler: Handler<unknown, unknown, unknown, unknown>;
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        keys.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), keys };
}

export type RouteMatch =
  | { kind: 'found'; route: Compiled; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: HttpMethod[] }
  | { kind: 'not_found' };

export class RouteTable {
  private readonly routes: Compiled[] = [];
  private readonly streams = new Map<string, { stream: Stream; handler: StreamHandler<unknown, unknown, unknown> }>();

  add<P, Q, B, R>(endpoint: Endpoint<P, Q, B, R>, handler: Handler<P, Q, B, R>): this {
    if (this.routes.some((r) => r.endpoint.name === endpoint.name)) throw new Error(`endpoint ${endpoint.name} registered twice`);
    const { pattern, keys } = compile(endpoint.path);
    this.routes.push({ endpoint: endpoint as Endpoint, pattern, keys, handler: handler as Handler<unknown, unknown, unknown, unknown> });
    return this;
  }

  addStream<F, E, C>(stream: Stream<F, E, C>, handler: StreamHandler<F, E, C>): this {
    if (this.streams.has(stream.path)) throw new Error(`stream ${stream.name} registered twice`);
    this.streams.set(stream.path, { stream: stream as Stream, handler: handler as StreamHandler<unknown, unknown, unknown> });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const allowed: HttpMethod[] = [];
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (m === null) continue;
      if (route.endpoint.method !== method) {
        allowed.push(route.endpoint.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1])));
      return { kind: 'found', route, params };
    }
    return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
  }

  stream(path: string): { stream: Stream; handler: StreamHandler<unknown, unknown, unknown> } | undefined {
    return this.streams.get(path);
  }

  endpoints(): Endpoint[] {
    return this.routes.map((r) => r.endpoint);
  }

  streamDefinitions(): Stream[] {
    return [...this.streams.values()].map((s) => s.stream);
  }
}
