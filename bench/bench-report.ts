// The bench's output: one JSON summary (stable keys, units in names) and the same figures as a table.
import type { HotFrame } from './cpu-profile-summary.js';
import type { FlameFigure, Spread } from './flame-bench.js';
import type { LatencySummary } from './latency-stats.js';
import type { MessageStep } from './load/generator-protocol.js';
import type { NodeRun } from './node-under-test.js';
import type { CpuShares } from './proc-stats.js';
import type { ProcessesFigure } from './processes-refresh-bench.js';

export const TARGETS = { logins_per_s: 2000, idle_kb_per_connection: 17, sustained_msgs_per_s: 20000, p99_ms: 50 } as const;
/** The console's (issue 5): first flame frame, frames while panning/zooming, node cost of a process table refresh. */
export const CONSOLE_TARGETS = { flame_first_frame_ms: 200, flame_frame_ms: 16, process_refresh_node_ms: 50 } as const;

type NodeInfo = NodeRun<unknown>['node'];

export interface LoginsFigure {
  accounts: number;
  concurrency: number;
  mechanism: string;
  logins_per_s: number;
  latency: LatencySummary;
  failed: number;
  first_error?: string;
  seconds: number;
  /** The untimed first pass that fills the generator's SaltedPassword cache. */
  warmup_logins_per_s: number;
  pbkdf2_runs_in_generator: number;
  /** CPU use during the measured pass. */
  cpu: CpuShares;
  /** Measured passes run: a pass disturbed by other processes is repeated (at most 3). */
  attempts: number;
  meets_target: boolean;
  node: NodeInfo;
  hot_frames?: HotFrame[];
}

export interface IdleFigure {
  connections: number;
  failed: number;
  first_error?: string;
  dropped: number;
  open_seconds: number;
  rss_before_kb: number;
  rss_after_kb: number;
  kb_per_connection: number;
  meets_target: boolean;
  node: NodeInfo;
  hot_frames?: HotFrame[];
}

export interface MessagesFigure {
  pairs: number;
  step_seconds: number;
  steps: MessageStep[];
  highest_sustained_per_s: number;
  p50_ms_at_highest: number | null;
  p99_ms_at_highest: number | null;
  connections_dropped: number;
  meets_target: boolean;
  node: NodeInfo;
  hot_frames?: HotFrame[];
}

