// OTLP/HTTP export against a real local HTTP server that records what the exporter POSTs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FinishedTrace } from './finished-trace.js';
import { createNodeTracing, type NodeTracing } from './node-tracing.js';
import { OtlpTraceExport } from './otlp-export.js';

interface Received {
  url: string;
  contentType: string | undefined;
  body: OtlpRequest;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  status: { code: number; message?: string };
}

interface OtlpRequest {
  resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[];
}

interface Collector {
  endpoint: string;
  received: Received[];
  /** Resolves when the n-th request has arrived. */
  waitFor(n: number): Promise<void>;
  server: Server;
}

const servers: Server[] = [];

/** The kept trace of `root` (kept at sample ratio 1) as the node hands it to the export. */
function finished(source: NodeTracing, root: Span): FinishedTrace {
  const trace = source.store.finished(root.spanContext().traceId);
  if (trace === undefined) throw new Error('the trace was not kept: the source tracing must keep every trace (sample ratio 1)');
  return trace;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** `respond` decides the answer; returning undefined leaves the request hanging. */
function startCollector(respond: (req: IncomingMessage, res: ServerResponse) => boolean | void = () => true): Promise<Collector> {
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest });
      for (const w of waiters.filter((w) => received.length >= w.n)) w.resolve();
      const answer = respond(req, res);
      if (answer === true) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      }
    });
  });
  servers.push(server);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({
        endpoint: `http://127.0.0.1:${port}/v1/traces`,
        received,
        server,
        waitFor: (n) => (received.length >= n ? Promise.resolve() : new Promise((r) => waiters.push({ n, resolve: r }))),
      });
    });
  });
}

function attribute(attributes: OtlpAttribute[], key: string): unknown {
  const found = attributes.find((a) => a.key === key)?.value;
  return found?.stringValue ?? found?.intValue ?? found?.boolValue;
}

