// The cluster overview's figures of one node, from the node's latest 1 s metrics sample, with a warn
// flag on each figure outside its normal range (OVERVIEW_FIGURES, declared in the console contract).
import { OVERVIEW_FIGURES, type NodeOverview, type NodeView, type OverviewFigure, type OverviewFigureName } from '../../common/node-views.js';

/** The history series the overview reads (names from the node's metrics catalog). */
export const OVERVIEW_SERIES = [
  'sessions',
  'stanzas_in_message_per_s',
  'stanzas_in_presence_per_s',
  'stanzas_in_iq_per_s',
  'stanzas_out_message_per_s',
  'stanzas_out_presence_per_s',
  'stanzas_out_iq_per_s',
  'mailbox_total_messages',
  'mailbox_max_messages',
  'event_loop_delay_p99_seconds',
  'event_loop_utilization_ratio',
  'heap_used_bytes',
  'processes',
] as const;

export interface OverviewSample {
  timestamp: number;
  values: Record<string, number | null | undefined>;
}

function sum(values: OverviewSample['values'], names: readonly string[]): number | null {
  let total = 0;
  let any = false;
  for (const name of names) {
    const value = values[name];
    if (typeof value === 'number' && Number.isFinite(value)) {
      total += value;
      any = true;
    }
  }
  return any ? total : null;
}

function scaled(value: number | null | undefined, factor: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value * factor : null;
}

export function figureValues(sample: OverviewSample | undefined): Record<OverviewFigureName, number | null> {
  const v = sample?.values ?? {};
  return {
    sessions: scaled(v.sessions, 1),
    stanzasInPerS: sum(v, ['stanzas_in_message_per_s', 'stanzas_in_presence_per_s', 'stanzas_in_iq_per_s']),
    stanzasOutPerS: sum(v, ['stanzas_out_message_per_s', 'stanzas_out_presence_per_s', 'stanzas_out_iq_per_s']),
    mailboxTotal: scaled(v.mailbox_total_messages, 1),
    mailboxMax: scaled(v.mailbox_max_messages, 1),
    eventLoopDelayP99Ms: scaled(v.event_loop_delay_p99_seconds, 1000),
    elu: scaled(v.event_loop_utilization_ratio, 1),
    heapMb: scaled(v.heap_used_bytes, 1 / (1024 * 1024)),
    processCount: scaled(v.processes, 1),
  };
}

export function overviewOf(view: NodeView, sample: OverviewSample | undefined): NodeOverview {
  const live = view.status === 'running';
  const values = figureValues(live ? sample : undefined);
  const figures = {} as Record<OverviewFigureName, OverviewFigure>;
  let warn = false;
  for (const name of Object.keys(OVERVIEW_FIGURES) as OverviewFigureName[]) {
    const value = values[name];
    const spec = OVERVIEW_FIGURES[name];
    const out = value !== null && 'warnAbove' in spec && value > spec.warnAbove;
    figures[name] = { value, warn: out };
    warn ||= out;
  }
  return {
    nodeId: view.id,
    name: view.name,
    status: view.status,
    version: view.version,
    uptime_s: view.uptime_s,
    at: live ? (sample?.timestamp ?? null) : null,
    figures,
    warn,
  };
}