export interface BenchSummary {
  started_at: string;
  quick: boolean;
  machine: {
    cpus: number;
    cpu_model: string;
    node_version: string;
    /** 1, 5 and 15 minute load averages when the run started. */
    load_average_at_start: number[];
    pinned: boolean;
    pinning_note?: string;
    node_cpu: string | null;
    generator_cpu: string | null;
    generator_open_files_limit: number | null;
  };
  targets: typeof TARGETS;
  accounts_imported?: number;
  import_seconds?: number;
  logins?: LoginsFigure;
  idle?: IdleFigure;
  messages?: MessagesFigure;
  runtime?: Record<string, number>;
  flame?: FlameFigure;
  processes?: ProcessesFigure;
  notes: string[];
  errors: { part: string; message: string }[];
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const n = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const pct = (x: number | null) => (x === null ? '-' : `${n(x)}%`);
const cpuText = (c: CpuShares) => `${pct(c.node_cpu_pct)} / ${pct(c.generator_cpu_pct)} / ${pct(c.other_cpu_pct)}`;

export function formatTable(summary: BenchSummary): string {
  const out: string[] = [];
  const m = summary.machine;
  out.push(
    `meerkat-node bench${summary.quick ? ' (--quick)' : ''}: ${m.cpus} CPUs (${m.cpu_model}), Node ${m.node_version}, ` +
      (m.pinned
        ? `node on CPU ${m.node_cpu ?? '?'}, load generator on CPU ${m.generator_cpu ?? '?'}`
        : m.pinning_note === undefined
          ? 'not pinned (only parts that set up their own processes ran)'
          : `NOT pinned: ${m.pinning_note}`),
  );
  const rows: string[][] = [];
  const { logins, idle, messages } = summary;
  if (logins !== undefined) {
    rows.push(['SCRAM-SHA-256 logins/s', n(logins.logins_per_s), `>= ${n(TARGETS.logins_per_s)}`, verdict(logins.meets_target)]);
    rows.push(['  login latency p50 / p99 (ms)', `${n(logins.latency.p50_ms, 1)} / ${n(logins.latency.p99_ms, 1)}`, '', '']);
    rows.push(['  CPU node / generator / other', cpuText(logins.cpu), '', '']);
  }
  if (idle !== undefined) {
    rows.push(['RSS per idle connection (KB)', n(idle.kb_per_connection, 1), `<= ${TARGETS.idle_kb_per_connection}`, verdict(idle.meets_target)]);
    rows.push([`  RSS before / after ${n(idle.connections)} conns (MB)`, `${n(idle.rss_before_kb / 1024, 1)} / ${n(idle.rss_after_kb / 1024, 1)}`, '', '']);
  }
  if (messages !== undefined) {
    rows.push(['Sustained 1:1 msgs/s', n(messages.highest_sustained_per_s), `>= ${n(TARGETS.sustained_msgs_per_s)}`, verdict(messages.meets_target)]);
    rows.push(['  p50 / p99 at that rate (ms)', `${n(messages.p50_ms_at_highest, 1)} / ${n(messages.p99_ms_at_highest, 1)}`, `p99 < ${TARGETS.p99_ms}`, '']);
  }
  if (rows.length > 0) out.push('', table(['figure', 'measured', 'target', ''], rows));
  if (messages !== undefined && messages.steps.length > 0) {
    out.push('', `Message steps (${messages.pairs} pairs, ${messages.step_seconds} s each):`);
    out.push(
      table(
        ['offered/s', 'sent/s', 'delivered/s', 'p50 ms', 'p99 ms', 'max ms', 'lost', 'node CPU', 'gen CPU', 'other CPU', 'gen lag max', 'sustained'],
        messages.steps.map((s) => [
          n(s.offered_per_s),
          n(s.sent_per_s),
          n(s.delivered_per_s),
          n(s.latency.p50_ms, 1),
          n(s.latency.p99_ms, 1),
          n(s.latency.max_ms, 1),
          n(s.lost),
          pct(s.node_cpu_pct),
          pct(s.generator_cpu_pct),
          pct(s.other_cpu_pct),
          `${n(s.generator_loop_delay_max_ms)} ms`,
          (s.sustained ? 'yes' : 'no') + (s.attempts > 1 ? ` (${s.attempts} tries)` : ''),
        ]),
      ),
    );
  }
  if (summary.runtime !== undefined) {
    out.push('', 'Process runtime (bench/runtime-bench.ts):');
    out.push(table(['metric', 'value'], Object.entries(summary.runtime).map(([k, v]) => [k, n(v, 2)])));
  }
  if (summary.flame !== undefined || summary.processes !== undefined) out.push('', formatConsoleTable(summary));
  for (const [part, figure] of [['logins', logins], ['idle', idle], ['messages', messages]] as const) {
    if (figure?.hot_frames === undefined) continue;
    out.push('', `Node CPU profile, ${part} (top frames by self time; % of non-idle time):`);
    out.push(table(['frame', 'self ms', 'self %'], figure.hot_frames.map((f) => [f.frame, n(f.self_ms), n(f.self_pct, 1)])));
  }
  for (const note of summary.notes) out.push(`note: ${note}`);
  for (const e of summary.errors) out.push(`ERROR in ${e.part}: ${e.message}`);
  return out.join('\n');
}

/** The console parts: the flame graph in Chromium and the process table's refresh on the node. */
export function formatConsoleTable(summary: Pick<BenchSummary, 'flame' | 'processes'>): string {
  const out: string[] = [];
  const { flame, processes } = summary;
  const ms = (x: number | null) => (x === null ? '-' : `${n(x, 1)} ms`);
  if (flame !== undefined) {
    out.push(`Flame graph, ${n(flame.rects)} rectangles (${n(flame.file_mb, 1)} MB .cpuprofile), first view "${flame.first_view}":`);
    const spread = (x: Spread | undefined) => (x === undefined ? '-' : `${n(x.p50, 1)} / ${n(x.max, 1)} ms (${n(x.count)})`);
    const target = `< ${CONSOLE_TARGETS.flame_first_frame_ms} ms`;
    const rows: string[][] = [
      // (b), what the target is read against: a profile in memory rendered (layout + first draw).
      ['loaded profile selected → first Left heavy frame, p50 / max', spread(flame.render_left_heavy_ms), target, flame.meets_render_target === undefined ? '' : verdict(flame.meets_render_target)],
      [`Time order tab (${n(flame.time_order_rects ?? 0)} rectangles) → first frame, p50 / max`, spread(flame.render_time_order_ms), target, ''],
      // (a), recorded as well: the whole import, file read and JSON.parse included.
      ['file input change → first frame drawn (whole import)', ms(flame.first_frame_ms), '', flame.meets_first_frame_target ? 'under 200 ms' : 'over 200 ms'],
      ['  of which the graph (new layout → first draw done)', ms(flame.graph_first_frame_ms), '', ''],
      ['    of which the first draw', ms(flame.graph_first_draw_ms), '', ''],
      ['  before it (read, parse, layout, React)', ms(flame.before_graph_ms), '', ''],
      ...(flame.import_steps_ms === undefined
        ? []
        : [['    worker read / parse / pack, page unpack', `${ms(flame.import_steps_ms.read)} / ${ms(flame.import_steps_ms.parse)} / ${ms(flame.import_steps_ms.pack)} / ${ms(flame.import_steps_ms.unpack)}`, '', '']]),
      ['  in Node: parse / time-order / left-heavy layout', `${ms(flame.node_parse_ms)} / ${ms(flame.node_time_order_layout_ms)} / ${ms(flame.node_left_heavy_layout_ms)}`, '', ''],
      ...(flame.left_heavy_switch_ms === null ? [] : [[`switch to Left heavy (${n(flame.left_heavy_rects ?? 0)} rectangles) → first frame`, ms(flame.left_heavy_switch_ms), '', '']]),
    ];
    for (const f of flame.interaction) {
      const ok = f.draw_ms.p95 < CONSOLE_TARGETS.flame_frame_ms;
      rows.push([`${f.view}, ${n(f.rects)} rects: draw p50 / p95 / max (${n(f.draws)} draws)`, `${n(f.draw_ms.p50, 1)} / ${n(f.draw_ms.p95, 1)} / ${n(f.draw_ms.max, 1)} ms`, `p95 < ${CONSOLE_TARGETS.flame_frame_ms} ms`, verdict(ok)]);
      rows.push(['  rAF interval p50 / p95 / max', `${n(f.raf_interval_ms.p50, 1)} / ${n(f.raf_interval_ms.p95, 1)} / ${n(f.raf_interval_ms.max, 1)} ms`, '', '']);
      rows.push(['  input', `${n(f.wheel_events)} wheel events, ${n(f.drags)} drags in ${n(f.seconds, 1)} s`, '', '']);
    }
    out.push(table(['figure', 'measured', 'target', ''], rows));
  }
  if (processes !== undefined) {
    if (out.length > 0) out.push('');
    out.push(`Process table refresh at ${n(processes.processes)} processes, node CPU per refresh (target: default refresh < ${CONSOLE_TARGETS.process_refresh_node_ms} ms, ${verdict(processes.meets_target)}):`);
    out.push(
      table(
        ['refresh', 'node CPU p50 / p95 / max', 'round trip p50 / p95', 'bytes', 'n'],
        processes.refreshes.map((r) => [
          r.what,
          `${n(r.node_cpu_ms.median, 1)} / ${n(r.node_cpu_ms.p95, 1)} / ${n(r.node_cpu_ms.max, 1)} ms`,
          `${n(r.round_trip_ms.median, 1)} / ${n(r.round_trip_ms.p95, 1)} ms`,
          n(r.response_bytes),
          n(r.refreshes),
        ]),
      ),
    );
  }
  return out.join('\n');
}
