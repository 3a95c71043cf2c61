// The node's process table as the console carries it: the node's own rows (admin contract
// processes.ts), asked for by the console's node id. Ranking and filtering happen on the node, so a
// refresh costs the same at 100 processes as at 100,000; the mailbox is only ever read in pages.
import type {
  ProcessActionResult as NodeProcessActionResult,
  ProcessDetail as NodeProcessDetail,
  ProcessList as NodeProcessList,
  ProcessMetric as NodeProcessMetric,
  ProcessRow as NodeProcessRow,
  ProcessTop as NodeProcessTop,
  ProcessTraceEvent as NodeProcessTraceEvent,
} from '../../embedded-server/admin/contract/processes.js';

export type ProcessRow = NodeProcessRow;
export type ProcessList = NodeProcessList;
export type ProcessTop = NodeProcessTop;
export type ProcessDetail = NodeProcessDetail;
export type ProcessMetric = NodeProcessMetric;
export type ProcessActionResult = NodeProcessActionResult;
export type ProcessTraceEvent = NodeProcessTraceEvent;

/** The node's limits (admin contract), repeated here so the renderer needs no node import. */
export const PROCESS_LIMITS = { maxPage: 10_000, maxTopN: 1000, maxWindowMs: 60_000, maxPeek: 500, maxTraceEvents: 10_000, maxTraceRate: 10_000 } as const;

export interface ProcessesListRequest {
  nodeId: string;
  /** Exact kind ("c2s", "router", ...). */
  kind?: string;
  /** Substring of what the process serves (a JID or a client's address). */
  serves?: string;
  /** Ranked by this metric on the node (highest first); omitted: pid order. */
  sort?: ProcessMetric;
  offset?: number;
  limit?: number;
}

export interface ProcessesTopRequest {
  nodeId: string;
  by: ProcessMetric;
  n: number;
  /** Rank by growth over this window (like recon:proc_window). */
  windowMs?: number;
}

export interface ProcessRef {
  nodeId: string;
  pid: number;
}

export interface ProcessInfoRequest extends ProcessRef {
  /** First mailbox message to show (0 = oldest). */
  peekOffset?: number;
  /** How many mailbox messages (0..500, default 20). */
  peekLimit?: number;
}

export interface ProcessTraceFilter extends ProcessRef {
  /** The trace ends itself after this many events (default 100). */
  maxEvents?: number;
  /** ...or when events come faster than this per second (default 50). */
  maxRate?: number;
}
