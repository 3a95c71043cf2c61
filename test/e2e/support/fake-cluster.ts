// A made-up three-node cluster behind the console API, for the UI-state tests and previews: a
// running local node, a local node whose start failed at "config valid", and a remote node whose
// mailbox figures are out of range. Logs and metrics are synthetic and deterministic in shape.
import type {
  ConsoleLogEntry,
  EventOf,
  NodeOverview,
  NodeView,
  OverviewFigureName,
  RequestName,
  RequestOf,
  ResponseOf,
  StreamName,
  TrafficStatus,
} from '../../../main/common/console-api.js';
import type { FrameHandlers } from './frame-server.js';

const NOW = () => Date.now();

function node(id: string, patch: Partial<NodeView>): NodeView {
  return {
    id,
    name: id,
    kind: 'local',
    status: 'running',
    stages: [
      { stage: 'spawned', status: 'ok', at: NOW() - 60_000 },
      { stage: 'config_valid', status: 'ok', at: NOW() - 59_600 },
      { stage: 'listeners_bound', status: 'ok', at: NOW() - 59_300 },
      { stage: 'admin_ready', status: 'ok', at: NOW() - 59_100 },
    ],
    version: '0.1.0',
    uptime_s: 3725,
    hosts: ['localhost'],
    ports: { c2s: 15222, websocket: 15280, admin: 15281 },
    adminUrl: 'http://127.0.0.1:15281',
    testUser: { jid: 'test@localhost', password: 'meerkat-7f3a91' },
    lastError: null,
    osPid: 4242,
    dataDir: '/home/priya/.local/share/meerkat/nodes/node1',
    configFile: '/home/priya/.local/share/meerkat/nodes/node1/node.toml',
    ...patch,
  };
}

export interface FakeCluster {
  handlers: FrameHandlers;
  nodes: Map<string, NodeView>;
  /** Lines per second the tail emits across the nodes that are running. */
  setLogRate(linesPerSecond: number): void;
  /** Calls made, in order (name and request). */
  calls: { name: string; req: unknown }[];
}

