// The process table of one node, re-asked every 2 s while it is on screen (react-query pauses the
// interval in a hidden window). The node ranks and filters; the renderer only records each answer
// in the per-process history behind the sparklines and handled/s.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ProcessMetric, ProcessRow } from '../../main/common/process-views.js';
import { useConsole } from '../api/console-context.js';
import type { ProcessHistory } from './process-history.js';

export const TABLE_REFRESH_MS = 2000;
/** Windowed ranking measures growth over one refresh interval. */
export const RANK_WINDOW_MS = 2000;

export type TableOrder = ProcessMetric | 'pid' | 'mailbox-growth' | 'handled-growth';

export const ORDERS: { id: TableOrder; label: string }[] = [
  { id: 'mailbox', label: 'Mailbox length' },
  { id: 'handled', label: 'Handled (total)' },
  { id: 'memory', label: 'Memory' },
  { id: 'mailbox-growth', label: 'Mailbox growth (2 s)' },
  { id: 'handled-growth', label: 'Handled/s (2 s window)' },
  { id: 'pid', label: 'Pid' },
];

export interface TableSpec {
  order: TableOrder;
  kind: string;
  serves: string;
  limit: number;
}

export interface TableRow extends ProcessRow {
  /** Growth over RANK_WINDOW_MS, for the windowed orders. */
  delta?: number;
}

export interface TableAnswer {
  rows: TableRow[];
  /** Live processes on the node, before filtering. */
  processCount: number | null;
  fetchedAt: number;
  /** Round trip of the refresh, ms. */
  ms: number;
}

/** Windowed ranks come from /api/processes/top, which takes no filter. */
export function isWindowed(order: TableOrder): order is 'mailbox-growth' | 'handled-growth' {
  return order === 'mailbox-growth' || order === 'handled-growth';
}

export function useProcessTable(nodeId: string, spec: TableSpec, history: ProcessHistory, enabled: boolean) {
  const { client } = useConsole();
  return useQuery<TableAnswer>({
    queryKey: ['processes', nodeId, spec],
    queryFn: async () => {
      const started = performance.now();
      let answer: Omit<TableAnswer, 'fetchedAt' | 'ms'>;
      if (isWindowed(spec.order)) {
        const by = spec.order === 'mailbox-growth' ? 'mailbox' : 'handled';
        const top = await client.request('processes.top', { nodeId, by, n: spec.limit, windowMs: RANK_WINDOW_MS });
        answer = { rows: top.processes, processCount: null };
      } else {
        const list = await client.request('processes.list', {
          nodeId,
          limit: spec.limit,
          ...(spec.order === 'pid' ? {} : { sort: spec.order }),
          ...(spec.kind === '' ? {} : { kind: spec.kind }),
          ...(spec.serves === '' ? {} : { serves: spec.serves }),
        });
        answer = { rows: list.processes, processCount: list.process_count };
      }
      const fetchedAt = Date.now();
      history.record(answer.rows, fetchedAt);
      return { ...answer, fetchedAt, ms: performance.now() - started };
    },
    refetchInterval: TABLE_REFRESH_MS,
    placeholderData: keepPreviousData,
    enabled,
  });
}
