// The metrics dashboard: which node series each chart draws, their labels and the unit they are
// shown in (seconds become ms, bytes MB, ratios %). Series names are the node's history catalog.
export type DisplayUnit = 'count' | 'per_s' | 'ms' | 'MB' | 'percent' | 'messages';

export interface ChartLine {
  series: string;
  label: string;
  /** Index into the theme's series palette (see chart-palette.ts). */
  color: number;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: DisplayUnit;
  lines: ChartLine[];
}

const c = (n: number) => n;

export const DASHBOARD: readonly ChartSpec[] = [
  {
    id: 'connections',
    title: 'Connections and sessions',
    unit: 'count',
    lines: [
      { series: 'connections', label: 'connections', color: c(1) },
      { series: 'sessions', label: 'sessions', color: c(2) },
    ],
  },
  {
    id: 'stanzas-in',
    title: 'Stanzas in',
    unit: 'per_s',
    lines: [
      { series: 'stanzas_in_message_per_s', label: 'message', color: c(1) },
      { series: 'stanzas_in_presence_per_s', label: 'presence', color: c(2) },
      { series: 'stanzas_in_iq_per_s', label: 'iq', color: c(3) },
    ],
  },
  {
    id: 'stanzas-out',
    title: 'Stanzas out',
    unit: 'per_s',
    lines: [
      { series: 'stanzas_out_message_per_s', label: 'message', color: c(1) },
      { series: 'stanzas_out_presence_per_s', label: 'presence', color: c(2) },
      { series: 'stanzas_out_iq_per_s', label: 'iq', color: c(3) },
    ],
  },
  {
    id: 'delivery-latency',
    title: 'Delivery latency',
    unit: 'ms',
    lines: [
      { series: 'delivery_latency_p50_seconds', label: 'p50', color: c(1) },
      { series: 'delivery_latency_p99_seconds', label: 'p99', color: c(4) },
    ],
  },
  {
    id: 'offline',
    title: 'Offline queue',
    unit: 'per_s',
    lines: [
      { series: 'offline_stored_per_s', label: 'stored', color: c(3) },
      { series: 'offline_delivered_per_s', label: 'delivered', color: c(2) },
    ],
  },
  {
    id: 'event-loop-delay',
    title: 'Event-loop delay p99',
    unit: 'ms',
    lines: [{ series: 'event_loop_delay_p99_seconds', label: 'p99 delay', color: c(4) }],
  },
  {
    id: 'event-loop-utilization',
    title: 'Event-loop utilization',
    unit: 'percent',
    lines: [{ series: 'event_loop_utilization_ratio', label: 'busy', color: c(5) }],
  },
  {
    id: 'heap',
    title: 'Heap used',
    unit: 'MB',
    lines: [{ series: 'heap_used_bytes', label: 'heap', color: c(6) }],
  },
  {
    id: 'processes',
    title: 'Processes',
    unit: 'count',
    lines: [{ series: 'processes', label: 'processes', color: c(1) }],
  },
  {
    id: 'mailboxes',
    title: 'Mailboxes',
    unit: 'messages',
    lines: [
      { series: 'mailbox_total_messages', label: 'total', color: c(3) },
      { series: 'mailbox_max_messages', label: 'longest', color: c(4) },
    ],
  },
  {
    id: 'logins',
    title: 'Logins',
    unit: 'per_s',
    lines: [
      { series: 'logins_ok_per_s', label: 'ok', color: c(2) },
      { series: 'logins_failed_per_s', label: 'failed', color: c(4) },
    ],
  },
  {
    id: 'routing',
    title: 'Delivered and stream errors',
    unit: 'per_s',
    lines: [
      { series: 'delivered_per_s', label: 'delivered', color: c(1) },
      { series: 'stream_errors_per_s', label: 'stream errors', color: c(4) },
    ],
  },
];

export const DASHBOARD_SERIES: readonly string[] = [...new Set(DASHBOARD.flatMap((chart) => chart.lines.map((line) => line.series)))];

/** Converts a node value (seconds, bytes, ratio) to the unit the chart shows. */
export function toDisplay(unit: DisplayUnit, value: number | null): number | null {
  if (value === null) return null;
  switch (unit) {
    case 'ms':
      return value * 1000;
    case 'MB':
      return value / (1024 * 1024);
    case 'percent':
      return value * 100;
    default:
      return value;
  }
}

export const UNIT_SUFFIX: Record<DisplayUnit, string> = { count: '', per_s: '/s', ms: ' ms', MB: ' MB', percent: ' %', messages: '' };

export const TIME_RANGES = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 60 * 60_000 },
] as const;

export type TimeRangeId = (typeof TIME_RANGES)[number]['id'];
