import { describe, expect, it } from 'vitest';
import { TARGETS, formatConsoleTable, formatTable, type BenchSummary } from './bench-report.js';

const latency = { count: 10, p50_ms: 2.5, p90_ms: 4, p99_ms: 9.25, max_ms: 12, mean_ms: 3 };
const node = { open_files_limit: 20000, cpus_allowed: '0', error_log_lines: 0 };

function summary(): BenchSummary {
  return {
    started_at: '2026-01-01T00:00:00.000Z',
    quick: true,
    machine: { cpus: 2, cpu_model: 'Test CPU', node_version: 'v20.0.0', load_average_at_start: [0, 0, 0], pinned: true, node_cpu: '0', generator_cpu: '1', generator_open_files_limit: 20000 },
    targets: TARGETS,
    logins: {
      accounts: 200,
      concurrency: 50,
      mechanism: 'SCRAM-SHA-256',
      logins_per_s: 2500,
      latency,
      failed: 0,
      seconds: 0.08,
      warmup_logins_per_s: 900,
      pbkdf2_runs_in_generator: 0,
      cpu: { node_cpu_pct: 95, generator_cpu_pct: 60, other_cpu_pct: null },
      attempts: 1,
      meets_target: true,
      node,
    },
    messages: {
      pairs: 100,
      step_seconds: 3,
      steps: [
        { offered_per_s: 5000, sent_per_s: 5000, sent: 15000, delivered_per_s: 4990, lost: 0, errors: 0, latency, generator_cpu_pct: 30, other_cpu_pct: 1, generator_loop_delay_p99_ms: 1, generator_loop_delay_max_ms: 3, node_cpu_pct: 40, sustained: true, attempts: 1 },
        { offered_per_s: 10000, sent_per_s: 10000, sent: 30000, delivered_per_s: 7000, lost: 12, errors: 0, latency: { ...latency, p99_ms: 400 }, generator_cpu_pct: 50, other_cpu_pct: 70, generator_loop_delay_p99_ms: 2.5, generator_loop_delay_max_ms: 21, node_cpu_pct: 99, sustained: false, attempts: 3 },
      ],
      highest_sustained_per_s: 5000,
      p50_ms_at_highest: 2.5,
      p99_ms_at_highest: 9.25,
      connections_dropped: 0,
      meets_target: false,
      node,
    },
    notes: ['a note'],
    errors: [{ part: 'idle', message: 'it broke' }],
  };
}

describe('formatTable', () => {
  it('shows each figure against its target, the message steps, notes and errors', () => {
    const text = formatTable(summary());
    expect(text).toContain('node on CPU 0, load generator on CPU 1');
    expect(text).toMatch(/SCRAM-SHA-256 logins\/s\s+2,500\s+>= 2,000\s+met/);
    expect(text).toContain('95% / 60% / -');
    expect(text).toMatch(/Sustained 1:1 msgs\/s\s+5,000\s+>= 20,000\s+MISSED/);
    expect(text).toMatch(/10,000\s+10,000\s+7,000\s+2\.5\s+400\.0\s+12\.0\s+12\s+99%\s+50%\s+70%\s+21 ms\s+no \(3 tries\)/);
    expect(text).not.toContain('RSS per idle connection');
    expect(text).toContain('note: a note');
    expect(text).toContain('ERROR in idle: it broke');
  });

  it('says when processes are not pinned', () => {
    const s = summary();
    s.machine.pinned = false;
    s.machine.pinning_note = 'taskset is not available';
    expect(formatTable(s)).toContain('NOT pinned: taskset is not available');
  });
});

describe('formatConsoleTable', () => {
  it('shows the flame graph and process table figures against their targets', () => {
    const spread = (p50: number, p95: number, max: number) => ({ count: 90, p50, p95, max });
    const text = formatConsoleTable({
      flame: {
        frames_requested: 100_000,
        rects: 983_131,
        file_mb: 18.5,
        first_view: 'Time order',
        first_frame_ms: 1515.9,
        graph_first_frame_ms: 77.6,
        graph_first_draw_ms: 30.4,
        before_graph_ms: 1438.3,
        node_parse_ms: 630,
        node_time_order_layout_ms: 437,
        node_left_heavy_layout_ms: 42,
        left_heavy_switch_ms: null,
        left_heavy_rects: null,
        render_left_heavy_ms: { count: 5, p50: 54.2, p95: 70.1, max: 70.1 },
        render_time_order_ms: { count: 5, p50: 120.4, p95: 181, max: 181 },
        time_order_rects: 515_075,
        meets_render_target: true,
        interaction: [
          { view: 'Time order', rects: 983_131, seconds: 3.1, wheel_events: 48, drags: 3, draws: 87, draw_ms: spread(2.1, 9.2, 17.4), raf_interval_ms: spread(16.7, 33.3, 50), drawn_last_frame: 8000 },
          { view: 'Left heavy', rects: 99_308, seconds: 3, wheel_events: 48, drags: 3, draws: 90, draw_ms: spread(2, 17, 20), raf_interval_ms: spread(16.7, 16.8, 33), drawn_last_frame: 7000 },
        ],
        meets_first_frame_target: false,
        meets_frame_target: false,
        notes: [],
      },
      processes: {
        processes: 100_000,
        populate_ms: 350,
        meets_target: true,
        refreshes: [{ request: 'GET /api/processes?sort=mailbox&limit=50', what: 'default', refreshes: 60, node_cpu_ms: { median: 2.6, p95: 9.3, max: 9.3 }, round_trip_ms: { median: 9.2, p95: 27.4, max: 30 }, response_bytes: 12_482 }],
      },
    });
    expect(text).toContain('Flame graph, 983,131 rectangles (18.5 MB .cpuprofile), first view "Time order"');
    expect(text).toMatch(/loaded profile selected → first Left heavy frame, p50 \/ max\s+54\.2 \/ 70\.1 ms \(5\)\s+< 200 ms\s+met/);
    expect(text).toMatch(/Time order tab \(515,075 rectangles\) → first frame, p50 \/ max\s+120\.4 \/ 181\.0 ms \(5\)/);
    expect(text).toMatch(/file input change → first frame drawn \(whole import\)\s+1,515\.9 ms\s+over 200 ms/);
    expect(text).toMatch(/Time order, 983,131 rects: draw p50 \/ p95 \/ max \(87 draws\)\s+2\.1 \/ 9\.2 \/ 17\.4 ms\s+p95 < 16 ms\s+met/);
    expect(text).toMatch(/Left heavy, 99,308 rects: draw p50 \/ p95 \/ max \(90 draws\)\s+2\.0 \/ 17\.0 \/ 20\.0 ms\s+p95 < 16 ms\s+MISSED/);
    expect(text).not.toContain('switch to Left heavy');
    expect(text).toContain('Process table refresh at 100,000 processes, node CPU per refresh (target: default refresh < 50 ms, met)');
    expect(text).toMatch(/default\s+2\.6 \/ 9\.3 \/ 9\.3 ms\s+9\.2 \/ 27\.4 ms\s+12,482\s+60/);
  });
});
