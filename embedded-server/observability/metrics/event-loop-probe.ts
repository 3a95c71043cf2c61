// Event-loop health between two reads: utilisation (share of time the loop was busy, from
// performance.eventLoopUtilization) and the delay distribution (perf_hooks.monitorEventLoopDelay).
// Each reader (the Prometheus scrape, the 1 s history sampler) owns a probe, so one reader's reset
// does not shorten the other's interval.
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { collectedGauge } from './collected-metrics.js';

export class EventLoopProbe {
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly delay: IntervalHistogram | undefined;

  constructor(opts: { measureDelay: boolean; resolutionMs?: number }) {
    if (opts.measureDelay) {
      this.delay = monitorEventLoopDelay({ resolution: opts.resolutionMs ?? 20 });
      this.delay.enable();
    }
  }

  /** Utilisation 0..1 since the previous call (since construction for the first). */
  utilization(): number {
    const now = performance.eventLoopUtilization();
    const value = performance.eventLoopUtilization(now, this.last).utilization;
    this.last = now;
    return value;
  }

  /** The delay percentile (0..100) in seconds since the previous reset; NaN when nothing was recorded. */
  delaySeconds(percentile: number): number {
    if (this.delay === undefined || this.delay.count === 0) return Number.NaN;
    return this.delay.percentile(percentile) / 1e9;
  }

  resetDelay(): void {
    this.delay?.reset();
  }

  close(): void {
    this.delay?.disable();
  }
}

/**
 * nodejs_eventloop_utilization_ratio. prom-client's default metrics already give the delay
 * (nodejs_eventloop_lag_p50/p99/max_seconds), heap and GC pauses, but not utilisation.
 */
export function registerEventLoopUtilization(registry: Registry): EventLoopProbe {
  const probe = new EventLoopProbe({ measureDelay: false });
  collectedGauge(registry, {
    name: 'nodejs_eventloop_utilization_ratio',
    help: 'Share of time the event loop was busy since the previous scrape (0 to 1).',
    read: (emit) => emit({}, probe.utilization()),
  });
  return probe;
}
