// Tail sampling: the decision is taken once a trace is complete, when its outcome is known, so every
// error and every slow trace is kept and only ordinary traces are sampled.
import { SpanStatusCode } from '@opentelemetry/api';
import type { LightSpan } from './light-span.js';

export type KeptReason = 'error' | 'slow' | 'sampled';

export interface SamplingPolicy {
  /** Share of ordinary traces kept, 0..1. */
  sampleRatio: number;
  /** A trace at least this long is always kept. */
  slowThresholdMs: number;
}

export interface TraceVerdict {
  /** Undefined when the trace is dropped. */
  keep: KeptReason | undefined;
  durationMs: number;
}

/**
 * Judges a complete trace (its spans from `first` on). `closedAtMs` stands in for the end of spans that never ended (a trace
 * closed for being open too long).
 */
export function judgeTrace(first: LightSpan, startMs: number, closedAtMs: number, policy: SamplingPolicy, random: () => number): TraceVerdict {
  let error = false;
  let endMs = startMs;
  for (let span: LightSpan | undefined = first; span !== undefined; span = span.next) {
    if (span.status.code === SpanStatusCode.ERROR) error = true;
    const end = Number.isNaN(span.endMs) ? closedAtMs : span.endMs;
    if (end > endMs) endMs = end;
  }
  const durationMs = endMs - startMs;
  if (error) return { keep: 'error', durationMs };
  if (durationMs >= policy.slowThresholdMs) return { keep: 'slow', durationMs };
  // random() is in [0, 1): a ratio of 0 keeps none, 1 keeps all.
  return { keep: random() < policy.sampleRatio ? 'sampled' : undefined, durationMs };
}
