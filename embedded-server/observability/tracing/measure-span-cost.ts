// Measures what tracing costs per span on the stanza path (receive → hooks → route → deliver), for
// this tracer and for the OTel no-op tracer. Not a test (no timing asserts); run after a build:
//   npm run build && node dist/embedded-server/observability/tracing/measure-span-cost.js
import { trace, type Span, type Tracer } from '@opentelemetry/api';
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
  const started = process.hrtime.bigint();
  for (let i = 0; i < stanzas; i++) stanzaPath(tracer, withSpan, i);
  const ns = Number(process.hrtime.bigint() - started) / (stanzas * SPANS_PER_STANZA);
  process.stdout.write(`${label.padEnd(44)} ${ns.toFixed(0).padStart(6)} ns/span\n`);
  return ns;
}

export function main(stanzas = 1_000_000): void {
  const noop = trace.getTracer('noop');
  nsPerSpan('OTel API no-op tracer (baseline)', noop, (_s, fn) => fn(), stanzas);
  for (const sampleRatio of [0.01, 1]) {
    const tracing = createNodeTracing({ nodeName: 'bench', sampleRatio, slowThresholdMs: 50, maxTraces: 10_000, sweepIntervalMs: 0 });
    nsPerSpan(`meerkat tracer, sample_ratio ${sampleRatio}`, tracing.telemetryTracer, tracing.withSpan, stanzas);
    const s = tracing.stats();
    process.stdout.write(`  kept ${JSON.stringify(s.kept)} dropped ${JSON.stringify(s.dropped)} open ${s.openTraces}\n`);
    void tracing.close();
  }
}

if (process.argv[1]?.endsWith('measure-span-cost.js')) main(Number(process.argv[2] ?? 1_000_000));