const WHATS = ['session_opened', 'stanza_routed', 'roster_push', 'presence_broadcast', 'session_closed', 'offline_stored'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin'];

export function createFakeCluster(): FakeCluster {
  const nodes = new Map<string, NodeView>([
    ['node1', node('node1', {})],
    [
      'node2',
      node('node2', {
        status: 'crashed',
        uptime_s: null,
        osPid: null,
        testUser: { jid: 'test@localhost', password: 'meerkat-0c11d2' },
        ports: { c2s: 15322, websocket: null, admin: 15381 },
        stages: [
          { stage: 'spawned', status: 'ok', at: NOW() - 5_000 },
          {
            stage: 'config_valid',
            status: 'failed',
            at: NOW() - 4_800,
            lines: ['meerkat-node: invalid config /home/priya/.local/share/meerkat/nodes/node2/node.toml', '  listen.c2s.port: expected a number between 1 and 65535, got 99999'],
          },
          { stage: 'listeners_bound', status: 'pending', at: null },
          { stage: 'admin_ready', status: 'pending', at: null },
        ],
        lastError: { message: 'the node exited during start (exit code 2)', at: NOW() - 4_700, exitCode: 2, signal: null },
      }),
    ],
    ['edge-3', node('edge-3', { kind: 'remote', testUser: null, osPid: null, dataDir: null, configFile: null, adminUrl: 'http://10.0.0.3:5281', uptime_s: 864_000 })],
  ]);
  const calls: { name: string; req: unknown }[] = [];
  let logRate = 20;
  let seq = 0;
  const traffic = new Map<string, TrafficStatus>();

  const figures = (id: string): NodeOverview['figures'] => {
    const hot = id === 'edge-3';
    const f = (value: number | null, warn = false) => ({ value, warn });
    const all: Record<OverviewFigureName, { value: number | null; warn: boolean }> = {
      sessions: f(hot ? 18_204 : 12),
      stanzasInPerS: f(hot ? 2210 : 3.4),
      stanzasOutPerS: f(hot ? 2305 : 3.9),
      mailboxTotal: f(hot ? 412_330 : 0, hot),
      mailboxMax: f(hot ? 400_112 : 0, hot),
      eventLoopDelayP99Ms: f(hot ? 142 : 1.3, hot),
      elu: f(hot ? 0.71 : 0.04),
      heapMb: f(hot ? 912 : 48),
      processCount: f(hot ? 18_950 : 31),
    };
    return all;
  };

  const entryFor = (nodeId: string): ConsoleLogEntry => {
    seq++;
    const what = WHATS[seq % WHATS.length];
    const jid = `${USERS[seq % USERS.length]}@localhost/phone`;
    const level = seq % 97 === 0 ? 50 : seq % 23 === 0 ? 40 : seq % 5 === 0 ? 20 : 30;
    const time = NOW();
    const object = { level, time: new Date(time).toISOString(), node: nodeId, what, jid, pid: 100 + (seq % 40), trace_id: `${(seq % 7).toString(16).padStart(32, 'a')}`, peer: '127.0.0.1:51234' };
    return { nodeId, seq, time, level, what, jid, pid: object.pid, trace_id: object.trace_id, line: JSON.stringify(object) };
  };

  const requests: { [N in RequestName]?: (req: RequestOf<N>) => ResponseOf<N> } = {
    'console.info': () => ({ version: '0.1.0', mode: 'web', dataDir: '/tmp/meerkat' }),
    'nodes.list': () => [...nodes.values()],
    'nodes.get': ({ nodeId }) => nodes.get(nodeId)!,
    'nodes.overview': () =>
      [...nodes.values()].map((n) => {
        const f = figures(n.id);
        return { nodeId: n.id, name: n.name, status: n.status, version: n.version, uptime_s: n.uptime_s, at: NOW(), figures: f, warn: Object.values(f).some((x) => x.warn) };
      }),
    'nodes.output': ({ nodeId }) => ({
      lines: (nodes.get(nodeId)?.stages.find((s) => s.status === 'failed')?.lines ?? ['{"level":30,"what":"node_started"}']).map((text) => ({ stream: 'stderr' as const, at: NOW(), text })),
      dropped: 0,
    }),
    'localNodes.kill': ({ nodeId }) => update(nodeId, { status: 'crashed', osPid: null, lastError: { message: 'killed with SIGKILL from the console', at: NOW(), signal: 'SIGKILL', exitCode: null } }),
    'localNodes.stop': ({ nodeId }) => update(nodeId, { status: 'stopped', osPid: null }),
    'localNodes.start': ({ nodeId }) => update(nodeId, { status: 'running', osPid: 4243, lastError: null }),
    'localNodes.restart': ({ nodeId }) => update(nodeId, { status: 'running', osPid: 4244, lastError: null }),
    'traffic.status': ({ nodeId }) => trafficOf(nodeId),
    'traffic.start': ({ nodeId, users, ratePerSec }) => {
      const s: TrafficStatus = { ...trafficOf(nodeId), running: true, phase: 'sending', users, connected: users, targetRate: ratePerSec, achievedRate: ratePerSec * 0.97, startedAt: NOW() };
      traffic.set(nodeId, s);
      return s;
    },
    'traffic.stop': ({ nodeId }) => {
      const s: TrafficStatus = { ...trafficOf(nodeId), running: false, phase: 'stopped', endedBecause: 'stopped' };
      traffic.set(nodeId, s);
      return s;
    },
    'logs.query': () => ({ entries: Array.from({ length: 50 }, () => entryFor('node1')), failures: [] }),
    'metrics.catalog': () => ({ series: [], resolutionMs: 1000, capacity: 3600 }),
    'metrics.history': ({ fromMs, maxPoints }) => {
      const to = NOW();
      const from = Math.max(fromMs ?? to - 900_000, to - 1_200_000);
      const n = Math.min(maxPoints ?? 300, Math.floor((to - from) / 1000));
      const timestamps = Array.from({ length: n }, (_, i) => from + ((to - from) * i) / Math.max(1, n - 1));
      const series: Record<string, (number | null)[]> = {};
      for (const name of SERIES) series[name] = timestamps.map((t) => synthetic(name, t));
      return { timestamps, series, downsampled: true };
    },
  };

  function trafficOf(nodeId: string): TrafficStatus {
    return (
      traffic.get(nodeId) ?? {
        nodeId,
        running: false,
        phase: 'idle',
        users: 0,
        connected: 0,
        targetRate: 0,
        achievedRate: 0,
        sent: 0,
        received: 0,
        errors: 0,
        lastError: null,
        startedAt: null,
        endedBecause: null,
      }
    );
  }

  const changeListeners = new Set<(event: EventOf<'nodes.changed'>) => void>();
  function update(nodeId: string, patch: Partial<NodeView>): NodeView {
    const next = { ...nodes.get(nodeId)!, ...patch };
    nodes.set(nodeId, next);
    for (const listener of changeListeners) listener({ kind: 'upsert', node: next });
    return next;
  }

  const streams: { [N in StreamName]?: (filter: unknown, emit: (event: EventOf<N>) => void) => () => void } = {
    'nodes.changed': (_filter, emit) => {
      for (const n of nodes.values()) emit({ kind: 'upsert', node: n });
      changeListeners.add(emit);
      return () => changeListeners.delete(emit);
    },
    'logs.tail': (_filter, emit) => {
      let carry = 0;
      const timer = setInterval(() => {
        carry += logRate / 20;
        const count = Math.floor(carry);
        carry -= count;
        const running = [...nodes.values()].filter((n) => n.status === 'running');
        if (count === 0 || running.length === 0) return;
        emit({ kind: 'entries', entries: Array.from({ length: count }, (_, i) => entryFor(running[i % running.length].id)) });
      }, 50);
      return () => clearInterval(timer);
    },
    'metrics.live': (filter, emit) => {
      const nodeId = (filter as { nodeId: string }).nodeId;
      const timer = setInterval(() => {
        const t = NOW();
        emit({ nodeId, timestamp: t, dropped: 0, values: Object.fromEntries(SERIES.map((name) => [name, synthetic(name, t)])) });
      }, 1000);
      return () => clearInterval(timer);
    },
  };

  return {
    nodes,
    calls,
    setLogRate: (rate) => (logRate = rate),
    handlers: {
      request(name, req) {
        calls.push({ name, req });
        const handler = (requests as Record<string, ((req: unknown) => unknown) | undefined>)[name];
        if (handler === undefined) throw { code: 'unknown_channel', message: `fake cluster has no ${name}` };
        return handler(req);
      },
      subscribe(name, filter, emit) {
        const handler = (streams as Record<string, ((f: unknown, e: (ev: unknown) => void) => () => void) | undefined>)[name];
        return handler === undefined ? () => {} : handler(filter, emit);
      },
    },
  };
}

const SERIES = [
  'connections',
  'sessions',
  'stanzas_in_message_per_s',
  'stanzas_in_presence_per_s',
  'stanzas_in_iq_per_s',
  'stanzas_out_message_per_s',
  'stanzas_out_presence_per_s',
  'stanzas_out_iq_per_s',
  'delivery_latency_p50_seconds',
  'delivery_latency_p99_seconds',
  'offline_stored_per_s',
  'offline_delivered_per_s',
  'event_loop_delay_p99_seconds',
  'event_loop_utilization_ratio',
  'heap_used_bytes',
  'processes',
  'mailbox_total_messages',
  'mailbox_max_messages',
  'logins_ok_per_s',
  'logins_failed_per_s',
  'delivered_per_s',
  'stream_errors_per_s',
];

function synthetic(name: string, t: number): number {
  const phase = (t / 60_000) * Math.PI * 2;
  const wave = 1 + 0.4 * Math.sin(phase + name.length) + 0.1 * Math.sin(phase * 7 + name.length * 3);
  if (name.includes('latency')) return (name.includes('p99') ? 0.012 : 0.002) * wave;
  if (name.includes('event_loop_delay')) return 0.004 * wave;
  if (name.includes('ratio')) return 0.2 * wave;
  if (name.includes('heap')) return 60_000_000 * wave;
  if (name.includes('mailbox')) return Math.round(40 * wave);
  if (name === 'connections' || name === 'sessions' || name === 'processes') return Math.round(100 * wave);
  return 50 * wave;
}
