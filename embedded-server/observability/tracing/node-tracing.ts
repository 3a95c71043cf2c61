// One node's tracing, assembled: the OTel API tracer and the span stack (core/telemetry.ts
// SpanStack) the chat code calls, tail sampling into the in-memory store, W3C propagation, and
// OTLP/HTTP export of kept traces when an endpoint is set.
// Everything is an instance; nothing is registered with the OTel globals.
import type { Span, SpanContext, Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { SpanStack } from '../../core/telemetry.js';
import { OtlpTraceExport } from './otlp-export.js';
import { SpanRecorder } from './span-recorder.js';
import { StackTracer } from './stack-tracer.js';
import { TraceStore } from './trace-store.js';
import type { TracingStats } from './trace-records.js';
import { extractTraceContext, injectTraceContext, type TraceCarrier } from './w3c-trace-context.js';

export interface NodeTracingOptions {
  nodeName: string;
  /** Share of ordinary (fast, error-free) traces kept, 0..1. */
  sampleRatio: number;
  /** Traces at least this long are always kept (within maxKeptPerSecond). */
  slowThresholdMs: number;
  /**
   * "sampled" (default): only the traces the sampling draw picks when they begin record every span;
   * the others are outlines (outline-trace.ts), kept when they fail or are slow. "all": every trace
   * records every span until it is judged.
   */
  detail?: TraceDetailMode;
  /** Traces kept per second at most (errors and slow ones may use all of it). Default 200. */
  maxKeptPerSecond?: number;
  /** Sampled traces kept per second at most (within maxKeptPerSecond). Default 10. */
  maxSampledPerSecond?: number;
  /** Kept traces held in memory. */
  maxTraces: number;
  /** OTLP/HTTP traces URL; kept traces are exported there when set. */
  otlpEndpoint?: string;
  log?: Logger;
  /** Epoch milliseconds with sub-millisecond precision. */
  now?: () => number;
  /** Uniform in [0, 1), for the sampling draw. */
  random?: () => number;
  /** Default 10,000. */
  maxOpenTraces?: number;
  /** Default 256. */
  maxSpansPerTrace?: number;
  /** Traces open longer are closed and judged as they are. Default 60 s. */
  openTraceTimeoutMs?: number;
  /** How often open traces are checked against openTraceTimeoutMs. Default 5 s; 0 disables the timer (call sweep()). */
  sweepIntervalMs?: number;
}

export interface NodeTracing {
  /** The tracer for the chat code (core/telemetry.ts Telemetry.tracer). */
  readonly telemetryTracer: Tracer;
  /** The same tracer's current-span stack for the stanza path (Telemetry.spans). */
  readonly spans: SpanStack;
  /** Runs fn with `span` as the current span; synchronous code only. */
  withSpan<T>(span: Span | undefined, fn: () => T): T;
  activeSpan(): Span | undefined;
  /** pino `mixin`: { trace_id, span_id } of the current span, or {}. */
  logMixin(): object;
  readonly store: TraceStore;
  stats(): TracingStats;
  inject(span: Span, carrier: TraceCarrier): void;
  extract(carrier: TraceCarrier): SpanContext | undefined;
  /** Closes traces open longer than the timeout (the timer does this every sweepIntervalMs). */
  sweep(): void;
  /** Stops the timer and sends the last kept traces to the OTLP endpoint (bounded wait). */
  close(): Promise<void>;
}

export type TraceDetailMode = 'sampled' | 'all';

export const DEFAULT_MAX_KEPT_PER_SECOND = 200;
export const DEFAULT_MAX_SAMPLED_PER_SECOND = 10;
const TIME_ORIGIN = performance.timeOrigin;
const DEFAULT_NOW = () => TIME_ORIGIN + performance.now();

export function createNodeTracing(opts: NodeTracingOptions): NodeTracing {
  const now = opts.now ?? DEFAULT_NOW;
  const store = new TraceStore(opts.maxTraces);
  const exporter =
    opts.otlpEndpoint === undefined ? undefined : new OtlpTraceExport({ endpoint: opts.otlpEndpoint, nodeName: opts.nodeName, log: opts.log, now });
  const maxKeptPerSecond = opts.maxKeptPerSecond ?? DEFAULT_MAX_KEPT_PER_SECOND;
  const maxSampledPerSecond = opts.maxSampledPerSecond ?? DEFAULT_MAX_SAMPLED_PER_SECOND;
  const recorder = new SpanRecorder({
    sampleRatio: opts.sampleRatio,
    slowThresholdMs: opts.slowThresholdMs,
    maxKeptPerSecond,
    maxSampledPerSecond,
    detailAll: opts.detail === 'all',
    now,
    random: opts.random ?? Math.random,
    maxOpenTraces: opts.maxOpenTraces ?? 10_000,
    maxSpansPerTrace: opts.maxSpansPerTrace ?? 256,
    openTraceTimeoutMs: opts.openTraceTimeoutMs ?? 60_000,
    onKept(trace, kept) {
      store.add(trace, kept);
      exporter?.enqueue(trace);
    },
  });
  const tracer = new StackTracer(recorder);
  const sweepIntervalMs = opts.sweepIntervalMs ?? 5000;
  const timer = sweepIntervalMs > 0 ? setInterval(() => recorder.sweep(), sweepIntervalMs).unref() : undefined;

  return {
    telemetryTracer: tracer,
    spans: tracer,
    withSpan: (span, fn) => tracer.withSpan(span, fn),
    activeSpan: () => tracer.activeSpan(),
    logMixin: () => tracer.logMixin(),
    store,
    stats: () => {
      const c = recorder.counters;
      return {
        sampleRatio: opts.sampleRatio,
        slowThresholdMs: opts.slowThresholdMs,
        maxKeptPerSecond,
        maxSampledPerSecond,
        kept: { ...c.kept },
        dropped: { ...c.dropped },
        openTraces: recorder.openTraceCount,
        storedTraces: store.size,
        maxTraces: store.maxTraces,
        forcedComplete: c.forcedComplete,
        lateSpans: c.lateSpans,
        spansOverLimit: c.spansOverLimit,
        export: exporter === undefined ? null : { ...exporter.counters },
      };
    },
    inject: injectTraceContext,
    extract: extractTraceContext,
    sweep: () => recorder.sweep(),
    async close() {
      clearInterval(timer);
      await exporter?.close();
    },
  };
}
