// Measures what tracing costs per span on the stanza path (receive → hooks → route → deliver), for
// this tracer and for the OTel no-op tracer. Not a test (no timing asserts); run after a build:
//   npm run build && node dist/embedded-server/observability/tracing/measure-span-cost.js
import { ROOT_CONTEXT, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createNodeTracing } from './node-tracing.js';

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

function nsPerSpan(label: string, tracer: Tracer, withSpan: <T>(span: Span | undefined, fn: () => T) => T, stanzas: number): number {
  for (let i = 0; i < 50_000; i++) stanzaPath(tracer, withSpan, i);
  // CPU time, not wall time: the figure stays meaningful on a machine busy with other work.
  const started = process.cpuUsage();
  for (let i = 0; i < stanzas; i++) stanzaPath(tracer, withSpan, i);
  const used = process.cpuUsage(started);
  const ns = ((used.user + used.system) * 1000) / (stanzas * SPANS_PER_STANZA);
  process.stdout.write(`${label.padEnd(46)} ${ns.toFixed(0).padStart(6)} ns/span (CPU)\n`);
  return ns;
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
  const sdk = sdkTracer();
  nsPerSpan('OTel SDK BasicTracerProvider + ring processor', sdk.tracer, sdk.withSpan, Math.min(stanzas, 200_000));
  for (const sampleRatio of [0.01, 1]) {
    const tracing = createNodeTracing({ nodeName: 'bench', sampleRatio, slowThresholdMs: 50, maxTraces: 10_000, sweepIntervalMs: 0 });
    nsPerSpan(`meerkat tracer, sample_ratio ${sampleRatio}`, tracing.telemetryTracer, tracing.withSpan, stanzas);
    const s = tracing.stats();
    process.stdout.write(`  kept ${JSON.stringify(s.kept)} dropped ${JSON.stringify(s.dropped)} open ${s.openTraces}\n`);
    void tracing.close();
  }
}

if (process.argv[1]?.endsWith('measure-span-cost.js')) main(Number(process.argv[2] ?? 1_000_000));
