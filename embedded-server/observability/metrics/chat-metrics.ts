// The chat KPIs: what core/telemetry.ts's ChatMetrics reports, counted in typed arrays indexed by
// small closed label sets (so a call is an index computation and an increment) and exposed to
// Prometheus at scrape time. No label ever carries a JID: label sets stay bounded.
import type { Registry } from 'prom-client';
import { STREAM_ERROR_CONDITIONS } from '../../base/stream-errors.js';
import type { Transport } from '../../core/sessions.js';
import type { ChatMetrics, RouteOutcome, StanzaKind } from '../../core/telemetry.js';
import { BucketHistogram, type HistogramChild } from './bucket-histogram.js';
import { collectedCounter, collectedGauge } from './collected-metrics.js';

export const TRANSPORTS = ['tcp', 'websocket'] as const satisfies readonly Transport[];
export const STANZA_KINDS = ['message', 'presence', 'iq'] as const satisfies readonly StanzaKind[];
export const ROUTE_OUTCOMES = ['delivered', 'offline', 'bounced', 'dropped'] as const satisfies readonly RouteOutcome[];
/** A mechanism outside this list (a client may name anything) is counted as "other". */
export const LOGIN_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN', 'other'] as const;

/** Routing and delivery latency bounds, 100 µs to 1 s: a healthy node sits in the first few buckets. */
export const LATENCY_BUCKETS_SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

const transportIndex = (t: Transport): number => (t === 'tcp' ? 0 : 1);
const kindIndex = (k: StanzaKind): number => (k === 'message' ? 0 : k === 'presence' ? 1 : 2);
const outcomeIndex = (o: RouteOutcome): number => (o === 'delivered' ? 0 : o === 'offline' ? 1 : o === 'bounced' ? 2 : 3);
const mechanismIndex = (m: string): number => (m === 'SCRAM-SHA-256' ? 0 : m === 'SCRAM-SHA-1' ? 1 : m === 'PLAIN' ? 2 : 3);

const CONDITION_INDEX = new Map<string, number>(STREAM_ERROR_CONDITIONS.map((c, i) => [c, i]));
const UNDEFINED_CONDITION = CONDITION_INDEX.get('undefined-condition')!;

/** The raw counts behind the chat metrics; the history sampler reads them too. */
export class ChatCounters implements ChatMetrics {
  readonly connectionsOpened = new Float64Array(TRANSPORTS.length);
  readonly connectionsClosed = new Float64Array(TRANSPORTS.length);
  readonly loginsOk = new Float64Array(LOGIN_MECHANISMS.length);
  readonly loginsFailed = new Float64Array(LOGIN_MECHANISMS.length);
  /** [kind * 2 + transport] */
  readonly stanzasIn = new Float64Array(STANZA_KINDS.length * TRANSPORTS.length);
  readonly stanzasOut = new Float64Array(STANZA_KINDS.length * TRANSPORTS.length);
  /** [kind * 4 + outcome] */
  readonly routedCounts = new Float64Array(STANZA_KINDS.length * ROUTE_OUTCOMES.length);
  readonly streamErrors = new Float64Array(STREAM_ERROR_CONDITIONS.length);
  offlineStoredCount = 0;
  offlineDeliveredCount = 0;

  constructor(
    readonly routingLatencySeconds: HistogramChild,
    readonly deliveryLatencySeconds: HistogramChild,
  ) {}

  connectionOpened(transport: Transport): void {
    this.connectionsOpened[transportIndex(transport)]++;
  }
  connectionClosed(transport: Transport): void {
    this.connectionsClosed[transportIndex(transport)]++;
  }
  loginSucceeded(mechanism: string): void {
    this.loginsOk[mechanismIndex(mechanism)]++;
  }
  loginFailed(mechanism: string): void {
    this.loginsFailed[mechanismIndex(mechanism)]++;
  }
  stanzaIn(kind: StanzaKind, transport: Transport): void {
    this.stanzasIn[kindIndex(kind) * 2 + transportIndex(transport)]++;
  }
  stanzaOut(kind: StanzaKind, transport: Transport): void {
    this.stanzasOut[kindIndex(kind) * 2 + transportIndex(transport)]++;
  }
  routed(kind: StanzaKind, outcome: RouteOutcome): void {
    this.routedCounts[kindIndex(kind) * 4 + outcomeIndex(outcome)]++;
  }
  routingLatency(seconds: number): void {
    this.routingLatencySeconds.observe(seconds);
  }
  deliveryLatency(seconds: number): void {
    this.deliveryLatencySeconds.observe(seconds);
  }
  offlineStored(): void {
    this.offlineStoredCount++;
  }
  offlineDelivered(count: number): void {
    this.offlineDeliveredCount += count;
  }
  streamError(condition: string): void {
    this.streamErrors[CONDITION_INDEX.get(condition) ?? UNDEFINED_CONDITION]++;
  }

