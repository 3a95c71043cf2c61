// What the chat code reports while it works: metric events and OpenTelemetry spans. The core and
// the c2s call this interface; embedded-server/observability implements it (prom-client metrics,
// a tail-sampling tracer). NO_TELEMETRY does nothing, for tests of code that does not observe.
import { trace, type Span, type Tracer } from '@opentelemetry/api';
import type { Jid } from '../base/jid.js';
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
  /**
   * A span parked here by SpanStack.park (the c2s.deliver span, which the recipient ends when it
   * writes the stanza), in the message's own fields rather than in an object per span. Opaque.
   */
  parkedTrace: object | undefined;
  parkedGeneration: number;
  parkedSlot: number;
  /**
   * Where the span parked here belongs to a trace tracing did not pick for detail (the usual case),
   * the rest of that trace's outline: the parked span's name, start (µs after receivedAt) and
   * description, and its root's name, end, description and count of spans not recorded. The message
   * carries them so that a trace which turns out ordinary costs no object of its own. Opaque.
   */
  parkedName: string | undefined;
  parkedAtUs: number;
  parkedDescriber: unknown;
  parkedSubject: unknown;
  rootName: string | undefined;
  rootEndUs: number;
  rootDescriber: unknown;
  rootSubject: unknown;
  rootInner: number;
}

export function stanzaMeta(receivedAt: number): StanzaMeta {
  return {
    receivedAt,
    parkedTrace: undefined,
    parkedGeneration: 0,
    parkedSlot: -1,
    parkedName: undefined,
    parkedAtUs: 0,
    parkedDescriber: undefined,
    parkedSubject: undefined,
    rootName: undefined,
    rootEndUs: 0,
    rootDescriber: undefined,
    rootSubject: undefined,
    rootInner: 0,
  };
}

/**
 * A span's attributes made from one subject (a received stanza, a session), called only when its
 * trace is kept and read: recording it is one reference instead of a row per attribute. The
 * subject must not change afterwards.
 */
export type SpanDescriber<T> = (subject: T) => Readonly<Record<string, string | number | boolean>>;

/**
 * Spans for the stanza path without span objects: a span is opened under the current one, becomes
 * current, and is closed (or detached, or parked in a message) before the synchronous code that
 * opened it returns. Log lines written while a span is current carry its trace id. A trace that
 * tail sampling drops costs no allocation; span objects are made only for kept traces.
 */
export interface SpanStack {
  /**
   * Opens a span under the current one (a new trace when there is none) and makes it current.
   * `startedAt`: a performance.now() reading the caller already has (a clock read costs).
   * `describe` and `subject`: as describe(), in the same call.
   */
  open<T>(name: string, startedAt?: number, describe?: SpanDescriber<T>, subject?: T): void;
  /** Sets an attribute of the current span; a Jid is turned into its string only if the trace is kept. */
  attribute(key: string, value: string | number | boolean | Jid): void;
  /** Sets the current span's attributes as describe(subject), made only if the trace is kept. */
  describe<T>(describe: SpanDescriber<T>, subject: T): void;
  /** Marks the current span as failed: its trace is then always kept. */
  fail(message: string): void;
  /** Ends the current span; the one it was opened under is current again. */
  close(): void;
  /** Like close without ending the span: returns its end, for work that goes on asynchronously (called once; with a message when the work failed). */
  detach(): (error?: string) => void;
  /** Like detach, with the span kept in `meta` (no object made): closeParked ends it. */
  park(meta: StanzaMeta): void;
  /**
   * open(name, startedAt, describe, subject) then park(meta), in one call: a span handed over to
   * another process as soon as it starts (c2s.deliver, parked in the recipient's message).
   */
  openParked<T>(meta: StanzaMeta, name: string, startedAt: number, describe: SpanDescriber<T>, subject: T): void;
  /** Ends the span parked in `meta`, if any (once; a later call does nothing); `endedAt` as for open. */
  closeParked(meta: StanzaMeta, error?: string, endedAt?: number): void;
}

export interface Telemetry {
  readonly metrics: ChatMetrics;
  readonly tracer: Tracer;
  /** The current-span stack that tracer and withSpan also use, for the stanza path. */
  readonly spans: SpanStack;
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

export const NO_SPANS: SpanStack = {
  open: noop,
  attribute: noop,
  describe: noop,
  fail: noop,
  close: noop,
  detach: () => noop,
  park: noop,
  openParked: noop,
  closeParked: noop,
};

export const NO_TELEMETRY: Telemetry = {
  metrics: NO_METRICS,
  // With no global provider registered, the API hands out a no-op tracer.
  tracer: trace.getTracer('meerkat-node'),
  spans: NO_SPANS,
  withSpan: (_span, fn) => fn(),
  activeSpan: () => undefined,
};
