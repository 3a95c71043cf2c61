// Where spans are born and traces are judged: one recorder per node. Open traces are bounded in
// number and in age, so a span that is never ended (a bug, a stuck stanza) cannot hold memory.
import { isSpanContextValid, type Attributes, type Span, type SpanKind, type SpanOptions } from '@opentelemetry/api';
import { LightSpan, TraceBuffer, timeInputMs, type SpanRecorderHooks } from './light-span.js';
import { judgeTrace, type KeptReason, type SamplingPolicy } from './tail-sampling.js';
import { RandomIds } from './trace-ids.js';

export interface SpanRecorderOptions extends SamplingPolicy {
  now(): number;
  random(): number;
  /** Past this many open traces the oldest is dropped unjudged (counted as evicted). */
  maxOpenTraces: number;
  /** Spans past this many in one trace are not recorded (counted). */
  maxSpansPerTrace: number;
  /** sweep() closes traces open longer than this and judges them as they are. */
  openTraceTimeoutMs: number;
  onKept(trace: TraceBuffer, verdict: KeptTrace): void;
}

export interface KeptTrace {
  reason: KeptReason;
  startMs: number;
  durationMs: number;
}

export interface RecorderCounters {
  kept: Record<KeptReason, number>;
  dropped: { not_sampled: number; evicted: number };
  forcedComplete: number;
  lateSpans: number;
  spansOverLimit: number;
}

export class SpanRecorder implements SpanRecorderHooks {
  readonly counters: RecorderCounters = {
    kept: { error: 0, slow: 0, sampled: 0 },
    dropped: { not_sampled: 0, evicted: 0 },
    forcedComplete: 0,
    lateSpans: 0,
    spansOverLimit: 0,
  };
  readonly now: () => number;
  /** Open traces as a linked list in start order (oldest first): O(1) to add and remove, no hashing. */
  private oldest: TraceBuffer | undefined;
  private newest: TraceBuffer | undefined;
  private openCount = 0;
  private readonly ids = new RandomIds();

  constructor(private readonly opts: SpanRecorderOptions) {
    this.now = opts.now;
  }

  newTraceId(): string {
    return this.ids.traceId();
  }

  newSpanId(): string {
    return this.ids.spanId();
  }

  get openTraceCount(): number {
    return this.openCount;
  }

  start(name: string, options: SpanOptions | undefined, parent: Span | undefined): Span {
    let startMs: number;
    let kind: SpanKind | undefined;
    let attributes: Attributes | undefined;
    if (options === undefined) startMs = this.now();
    else {
      startMs = options.startTime === undefined ? this.now() : timeInputMs(options.startTime);
      kind = options.kind;
      attributes = options.attributes;
    }
    let span: LightSpan;
    if (parent instanceof LightSpan && parent.trace.hooks === this) {
      const trace = parent.trace;
      if (!parent.recorded || trace.done || trace.spanCount >= this.opts.maxSpansPerTrace) {
        if (trace.done || !parent.recorded) this.counters.lateSpans++;
        else this.counters.spansOverLimit++;
        return new LightSpan(trace, parent, name, kind, attributes, startMs, false);
      }
      span = new LightSpan(trace, parent, name, kind, attributes, startMs, true);
      trace.append(span);
      trace.open++;
    } else {
      // A parent that is not ours (extracted from traceparent, or another node's tracer) continues its trace.
      const remote = parent?.spanContext();
      const trace =
        remote !== undefined && isSpanContextValid(remote)
          ? new TraceBuffer(this, startMs, remote.traceId, remote.spanId, remote.traceState)
          : new TraceBuffer(this, startMs, undefined, undefined, undefined);
      span = new LightSpan(trace, undefined, name, kind, attributes, startMs, true);
      trace.append(span);
      this.link(trace);
      if (this.openCount > this.opts.maxOpenTraces) this.evictOldest();
    }
    if (options?.links !== undefined) span.addLinks(options.links);
    return span;
  }

  completed(trace: TraceBuffer): void {
    this.unlink(trace);
    this.judge(trace, this.now());
  }

  /** Closes and judges traces open for longer than openTraceTimeoutMs. */
  sweep(): void {
    const now = this.now();
    const limit = now - this.opts.openTraceTimeoutMs;
    while (this.oldest !== undefined && this.oldest.startMs <= limit) {
      const trace = this.oldest;
      this.close(trace);
      trace.incomplete = true;
      this.counters.forcedComplete++;
      this.judge(trace, now);
    }
  }

  private link(trace: TraceBuffer): void {
    trace.older = this.newest;
    if (this.newest === undefined) this.oldest = trace;
    else this.newest.newer = trace;
    this.newest = trace;
    this.openCount++;
  }

  private unlink(trace: TraceBuffer): void {
    const { older, newer } = trace;
    if (older === undefined) this.oldest = newer;
    else older.newer = newer;
    if (newer === undefined) this.newest = older;
    else newer.older = older;
    trace.older = trace.newer = undefined;
    this.openCount--;
  }

  private evictOldest(): void {
    const trace = this.oldest;
    if (trace === undefined) return;
    this.close(trace);
    trace.done = true;
    this.counters.dropped.evicted++;
  }

  /** Spans still open stop recording; their end stays unknown. */
  private close(trace: TraceBuffer): void {
    this.unlink(trace);
    for (let span: LightSpan | undefined = trace.first; span !== undefined; span = span.next) span.ended = true;
  }

  private judge(trace: TraceBuffer, closedAtMs: number): void {
    trace.done = true;
    const verdict = judgeTrace(trace.first, trace.startMs, closedAtMs, this.opts, this.opts.random);
    if (verdict.keep === undefined) {
      this.counters.dropped.not_sampled++;
      return;
    }
    this.counters.kept[verdict.keep]++;
    this.opts.onKept(trace, { reason: verdict.keep, startMs: trace.startMs, durationMs: verdict.durationMs });
  }
}
