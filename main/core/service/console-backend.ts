// The console core as the transports see it: request(name, payload) and subscribe(name, filter,
// sink), untyped at the edge, checked here against the channel lists and schemas, then handed to
// typed handlers. Electron IPC (main/electron) and the WebSocket server (main/web) both sit on this.
import * as z from 'zod';
import {
  isRequestName,
  isStreamName,
  type EventOf,
  type FilterOf,
  type RequestName,
  type RequestOf,
  type ResponseOf,
  type StreamName,
} from '../../common/console-api.js';
import { ConsoleCallError, toConsoleError, type ConsoleError } from '../../common/console-errors.js';
import { REQUEST_SCHEMAS, STREAM_SCHEMAS } from './request-schemas.js';

export type RequestHandlers = { [N in RequestName]: (req: RequestOf<N>) => Promise<ResponseOf<N>> | ResponseOf<N> };

export interface StreamSink<E> {
  /** Returns false when the subscriber is too far behind to take the event (it is not queued). */
  event(event: E): boolean;
  /** Ends the stream from the server side, with the error that ended it if any. */
  end(error?: ConsoleError): void;
}

/** Starts one subscription; returns its cleanup. */
export type StreamHandlers = { [N in StreamName]: (filter: FilterOf<N>, sink: StreamSink<EventOf<N>>) => () => void };

export interface ConsoleBackend {
  /** Resolves with the response; rejects with a ConsoleError value. */
  request(name: unknown, payload: unknown): Promise<unknown>;
  /** Throws a ConsoleCallError for an unknown stream or a bad filter. */
  subscribe(name: unknown, filter: unknown, sink: StreamSink<unknown>): () => void;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ConsoleCallError({ code: 'bad_request', message: `invalid ${what}: ${z.prettifyError(parsed.error)}` });
  return parsed.data;
}

export function createConsoleBackend(requests: RequestHandlers, streams: StreamHandlers, onInternalError?: (name: string, error: unknown) => void): ConsoleBackend {
  return {
    async request(name, payload) {
      try {
        if (!isRequestName(name)) throw new ConsoleCallError({ code: 'unknown_channel', message: `no request channel ${String(name)}` });
        const req = parse<unknown>(REQUEST_SCHEMAS[name] as z.ZodType<unknown>, payload, `${name} request`);
        const handler = requests[name] as (req: unknown) => unknown;
        return await handler(req);
      } catch (error) {
        const coded = toConsoleError(error);
        if (coded.code === 'internal') onInternalError?.(String(name), error);
        throw coded;
      }
    },
    subscribe(name, filter, sink) {
      if (!isStreamName(name)) throw new ConsoleCallError({ code: 'unknown_channel', message: `no stream channel ${String(name)}` });
      const parsed = parse<unknown>(STREAM_SCHEMAS[name] as z.ZodType<unknown>, filter, `${name} filter`);
      const handler = streams[name] as (filter: unknown, sink: StreamSink<unknown>) => () => void;
      return handler(parsed, sink);
    },
  };
}