describe('OTLP/HTTP export', () => {
  it('POSTs the kept traces (and only those) as OTLP JSON with the node as resource', async () => {
    const collector = await startCollector();
    const tracing = createNodeTracing({ nodeName: 'node-a', sampleRatio: 0, slowThresholdMs: 1000, maxTraces: 10, otlpEndpoint: collector.endpoint, sweepIntervalMs: 0 });
    const tracer = tracing.telemetryTracer;
    tracer.startSpan('fast-and-fine').end();
    const root = tracer.startSpan('c2s.receive', { attributes: { 'xmpp.from': 'alice@localhost/phone', 'runtime.pid': 7 } });
    tracing.withSpan(root, () => {
      const route = tracer.startSpan('router.route');
      route.setStatus({ code: SpanStatusCode.ERROR, message: 'no route' });
      route.end();
    });
    root.end();
    await tracing.close();

    expect(collector.received).toHaveLength(1);
    const [request] = collector.received;
    expect(request.url).toBe('/v1/traces');
    expect(request.contentType).toBe('application/json');
    const [resourceSpans] = request.body.resourceSpans;
    expect(attribute(resourceSpans.resource.attributes, 'service.name')).toBe('meerkat-node');
    expect(attribute(resourceSpans.resource.attributes, 'service.instance.id')).toBe('node-a');
    const spans = resourceSpans.scopeSpans.flatMap((s) => s.spans);
    const { traceId, spanId } = root.spanContext();
    expect(spans.map((s) => [s.name, s.traceId, s.parentSpanId ?? ''])).toEqual([
      ['c2s.receive', traceId, ''],
      ['router.route', traceId, spanId],
    ]);
    expect(spans[1].status).toEqual({ code: SpanStatusCode.ERROR, message: 'no route' });
    expect(attribute(spans[0].attributes, 'xmpp.from')).toBe('alice@localhost/phone');
    expect(Number(attribute(spans[0].attributes, 'runtime.pid'))).toBe(7);
    const stored = tracing.store.get(traceId)?.spans[0];
    const startMicros = Number(BigInt(spans[0].startTimeUnixNano) / 1000n);
    expect(Math.abs(startMicros - (stored?.startMs ?? 0) * 1000)).toBeLessThanOrEqual(1);
    expect(BigInt(spans[0].endTimeUnixNano) >= BigInt(spans[0].startTimeUnixNano)).toBe(true);
    expect(tracing.stats().export).toMatchObject({ endpoint: collector.endpoint, exportedSpans: 2, failedBatches: 0, droppedSpans: 0, queuedSpans: 0 });
  });

  it('sends batches on its own timer, whole traces per batch', async () => {
    const collector = await startCollector();
    const source = createNodeTracing({ nodeName: 'n', sampleRatio: 1, slowThresholdMs: 1000, maxTraces: 10, sweepIntervalMs: 0 });
    const exporter = new OtlpTraceExport({ endpoint: collector.endpoint, nodeName: 'n', now: Date.now, maxBatchSpans: 3, flushIntervalMs: 10 });
    for (let i = 0; i < 3; i++) {
      const root = source.telemetryTracer.startSpan(`t${i}`);
      source.withSpan(root, () => source.telemetryTracer.startSpan(`t${i}.child`).end());
      root.end();
      exporter.enqueue(finished(source, root));
    }
    await collector.waitFor(3);
    const batches = collector.received.map((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans.map((sp) => sp.name))));
    expect(batches).toEqual([
      ['t0', 't0.child'],
      ['t1', 't1.child'],
      ['t2', 't2.child'],
    ]);
    await exporter.close();
  });

  it('counts failed batches and logs them at most once a minute', async () => {
    const collector = await startCollector((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"code":3,"message":"bad"}');
    });
    const lines: Record<string, unknown>[] = [];
    const log = pino({}, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) });
    const clock = { ms: 1_800_000_000_000 };
    const source = createNodeTracing({ nodeName: 'n', sampleRatio: 1, slowThresholdMs: 1000, maxTraces: 10, sweepIntervalMs: 0 });
    const exporter = new OtlpTraceExport({ endpoint: collector.endpoint, nodeName: 'n', log, now: () => clock.ms });
    const send = async () => {
      const span = source.telemetryTracer.startSpan('x');
      span.end();
      exporter.enqueue(finished(source, span));
      await exporter.flush();
    };
    await send();
    clock.ms += 30_000;
    await send();
    clock.ms += 31_000;
    await send();
    expect(exporter.counters).toMatchObject({ failedBatches: 3, failedSpans: 3, exportedSpans: 0 });
    const warnings = lines.filter((l) => l.what === 'trace_export_failed');
    expect(warnings.map((w) => [w.failed_batches, w.failed_batches_total])).toEqual([
      [1, 1],
      [2, 3],
    ]);
    expect(warnings[0].endpoint).toBe(collector.endpoint);
    await exporter.close();
  });

  it('drops (and counts) spans past the queue bound, and close() does not wait for a collector that never answers', async () => {
    const collector = await startCollector(() => undefined);
    const source = createNodeTracing({ nodeName: 'n', sampleRatio: 1, slowThresholdMs: 1000, maxTraces: 10, sweepIntervalMs: 0 });
    const exporter = new OtlpTraceExport({ endpoint: collector.endpoint, nodeName: 'n', now: Date.now, maxQueueSpans: 5, closeTimeoutMs: 100 });
    for (let i = 0; i < 3; i++) {
      const root = source.telemetryTracer.startSpan(`t${i}`);
      source.withSpan(root, () => source.telemetryTracer.startSpan('child').end());
      root.end();
      exporter.enqueue(finished(source, root));
    }
    expect(exporter.counters).toMatchObject({ queuedSpans: 4, droppedSpans: 2 });
    await exporter.close();
    expect(collector.received.length).toBeLessThanOrEqual(1);
  });
});
