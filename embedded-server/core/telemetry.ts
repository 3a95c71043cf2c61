// What the chat code reports while it works: metric events and OpenTelemetry spans. The core and
// the c2s call this interface; embedded-server/observability implements it (prom-client metrics,
// a tail-sampling tracer). NO_TELEMETRY does nothing, for tests of code that does not observe.
import { trace, type Span, type Tracer } from '@opentelemetry/api';
import type { Transport } from './sessions.js';

export type StanzaKind = 'message' | 'presence' | 'iq';
export type RouteOutcome = 'delivered' | 'offline' | 'bounced' | 'dropped';

export interface ChatMetrics {
  connectionOpened(transport: Transport): void;
  connectionClosed(transport: Transport): void;
  loginSucceeded(mechanism: string): void;
  loginFailed(mechanism: string): void;
  stanzaIn(kind: StanzaKind, transport: Transport): void;
  stanzaOut(kind: StanzaKind, transport: Transport): void;
  /** What the router did with one stanza. */
  routed(kind: StanzaKind, outcome: RouteOutcome): void;
  /** From reading the stanza off the sender's socket to handing it to the recipient's mailbox. */
  routingLatency(seconds: number): void;
  /** From reading the stanza off the sender's socket to writing it to the recipient's socket. */
  deliveryLatency(seconds: number): void;
  offlineStored(): void;
  offlineDelivered(count: number): void;
  streamError(condition: string): void;
}

/** Carried with a stanza from the sender's process to the recipient's. */
export interface StanzaMeta {
  /** performance.now() when the stanza was read from the sender's socket. */
  receivedAt: number;
  /** The span of this stanza's path that the recipient ends when it writes the stanza. */
  deliverSpan?: Span;
}

export interface Telemetry {
  readonly metrics: ChatMetrics;
  readonly tracer: Tracer;
  /** Runs fn with `span` as the current span, so log lines written inside carry its trace_id (sync code only). */
  withSpan<T>(span: Span | undefined, fn: () => T): T;
  /** The current span (set by withSpan), to mark errors on it. */
  activeSpan(): Span | undefined;
}

const noop = () => {};

export const NO_METRICS: ChatMetrics = {
  connectionOpened: noop,
  connectionClosed: noop,
  loginSucceeded: noop,
  loginFailed: noop,
  stanzaIn: noop,
  stanzaOut: noop,
  routed: noop,
  routingLatency: noop,
  deliveryLatency: noop,
  offlineStored: noop,
  offlineDelivered: noop,
  streamError: noop,
};

export const NO_TELEMETRY: Telemetry = {
  metrics: NO_METRICS,
  // With no global provider registered, the API hands out a no-op tracer.
  tracer: trace.getTracer('meerkat-node'),
  withSpan: (_span, fn) => fn(),
  activeSpan: () => undefined,
};
