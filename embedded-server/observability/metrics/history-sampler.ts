// What the 1 s history records and how each value is derived: rates from counter deltas over the
// elapsed time, gauges read as they are, latency quantiles from the histogram buckets filled
// during that second (so a slow second shows up as itself, not diluted into an all-time figure).
import { getHeapStatistics } from 'node:v8';
import type { SessionTable } from '../../core/sessions.js';
import type { Runtime } from '../../runtime/index.js';
import { quantileOfDelta, type HistogramChild } from './bucket-histogram.js';
import type { ChatCounters } from './chat-metrics.js';
import type { EventLoopProbe } from './event-loop-probe.js';
import type { MetricsHistory, SeriesInfo } from './metrics-history.js';

export interface SeriesSource extends SeriesInfo {
  /** The value for the second that just ended. */
  read(elapsedSeconds: number): number;
}

export interface HistorySources {
  chat: ChatCounters;
  runtime: Runtime;
  sessions: SessionTable;
  /** A probe owned by the sampler: its delay histogram is reset every sample. */
  eventLoop: EventLoopProbe;
}

type SourceSpec = Omit<SeriesSource, 'name'>;

function rate(description: string, total: () => number): SourceSpec {
  let before = total();
  return {
    unit: 'per_second',
    description,
    read(elapsed) {
      const now = total();
      const value = elapsed > 0 ? (now - before) / elapsed : Number.NaN;
      before = now;
      return value;
    },
  };
}

function gauge(unit: SeriesInfo['unit'], description: string, read: () => number): SourceSpec {
  return { unit, description, read };
}

/** Bucket counts at the previous sample, shared by the quantiles read from one histogram. */
class HistogramWindow {
  private readonly before: Float64Array;

  constructor(private readonly child: HistogramChild) {
    this.before = Float64Array.from(child.counts);
  }

  quantile(q: number): number {
    return quantileOfDelta(this.child.bounds, this.child.counts, this.before, q);
  }

  advance(): void {
    this.before.set(this.child.counts);
  }
}

export interface HistorySeries {
  sources: SeriesSource[];
  /** Run after every source was read (windows move on, the delay histogram restarts). */
  afterSample: (() => void)[];
}

export function historySeries(src: HistorySources): HistorySeries {
  const { chat, runtime, sessions, eventLoop } = src;
  const routing = new HistogramWindow(chat.routingLatencySeconds);
  const delivery = new HistogramWindow(chat.deliveryLatencySeconds);
  const sum = (a: Float64Array) => () => a.reduce((x, y) => x + y, 0);
  const [message, presence, iq] = [0, 1, 2];
  // Object order is the catalog order (what GET /api/metrics/series lists).
  const specs: Record<string, SourceSpec> = {
    stanzas_in_message_per_s: rate('Messages read from clients per second', () => chat.stanzasInOfKind(message)),
    stanzas_in_presence_per_s: rate('Presence stanzas read from clients per second', () => chat.stanzasInOfKind(presence)),
    stanzas_in_iq_per_s: rate('IQ stanzas read from clients per second', () => chat.stanzasInOfKind(iq)),
    stanzas_out_message_per_s: rate('Messages written to clients per second', () => chat.stanzasOutOfKind(message)),
    stanzas_out_presence_per_s: rate('Presence stanzas written to clients per second', () => chat.stanzasOutOfKind(presence)),
    stanzas_out_iq_per_s: rate('IQ stanzas written to clients per second', () => chat.stanzasOutOfKind(iq)),
    logins_ok_per_s: rate('Successful SASL authentications per second', sum(chat.loginsOk)),
    logins_failed_per_s: rate('Failed SASL authentications per second', sum(chat.loginsFailed)),
    delivered_per_s: rate('Stanzas the router handed to an online session per second', () => chat.routedWithOutcome('delivered')),
    offline_stored_per_s: rate('Messages stored for offline users per second', () => chat.offlineStoredCount),
    offline_delivered_per_s: rate('Stored offline messages delivered per second', () => chat.offlineDeliveredCount),
    stream_errors_per_s: rate('Stream errors sent per second', sum(chat.streamErrors)),
    connections: gauge('count', 'Open client connections', () => chat.openConnections()),
    sessions: gauge('count', 'Bound client sessions', () => sessions.count()),
    processes: gauge('count', 'Live runtime processes', () => runtime.count()),
    mailbox_total_messages: gauge('messages', 'Messages waiting in all mailboxes together', () => runtime.stats().mailboxTotal),
    mailbox_max_messages: gauge('messages', 'Messages waiting in the longest mailbox', () => runtime.stats().mailboxMax),
    event_loop_utilization_ratio: gauge('ratio', 'Share of the second the event loop was busy', () => eventLoop.utilization()),
    event_loop_delay_p99_seconds: gauge('seconds', '99th percentile event-loop delay during the second', () => eventLoop.delaySeconds(99)),
    heap_used_bytes: gauge('bytes', 'V8 heap in use', () => getHeapStatistics().used_heap_size),
    routing_latency_p50_seconds: gauge('seconds', 'Median routing latency of the stanzas routed during the second', () => routing.quantile(0.5)),
    routing_latency_p99_seconds: gauge('seconds', '99th percentile routing latency during the second', () => routing.quantile(0.99)),
    delivery_latency_p50_seconds: gauge('seconds', 'Median delivery latency of the stanzas written during the second', () => delivery.quantile(0.5)),
    delivery_latency_p99_seconds: gauge('seconds', '99th percentile delivery latency during the second', () => delivery.quantile(0.99)),
  };
  const sources: SeriesSource[] = Object.entries(specs).map(([name, spec]) => ({ name, ...spec }));
  return { sources, afterSample: [() => routing.advance(), () => delivery.advance(), () => eventLoop.resetDelay()] };
}

/** Reads every source once per tick and appends the row to the history. */
export class HistorySampler {
  private lastAt: number;
  private readonly row: Float64Array;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly history: MetricsHistory,
    private readonly series: HistorySeries,
    private readonly now: () => number,
  ) {
    this.lastAt = now();
    this.row = new Float64Array(series.sources.length);
  }

  tick(): void {
    const at = this.now();
    const elapsed = (at - this.lastAt) / 1000;
    this.lastAt = at;
    const { sources, afterSample } = this.series;
    for (let i = 0; i < sources.length; i++) {
      // This runs from a timer: a throwing source would be an uncaught exception that ends the node.
      try {
        this.row[i] = sources[i].read(elapsed);
      } catch {
        this.row[i] = Number.NaN;
      }
    }
    for (const after of afterSample) {
      try {
        after();
      } catch {
        // The next sample then covers two seconds for that histogram; nothing else to do.
      }
    }
    this.history.record(at, this.row);
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), intervalMs);
    // History alone must not keep a stopping node's process alive.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
