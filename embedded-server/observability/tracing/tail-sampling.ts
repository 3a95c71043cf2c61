// Tail sampling: the decision is taken once a trace is complete, when its outcome is known, so every
// error and every slow trace is kept and only ordinary traces are sampled.
import { SpanStatusCode } from '@opentelemetry/api';
import type { TraceRecord } from './trace-record.js';

export type KeptReason = 'error' | 'slow' | 'sampled';

export interface SamplingPolicy {
  /** Share of ordinary traces kept, 0..1. */
  sampleRatio: number;
  /** A trace at least this long is always kept. */
  slowThresholdMs: number;
}

/**
 * From the trace's start to the last end of its spans. `closedAtMs` stands in for the end of spans
 * that never ended (a trace closed for being open too long).
 */
export function traceDurationMs(record: TraceRecord, closedAtMs: number): number {
  let endMs = record.startMs;
  for (let slot = 0; slot < record.count; slot++) {
    const end = record.endOf(slot);
    const at = Number.isNaN(end) ? closedAtMs : end;
    if (at > endMs) endMs = at;
  }
  return endMs - record.startMs;
}

/** Why a complete trace `durationMs` long is kept, or undefined when it is dropped. */
export function judgeTrace(record: TraceRecord, durationMs: number, policy: SamplingPolicy, random: () => number): KeptReason | undefined {
  const { statusCodes } = record;
  for (let slot = 0; slot < record.count; slot++) if (statusCodes[slot] === SpanStatusCode.ERROR) return 'error';
  if (durationMs >= policy.slowThresholdMs) return 'slow';
  // random() is in [0, 1): a ratio of 0 keeps none, 1 keeps all.
  return random() < policy.sampleRatio ? 'sampled' : undefined;
}
