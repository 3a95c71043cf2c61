// Cost of one ChatMetrics call as the chat code makes it (per stanza), against prom-client's own
// pre-bound children for comparison. Run after a build:
//   npm run build && node dist/embedded-server/observability/metrics/hot-path-bench.js
import { Counter, Histogram, Registry } from 'prom-client';
import { SessionTable } from '../../core/sessions.js';
import type { ChatMetrics } from '../../core/telemetry.js';
import { Runtime } from '../../runtime/index.js';
import { LATENCY_BUCKETS_SECONDS } from './chat-metrics.js';
import { createNodeMetrics } from './node-metrics.js';

const CALLS = 10_000_000;

function measure(label: string, call: (i: number) => void): void {
  for (let i = 0; i < CALLS / 10; i++) call(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) call(i);
  const ns = Number(process.hrtime.bigint() - start) / CALLS;
  console.log(`${label.padEnd(46)} ${ns.toFixed(1).padStart(7)} ns/call`);
}

const metrics = createNodeMetrics({ nodeName: 'bench', runtime: new Runtime(), sessions: new SessionTable(), historySeconds: 3600, sampleIntervalMs: 0 });
const chat: ChatMetrics = metrics.chat;
const kinds = ['message', 'presence', 'iq'] as const;
const latency = (i: number) => ((i % 997) + 1) * 2e-6;

measure('ChatMetrics.stanzaIn(kind, transport)', (i) => chat.stanzaIn(kinds[i % 3], i & 1 ? 'tcp' : 'websocket'));
measure('ChatMetrics.stanzaOut(kind, transport)', (i) => chat.stanzaOut(kinds[i % 3], 'tcp'));
measure('ChatMetrics.routed(kind, outcome)', (i) => chat.routed(kinds[i % 3], 'delivered'));
measure('ChatMetrics.routingLatency(seconds)', (i) => chat.routingLatency(latency(i)));
measure('ChatMetrics.deliveryLatency(seconds)', (i) => chat.deliveryLatency(latency(i)));
measure('all five per-message calls together', (i) => {
  chat.stanzaIn('message', 'tcp');
  chat.routed('message', 'delivered');
  chat.routingLatency(latency(i));
  chat.stanzaOut('message', 'tcp');
  chat.deliveryLatency(latency(i));
});

const registry = new Registry();
const counter = new Counter({ name: 'bench_total', help: 'bench', labelNames: ['kind', 'transport'], registers: [registry] });
const child = counter.labels('message', 'tcp');
const histogram = new Histogram({ name: 'bench_seconds', help: 'bench', buckets: LATENCY_BUCKETS_SECONDS, registers: [registry] });
const histogramChild = histogram.labels();
measure('(prom-client) counter.labels(...).inc()', () => child.inc());
measure('(prom-client) histogram.labels().observe()', (i) => histogramChild.observe(latency(i)));

async function perOnce(label: string, times: number, run: () => unknown): Promise<void> {
  await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < times; i++) await run();
  console.log(`${label.padEnd(46)} ${(Number(process.hrtime.bigint() - start) / times / 1000).toFixed(1).padStart(7)} µs`);
}

const text = await metrics.registry.metrics();
await perOnce(`history sample (${metrics.history.series().length} series, once a second)`, 1000, () => metrics.sampleNow());
await perOnce(`scrape of /metrics (${text.length} bytes)`, 200, () => metrics.registry.metrics());
await perOnce('history query: 3600 points x 4 series -> 1000', 200, () =>
  metrics.history.query({ series: ['stanzas_in_message_per_s', 'sessions', 'heap_used_bytes', 'routing_latency_p99_seconds'], maxPoints: 1000 }),
);
metrics.close();