  /** Stanzas of one kind, both transports. */
  stanzasInOfKind(kind: number): number {
    return this.stanzasIn[kind * 2] + this.stanzasIn[kind * 2 + 1];
  }
  stanzasOutOfKind(kind: number): number {
    return this.stanzasOut[kind * 2] + this.stanzasOut[kind * 2 + 1];
  }
  routedWithOutcome(outcome: RouteOutcome): number {
    const o = outcomeIndex(outcome);
    let total = 0;
    for (let k = 0; k < STANZA_KINDS.length; k++) total += this.routedCounts[k * 4 + o];
    return total;
  }
  openConnections(): number {
    let total = 0;
    for (let t = 0; t < TRANSPORTS.length; t++) total += this.connectionsOpened[t] - this.connectionsClosed[t];
    return total;
  }
}

/** Creates the chat counters and registers their Prometheus view in `registry`. */
export function createChatMetrics(registry: Registry): ChatCounters {
  const routing = new BucketHistogram({
    name: 'xmpp_routing_latency_seconds',
    help: 'From reading a stanza off the sender socket to handing it to the recipient mailbox.',
    buckets: LATENCY_BUCKETS_SECONDS,
    registry,
  });
  const delivery = new BucketHistogram({
    name: 'xmpp_delivery_latency_seconds',
    help: 'From reading a stanza off the sender socket to writing it to the recipient socket.',
    buckets: LATENCY_BUCKETS_SECONDS,
    registry,
  });
  const c = new ChatCounters(routing.child(), delivery.child());

  collectedGauge(registry, {
    name: 'xmpp_connections',
    help: 'Open client connections (opened minus closed), by transport.',
    labelNames: ['transport'],
    read: (emit) => TRANSPORTS.forEach((transport, t) => emit({ transport }, c.connectionsOpened[t] - c.connectionsClosed[t])),
  });
  collectedCounter(registry, {
    name: 'xmpp_logins_total',
    help: 'SASL authentications by mechanism and result (ok or failed).',
    labelNames: ['mechanism', 'result'],
    read: (emit) =>
      LOGIN_MECHANISMS.forEach((mechanism, m) => {
        emit({ mechanism, result: 'ok' }, c.loginsOk[m]);
        emit({ mechanism, result: 'failed' }, c.loginsFailed[m]);
      }),
  });
  for (const [direction, counts] of [
    ['in', c.stanzasIn],
    ['out', c.stanzasOut],
  ] as const) {
    collectedCounter(registry, {
      name: `xmpp_stanzas_${direction}_total`,
      help: direction === 'in' ? 'Stanzas read from clients, by kind and transport.' : 'Stanzas written to clients, by kind and transport.',
      labelNames: ['kind', 'transport'],
      read: (emit) => STANZA_KINDS.forEach((kind, k) => TRANSPORTS.forEach((transport, t) => emit({ kind, transport }, counts[k * 2 + t]))),
    });
  }
  collectedCounter(registry, {
    name: 'xmpp_routed_total',
    help: 'Stanzas the router handled, by kind and outcome (delivered, offline, bounced, dropped).',
    labelNames: ['kind', 'outcome'],
    read: (emit) => STANZA_KINDS.forEach((kind, k) => ROUTE_OUTCOMES.forEach((outcome, o) => emit({ kind, outcome }, c.routedCounts[k * 4 + o]))),
  });
  collectedCounter(registry, {
    name: 'xmpp_offline_stored_total',
    help: 'Messages stored for offline users.',
    read: (emit) => emit({}, c.offlineStoredCount),
  });
  collectedCounter(registry, {
    name: 'xmpp_offline_delivered_total',
    help: 'Stored offline messages delivered when their user came online.',
    read: (emit) => emit({}, c.offlineDeliveredCount),
  });
  collectedCounter(registry, {
    name: 'xmpp_stream_errors_total',
    help: 'Stream errors sent, by RFC 6120 section 4.9.3 condition.',
    labelNames: ['condition'],
    read: (emit) =>
      STREAM_ERROR_CONDITIONS.forEach((condition, i) => {
        // All 25 conditions at zero would be noise; a condition appears once it happened.
        if (c.streamErrors[i] > 0) emit({ condition }, c.streamErrors[i]);
      }),
  });
  return c;
}
