// OTLP/HTTP export of kept traces: a bounded queue drained in batches by a timer, one request in
// flight at a time. A slow or dead collector costs dropped spans (counted), never a blocked node.
import { ExportResultCode, type ExportResult, type InstrumentationScope } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import type { FinishedTrace } from './finished-trace.js';
import { toReadableSpans } from './readable-spans.js';

const FAILURE_LOG_INTERVAL_MS = 60_000;

export interface OtlpExportOptions {
  /** OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces. */
  endpoint: string;
  nodeName: string;
  log?: Logger;
  now(): number;
  /** Replaces the OTLP/HTTP exporter (tests of the queue). */
  exporter?: SpanExporter;
  maxQueueSpans?: number;
  maxBatchSpans?: number;
  flushIntervalMs?: number;
  /** How long close() waits for the last batches. */
  closeTimeoutMs?: number;
}

export interface ExportCounters {
  endpoint: string;
  exportedSpans: number;
  failedBatches: number;
  failedSpans: number;
  droppedSpans: number;
  queuedSpans: number;
}

export class OtlpTraceExport {
  readonly counters: ExportCounters;
  private readonly exporter: SpanExporter;
  private readonly resource: Resource;
  private readonly scope: InstrumentationScope = { name: 'meerkat-node' };
  private readonly maxQueueSpans: number;
  private readonly maxBatchSpans: number;
  private readonly flushIntervalMs: number;
  private queue: FinishedTrace[] = [];
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerIsImmediate = false;
  private lastFailureLogMs = -Infinity;
  private failuresSinceLog = 0;
  private closed = false;

  constructor(private readonly opts: OtlpExportOptions) {
    this.exporter = opts.exporter ?? new OTLPTraceExporter({ url: opts.endpoint, timeoutMillis: 5000 });
    this.resource = resourceFromAttributes({ 'service.name': 'meerkat-node', 'service.instance.id': opts.nodeName });
    this.maxQueueSpans = opts.maxQueueSpans ?? 8192;
    this.maxBatchSpans = opts.maxBatchSpans ?? 512;
    this.flushIntervalMs = opts.flushIntervalMs ?? 1000;
    this.counters = { endpoint: opts.endpoint, exportedSpans: 0, failedBatches: 0, failedSpans: 0, droppedSpans: 0, queuedSpans: 0 };
  }

  enqueue(trace: FinishedTrace): void {
    const spans = trace.spanCount;
    if (this.closed || this.counters.queuedSpans + spans > this.maxQueueSpans) {
      this.counters.droppedSpans += spans;
      return;
    }
    this.queue.push(trace);
    this.counters.queuedSpans += spans;
    this.arm();
  }

  /** Sends what is queued (in batches) and resolves when the last batch is answered. */
  async flush(): Promise<void> {
    while (this.inFlight !== undefined || this.queue.length > 0) {
      if (this.inFlight === undefined) this.sendBatch();
      await this.inFlight;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const limit = this.opts.closeTimeoutMs ?? 2000;
    const done = this.flush().then(() => this.exporter.shutdown());
    // A collector that never answers must not hold up the node's shutdown.
    await Promise.race([done.catch(() => {}), new Promise((resolve) => setTimeout(resolve, limit).unref())]);
  }

  /** Sends at the next interval, or at once when a whole batch is waiting. */
  private arm(): void {
    if (this.inFlight !== undefined) return;
    const full = this.counters.queuedSpans >= this.maxBatchSpans;
    if (this.timer !== undefined) {
      if (!full || this.timerIsImmediate) return;
      clearTimeout(this.timer);
    }
    this.timerIsImmediate = full;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.sendBatch();
      },
      full ? 0 : this.flushIntervalMs,
    );
    this.timer.unref();
  }

  private sendBatch(): void {
    if (this.inFlight !== undefined || this.queue.length === 0) return;
    const spans: ReadableSpan[] = [];
    let taken = 0;
    // Whole traces per batch; a trace larger than a batch goes alone.
    while (taken < this.queue.length && (spans.length === 0 || spans.length + this.queue[taken].spanCount <= this.maxBatchSpans)) {
      for (const span of toReadableSpans(this.queue[taken], this.resource, this.scope)) spans.push(span);
      taken++;
    }
    this.queue = this.queue.slice(taken);
    this.counters.queuedSpans -= spans.length;
    this.inFlight = new Promise<void>((resolve) => {
      this.exporter.export(spans, (result) => {
        this.settled(result, spans.length);
        resolve();
      });
    }).finally(() => {
      this.inFlight = undefined;
      if (this.queue.length > 0 && !this.closed) this.arm();
    });
  }

  private settled(result: ExportResult, count: number): void {
    if (result.code === ExportResultCode.SUCCESS) {
      this.counters.exportedSpans += count;
      return;
    }
    this.counters.failedBatches++;
    this.counters.failedSpans += count;
    this.failuresSinceLog++;
    const now = this.opts.now();
    if (now - this.lastFailureLogMs < FAILURE_LOG_INTERVAL_MS) return;
    this.lastFailureLogMs = now;
    this.opts.log?.warn({
      what: 'trace_export_failed',
      endpoint: this.opts.endpoint,
      failed_batches: this.failuresSinceLog,
      failed_batches_total: this.counters.failedBatches,
      error: result.error?.message,
    });
    this.failuresSinceLog = 0;
  }
}
