import { Gauge, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionTable } from '../../core/sessions.js';
import { Runtime } from '../../runtime/index.js';
import { createNodeMetrics, type NodeMetrics } from './node-metrics.js';
import { promtoolCheckMetrics } from './promtool-check.js';

const T0 = 1_800_000_000_000;
const opened: NodeMetrics[] = [];

function fakeClockMetrics(historySeconds: number) {
  let now = T0;
  const metrics = createNodeMetrics({
    nodeName: 'node-a',
    runtime: new Runtime(),
    sessions: new SessionTable(),
    historySeconds,
    now: () => now,
    sampleIntervalMs: 0,
  });
  opened.push(metrics);
  return {
    metrics,
    /** Moves the clock one second on and samples. */
    second() {
      now += 1000;
      metrics.sampleNow();
    },
  };
}

afterEach(() => {
  for (const m of opened.splice(0)) m.close();
});

describe('createNodeMetrics history', () => {
  it('derives per-second rates from counter deltas and latency quantiles from that second only', () => {
    const { metrics, second } = fakeClockMetrics(60);
    const { chat } = metrics;
    for (let i = 0; i < 50; i++) chat.stanzaIn('message', 'tcp');
    for (let i = 0; i < 30; i++) chat.stanzaIn('message', 'websocket');
    for (let i = 0; i < 7; i++) chat.stanzaOut('presence', 'websocket');
    chat.loginSucceeded('SCRAM-SHA-1');
    chat.connectionOpened('tcp');
    chat.connectionOpened('websocket');
    for (let i = 0; i < 100; i++) chat.routingLatency(0.0002);
    second();
    // A slow second after a fast one: its p99 must not be diluted by the earlier observations.
    for (let i = 0; i < 10; i++) chat.stanzaIn('message', 'tcp');
    for (let i = 0; i < 100; i++) chat.routingLatency(0.3);
    chat.connectionClosed('tcp');
    second();
    second();

    const h = metrics.history.query({
      series: ['stanzas_in_message_per_s', 'stanzas_out_presence_per_s', 'logins_ok_per_s', 'connections', 'routing_latency_p50_seconds', 'routing_latency_p99_seconds'],
    });
    expect(h.timestamps).toEqual([T0 + 1000, T0 + 2000, T0 + 3000]);
    expect(h.series.stanzas_in_message_per_s).toEqual([80, 10, 0]);
    expect(h.series.stanzas_out_presence_per_s).toEqual([7, 0, 0]);
    expect(h.series.logins_ok_per_s).toEqual([1, 0, 0]);
    expect(h.series.connections).toEqual([2, 1, 1]);
    const [fast, slow, idle] = h.series.routing_latency_p99_seconds!;
    expect(fast).toBeGreaterThan(0.0001);
    expect(fast).toBeLessThanOrEqual(0.00025);
    expect(slow).toBeGreaterThan(0.25);
    expect(slow).toBeLessThanOrEqual(0.5);
    expect(idle).toBeNull();
  });

  it('keeps at most history_seconds samples and its memory stays the same once the ring is full', () => {
    const { metrics, second } = fakeClockMetrics(60);
    const bytes = metrics.history.retainedBytes;
    expect(bytes).toBe(8 * 60 * (metrics.history.series().length + 1));
    for (let i = 0; i < 60; i++) second();
    expect(metrics.history.size).toBe(60);
    for (let i = 0; i < 500; i++) {
      metrics.chat.stanzaIn('iq', 'tcp');
      second();
    }
    expect(metrics.history.size).toBe(60);
    expect(metrics.history.retainedBytes).toBe(bytes);
    const all = metrics.history.query({ series: ['stanzas_in_iq_per_s'] });
    expect(all.timestamps).toHaveLength(60);
    expect(all.timestamps[0]).toBe(T0 + 501 * 1000);
    expect(all.timestamps[59]).toBe(T0 + 560 * 1000);
    expect(all.series.stanzas_in_iq_per_s).toEqual(new Array(60).fill(1));
  });

  it('records every catalog series, runtime and process gauges included', () => {
    const { metrics, second } = fakeClockMetrics(10);
    second();
    const row = metrics.history.query();
    expect(Object.keys(row.series)).toEqual(metrics.history.series().map((s) => s.name));
    expect(row.series.heap_used_bytes![0]).toBeGreaterThan(1_000_000);
    expect(row.series.processes).toEqual([0]);
    expect(row.series.event_loop_utilization_ratio![0]).toBeGreaterThanOrEqual(0);
    expect(row.series.event_loop_utilization_ratio![0]).toBeLessThanOrEqual(1);
  });
});

