// Tail sampling: the decision is taken once a trace is complete, when its outcome is known, so every
// error and every slow trace is kept and only ordinary traces are sampled — within a budget of
// traces kept per second, so that a node falling behind (when every trace is slow) does not spend
// more on keeping traces than on the work that is late.
import { SpanStatusCode } from '@opentelemetry/api';
import type { TraceRecord } from './trace-record.js';

export type KeptReason = 'error' | 'slow' | 'sampled';

export interface SamplingPolicy {
  /** Share of ordinary traces kept, 0..1. */
  sampleRatio: number;
  /** A trace at least this long is always kept (within maxKeptPerSecond). */
  slowThresholdMs: number;
  /** Traces kept per second at most. Errors and slow traces may use all of it. */
  maxKeptPerSecond: number;
  /**
   * Sampled traces kept per second at most (and never more than maxKeptPerSecond), so that a high
   * message rate times sample_ratio neither crowds the others out nor fills the store (and the old
   * generation) with copies of ordinary traces: each kept one costs a copy held for as long as the
   * store keeps it, which at 100 a second cost the node 2-3% of its CPU at 15,000 msgs/s
   * (docs/benchmarks.md).
   */
  maxSampledPerSecond: number;
}

/**
 * The per-second budget of kept traces, on one-second windows of the traces' end times (readings
 * the traces already hold: no clock read of its own).
 */
export class KeepBudget {
  private windowStartMs = -Infinity;
  private keptInWindow = 0;
  private readonly sampledLimit: number;

  constructor(
    private readonly limit: number,
    sampledLimit: number,
  ) {
    this.sampledLimit = Math.min(sampledLimit, limit);
  }

  /**
   * Whether a sampled trace beginning at `atMs` would be refused, its window's sampled traces all
   * kept (the caller need not record it in detail). A trace begun a little before the window started
   * ends in it.
   */
  sampledFull(atMs: number): boolean {
    return this.keptInWindow >= this.sampledLimit && atMs - this.windowStartMs < 1000 && this.windowStartMs - atMs < 1000;
  }

  /** Whether a trace kept for `reason`, ended at `endMs`, fits the budget; if so, it is counted. */
  take(reason: KeptReason, endMs: number): boolean {
    if (endMs - this.windowStartMs >= 1000 || endMs < this.windowStartMs) {
      this.windowStartMs = endMs;
      this.keptInWindow = 0;
    }
    if (this.keptInWindow >= (reason === 'sampled' ? this.sampledLimit : this.limit)) return false;
    this.keptInWindow++;
    return true;
  }
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

/** The sampling draw: whether an ordinary trace is kept. random() is in [0, 1): a ratio of 0 keeps none, 1 keeps all. */
export function drawSampled(policy: SamplingPolicy, random: () => number): boolean {
  return random() < policy.sampleRatio;
}

/**
 * The rule: why a complete trace `durationMs` long, with a failed span or not, is kept, or undefined
 * when it is dropped. `sampled` is the sampling draw (drawSampled), asked only for an ordinary trace;
 * the draw does not depend on the outcome, so it may have been taken earlier.
 */
export function keptReason(failed: boolean, durationMs: number, policy: SamplingPolicy, sampled: () => boolean): KeptReason | undefined {
  if (failed) return 'error';
  if (durationMs >= policy.slowThresholdMs) return 'slow';
  return sampled() ? 'sampled' : undefined;
}

/** keptReason for a record. */
export function judgeTrace(record: TraceRecord, durationMs: number, policy: SamplingPolicy, sampled: () => boolean): KeptReason | undefined {
  const { statusCodes } = record;
  let failed = false;
  for (let slot = 0; slot < record.count && !failed; slot++) failed = statusCodes[slot] === SpanStatusCode.ERROR;
  return keptReason(failed, durationMs, policy, sampled);
}
