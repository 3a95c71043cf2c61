// How the admin API contract is declared: every HTTP endpoint and WebSocket stream once, with zod
// schemas for what the client sends and a TypeScript type for what it gets back. The node's server
// and every client (the console, scripts) import these same definitions.
import type * as z from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Endpoint<Params = unknown, Query = unknown, Body = unknown, Response = unknown> {
  /** Stable dotted name, e.g. "processes.info". */
  readonly name: string;
  readonly method: HttpMethod;
  /** Path with :named segments, e.g. "/api/processes/:pid". */
  readonly path: string;
  readonly summary: string;
  readonly params?: z.ZodType<Params>;
  readonly query?: z.ZodType<Query>;
  readonly body?: z.ZodType<Body>;
  /** Response content type when not JSON (e.g. Prometheus text). */
  readonly produces?: string;
  /** Type-level only: what a successful call returns. Never set at run time. */
  readonly __response?: Response;
}

/** Declares an endpoint whose successful JSON response is `Response`. */
export function endpoint<Response>() {
  return <Params = Record<string, never>, Query = Record<string, never>, Body = undefined>(
    def: Omit<Endpoint<Params, Query, Body, Response>, '__response'>,
  ): Endpoint<Params, Query, Body, Response> => def;
}

export interface Stream<Filter = unknown, Event = unknown, ClientMessage = never> {
  readonly name: string;
  /** WebSocket path, e.g. "/api/streams/logs"; the filter comes as query parameters. */
  readonly path: string;
  readonly summary: string;
  readonly filter?: z.ZodType<Filter>;
  /** Messages the client may send on the socket (JSON), validated like a request body. */
  readonly clientMessage?: z.ZodType<ClientMessage>;
  /** Type-level only: the events the server sends (one JSON object per WebSocket message). */
  readonly __event?: Event;
}

export function stream<Event>() {
  return <Filter = Record<string, never>, ClientMessage = never>(
    def: Omit<Stream<Filter, Event, ClientMessage>, '__event'>,
  ): Stream<Filter, Event, ClientMessage> => def;
}

export type ResponseOf<E> = E extends Endpoint<unknown, unknown, unknown, infer R> ? R : never;
export type EventOf<S> = S extends Stream<unknown, infer E, unknown> ? E : never;

/** Every error the admin API returns has this body, with the HTTP status from ADMIN_ERRORS. */
export interface AdminErrorBody {
  error: { code: AdminErrorCode; message: string; details?: unknown };
}

/** The error registry: one code, one HTTP status, one meaning (documented in docs/admin-api.md). */
export const ADMIN_ERRORS = {
  unauthorized: { status: 401, meaning: 'Missing or wrong admin token' },
  bad_request: { status: 400, meaning: 'The request does not match the endpoint schema' },
  not_found: { status: 404, meaning: 'No such endpoint, process, session, user or trace' },
  method_not_allowed: { status: 405, meaning: 'The path exists with another method' },
  conflict: { status: 409, meaning: 'The resource already exists or is in the wrong state' },
  busy: { status: 409, meaning: 'Another exclusive operation (e.g. a profile) is running' },
  payload_too_large: { status: 413, meaning: 'Request body over 1 MB' },
  internal: { status: 500, meaning: 'The node failed to handle the request; see its log' },
} as const;

export type AdminErrorCode = keyof typeof ADMIN_ERRORS;