describe('createNodeMetrics exposition', () => {
  it('passes promtool check metrics with every chat label set in use', async () => {
    const { metrics } = fakeClockMetrics(10);
    const { chat } = metrics;
    chat.connectionOpened('websocket');
    chat.loginSucceeded('PLAIN');
    chat.loginFailed('X-UNKNOWN-MECH');
    chat.stanzaIn('iq', 'tcp');
    chat.stanzaOut('message', 'websocket');
    chat.routed('message', 'offline');
    chat.routingLatency(0.002);
    chat.deliveryLatency(2);
    chat.offlineStored();
    chat.offlineDelivered(3);
    chat.streamError('policy-violation');
    chat.streamError('<script>'); // not an RFC 6120 condition
    const text = await metrics.registry.metrics();

    const result = await promtoolCheckMetrics(text);
    expect(result.output).toBe('');
    expect(result.exitCode).toBe(0);

    expect(text).toContain('xmpp_logins_total{mechanism="other",result="failed",node="node-a"} 1');
    expect(text).toContain('xmpp_stream_errors_total{condition="undefined-condition",node="node-a"} 1');
    expect(text).toContain('xmpp_stream_errors_total{condition="policy-violation",node="node-a"} 1');
    expect(text).toContain('xmpp_offline_delivered_total{node="node-a"} 3');
    expect(text).toContain('xmpp_delivery_latency_seconds_bucket{le="+Inf",node="node-a"} 1');
    expect(text).toContain('xmpp_delivery_latency_seconds_bucket{le="1",node="node-a"} 0');
    for (const name of ['nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_eventloop_utilization_ratio', 'runtime_mailbox_max_messages']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).not.toContain('<script>');
  });

  it('promtool reports a problem when there is one (the check can fail)', async () => {
    const registry = new Registry();
    new Gauge({ name: 'queue_length_total', help: 'A gauge named like a counter.', registers: [registry] }).set(3);
    const result = await promtoolCheckMetrics(await registry.metrics());
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('queue_length_total');
  });

  it('lets a module declare its own metrics in the node registry', async () => {
    const { metrics } = fakeClockMetrics(10);
    new Gauge({ name: 'mod_example_rooms', help: 'Rooms of an example module.', registers: [metrics.registry] }).set(4);
    expect(await metrics.registry.metrics()).toContain('mod_example_rooms{node="node-a"} 4');
  });

  it('keeps two nodes in one process apart (private registries)', async () => {
    const a = fakeClockMetrics(10).metrics;
    const b = fakeClockMetrics(10).metrics;
    a.chat.offlineStored();
    expect(await a.registry.metrics()).toContain('xmpp_offline_stored_total{node="node-a"} 1');
    expect(await b.registry.metrics()).toContain('xmpp_offline_stored_total{node="node-a"} 0');
  });
});

describe('HistorySampler', () => {
  it('records NaN for a source that throws instead of failing the timer', () => {
    const sessions = new SessionTable();
    let now = T0;
    const metrics = createNodeMetrics({ nodeName: 'n', runtime: new Runtime(), sessions, historySeconds: 10, now: () => now, sampleIntervalMs: 0 });
    opened.push(metrics);
    sessions.count = () => {
      throw new Error('broken');
    };
    now += 1000;
    expect(() => metrics.sampleNow()).not.toThrow();
    const row = metrics.history.query({ series: ['sessions', 'processes'] }).series;
    expect(row).toEqual({ sessions: [null], processes: [0] });
  });
});

describe('createNodeMetrics timer', () => {
  it('samples on its own until closed', async () => {
    const metrics = createNodeMetrics({ nodeName: 'n', runtime: new Runtime(), sessions: new SessionTable(), historySeconds: 100, sampleIntervalMs: 10 });
    opened.push(metrics);
    await expect.poll(() => metrics.history.size, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    metrics.close();
    const size = metrics.history.size;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(metrics.history.size).toBe(size);
  });
});
