// Latency samples and their percentiles. Samples are kept exactly (a growable Float64Array) rather
// than bucketed: a bench step holds at most a few hundred thousand, and exact p99s are easier to trust.

export interface LatencySummary {
  count: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
}

/** Nearest-rank percentile (p in 0..100) of samples sorted ascending; NaN when there are none. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export class LatencyRecorder {
  private samples: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.samples = new Float64Array(Math.max(16, initialCapacity));
  }

  get count(): number {
    return this.size;
  }

  record(ms: number): void {
    if (this.size === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.size++] = ms;
  }

  summary(): LatencySummary {
    const sorted = this.samples.slice(0, this.size).sort();
    let sum = 0;
    for (const x of sorted) sum += x;
    return {
      count: this.size,
      p50_ms: round(percentile(sorted, 50)),
      p90_ms: round(percentile(sorted, 90)),
      p99_ms: round(percentile(sorted, 99)),
      max_ms: round(this.size === 0 ? Number.NaN : sorted[this.size - 1]),
      mean_ms: round(this.size === 0 ? Number.NaN : sum / this.size),
    };
  }
}
