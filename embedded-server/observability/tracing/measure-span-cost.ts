// Measures what tracing costs per span on the stanza path (receive → hooks → route → deliver), for
// this tracer (through the OTel API, and through the span stack the node's stanza path uses) and for
// the OTel no-op tracer. Not a test (no timing asserts); run after a build:
//   npm run build && node dist/embedded-server/observability/tracing/measure-span-cost.js
import { ROOT_CONTEXT, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { parseJid } from '../../base/jid.js';
import { NO_SPANS, stanzaMeta, type SpanStack, type StanzaMeta } from '../../core/telemetry.js';
import { createNodeTracing, type TraceDetailMode } from './node-tracing.js';

const SPANS_PER_STANZA = 4;

function stanzaPath(tracer: Tracer, withSpan: <T>(span: Span | undefined, fn: () => T) => T, i: number): void {
  const receive = tracer.startSpan('c2s.receive', {
    attributes: { 'xmpp.kind': 'message', 'xmpp.type': 'chat', 'xmpp.from': 'alice@localhost/phone', 'xmpp.to': 'bob@localhost', 'runtime.pid': i },
  });
  let deliver: Span | undefined;
  withSpan(receive, () => {
    const hooks = tracer.startSpan('hooks.user_send_packet');
    hooks.end();
    const route = tracer.startSpan('router.route', { attributes: { 'xmpp.kind': 'message', 'xmpp.to': 'bob@localhost' } });
    withSpan(route, () => {
      deliver = tracer.startSpan('c2s.deliver', { attributes: { 'xmpp.to': 'bob@localhost/laptop' } });
    });
    route.end();
  });
  receive.end();
  deliver?.end();
}

const FROM = parseJid('alice@localhost/phone');
const TO = parseJid('bob@localhost');
const RECIPIENT = parseJid('bob@localhost/laptop');
/** Deliveries waiting in the recipient's mailbox, as under load: their traces stay open meanwhile. */
const IN_FLIGHT = 64;

const STANZA = { name: 'message', type: 'chat', to: 'bob@localhost', pid: 7 };
const SESSION = { jid: RECIPIENT, pid: 8 };
const describeReceived = (stanza: typeof STANZA) => ({ 'xmpp.kind': stanza.name, 'xmpp.type': stanza.type, 'xmpp.from': FROM.toString(), 'xmpp.to': stanza.to, 'runtime.pid': stanza.pid });
const describeStanza = (stanza: typeof STANZA) => ({ 'xmpp.kind': stanza.name, 'xmpp.type': stanza.type });
const describeDelivery = (session: typeof SESSION) => ({ 'xmpp.to': session.jid.toString(), 'runtime.pid': session.pid });

/** The same path as the node records it (c2s/bound-session.ts, core/router.ts), the deliver span parked in its message. */
function stackPath(spans: SpanStack, i: number, waiting: StanzaMeta[]): void {
  const receivedAt = performance.now();
  spans.open('c2s.receive', receivedAt, describeReceived, STANZA);
  spans.open('hooks.user_send_packet');
  spans.close();
  spans.open('router.route', undefined, describeStanza, STANZA);
  spans.attribute('xmpp.from', FROM);
  spans.attribute('xmpp.to', TO);
  const meta = stanzaMeta(receivedAt);
  spans.openParked(meta, 'c2s.deliver', performance.now(), describeDelivery, SESSION);
  spans.close();
  spans.close();
  const slot = i % IN_FLIGHT;
  const delivered = waiting[slot];
  waiting[slot] = meta;
  if (delivered !== undefined) spans.closeParked(delivered, undefined, performance.now());
}

/** CPU time, not wall time: the figure stays meaningful on a machine busy with other work. */
function report(label: string, stanzas: number, run: () => void): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  const ns = ((used.user + used.system) * 1000) / (stanzas * SPANS_PER_STANZA);
  process.stdout.write(`${label.padEnd(64)} ${ns.toFixed(0).padStart(6)} ns/span (CPU)\n`);
  return ns;
}

function nsPerSpan(label: string, tracer: Tracer, withSpan: <T>(span: Span | undefined, fn: () => T) => T, stanzas: number): number {
  for (let i = 0; i < 50_000; i++) stanzaPath(tracer, withSpan, i);
  return report(label, stanzas, () => {
    for (let i = 0; i < stanzas; i++) stanzaPath(tracer, withSpan, i);
  });
}

function nsPerStackSpan(label: string, spans: SpanStack, stanzas: number): number {
  const waiting: StanzaMeta[] = [];
  for (let i = 0; i < 50_000; i++) stackPath(spans, i, waiting);
  return report(label, stanzas, () => {
    for (let i = 0; i < stanzas; i++) stackPath(spans, i, waiting);
  });
}

/** The stock SDK with the cheapest useful processor (ended spans into a ring) and an explicit-context stack. */
function sdkTracer(): { tracer: Tracer; withSpan: <T>(span: Span | undefined, fn: () => T) => T } {
  const ring: ReadableSpan[] = [];
  let next = 0;
  const processor: SpanProcessor = {
    onStart: () => {},
    onEnd: (span) => {
      ring[next] = span;
      next = (next + 1) % 40_000;
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const sdk = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('bench');
  const stack: Span[] = [];
  const tracer = {
    startSpan: (name: string, options?: SpanOptions, context?: Context) =>
      sdk.startSpan(name, options, context ?? (stack.length > 0 ? trace.setSpan(ROOT_CONTEXT, stack[stack.length - 1]) : ROOT_CONTEXT)),
    startActiveSpan: () => {
      throw new Error('unused');
    },
  } as Tracer;
  const withSpan = <T>(span: Span | undefined, fn: () => T): T => {
    if (span === undefined) return fn();
    stack.push(span);
    try {
      return fn();
    } finally {
      stack.pop();
    }
  };
  return { tracer, withSpan };
}

export function main(stanzas = 1_000_000): void {
  const noop = trace.getTracer('noop');
  nsPerSpan('OTel API no-op tracer (baseline)', noop, (_s, fn) => fn(), stanzas);
  nsPerStackSpan('no-op span stack, two clock reads (baseline)', NO_SPANS, stanzas);
  const sdk = sdkTracer();
  nsPerSpan('OTel SDK BasicTracerProvider + ring processor', sdk.tracer, sdk.withSpan, Math.min(stanzas, 200_000));
  const cases: [number, TraceDetailMode][] = [
    [0.01, 'sampled'],
    [0.01, 'all'],
    [1, 'sampled'],
  ];
  for (const [sampleRatio, detail] of cases) {
    const tracing = createNodeTracing({ nodeName: 'bench', sampleRatio, detail, slowThresholdMs: 50, maxTraces: 10_000, sweepIntervalMs: 0 });
    nsPerSpan(`meerkat tracer via OTel API, sample_ratio ${sampleRatio}`, tracing.telemetryTracer, tracing.withSpan, stanzas);
    nsPerStackSpan(`meerkat span stack, sample_ratio ${sampleRatio}, detail ${detail}`, tracing.spans, stanzas);
    const s = tracing.stats();
    process.stdout.write(`  kept ${JSON.stringify(s.kept)} dropped ${JSON.stringify(s.dropped)} open ${s.openTraces}\n`);
    void tracing.close();
  }
}

if (process.argv[1]?.endsWith('measure-span-cost.js')) main(Number(process.argv[2] ?? 1_000_000));
