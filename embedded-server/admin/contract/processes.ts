// Admin API: the process runtime, observer / recon style: the process table (paged, or ranked on the
// node), top-N by mailbox, handled messages or memory (absolute, or growth over a window like
// recon:proc_window), one process with a bounded mailbox peek, suspend/resume/kill, and a message
// trace of one process like recon_trace. Implemented by admin/routes/processes-routes.ts.
// A pid is given as a number ("42") or as rendered ("<0.42.0>", URL-encoded in paths).
import * as z from 'zod';
import { endpoint, stream } from './define.js';

export const PROCESS_METRICS = ['mailbox', 'handled', 'memory'] as const;
export type ProcessMetric = (typeof PROCESS_METRICS)[number];
export type ProcessStatusName = 'waiting' | 'runnable' | 'running' | 'suspended' | 'held' | 'exited';
export type OverflowPolicyName = 'drop_newest' | 'drop_oldest' | 'reject' | 'exit';

export const MAX_PROCESSES_PAGE = 10_000;
export const MAX_TOP_N = 1000;
export const MAX_TOP_WINDOW_MS = 60_000;
export const MAX_PEEK_LIMIT = 500;
export const MAX_TRACE_EVENTS = 10_000;
export const MAX_TRACE_RATE_PER_S = 10_000;

export interface ProcessRow {
  pid: number;
  /** "<0.N.0>" */
  pid_text: string;
  name?: string;
  /** "c2s" | "router" | "supervisor" | ... */
  kind: string;
  /** What it serves: a client's address, then its JID after login. */
  serves?: string;
  /** The process's own state label, e.g. "session_established". */
  state: string;
  status: ProcessStatusName;
  mailbox_length: number;
  peak_mailbox: number;
  handled: number;
  dropped_messages: number;
  memory_bytes: number;
  started_at_ms: number;
}

export interface ProcessList {
  /** Live processes on the node (before any filter). */
  process_count: number;
  offset: number;
  limit: number;
  /** Set when the page is ranked by a metric (highest first) instead of pid order. */
  sort?: ProcessMetric;
  processes: ProcessRow[];
}

export interface ProcessTop {
  by: ProcessMetric;
  n: number;
  /** Set when ranked by growth over this window. */
  window_ms?: number;
  /** Highest first; `delta` is the growth over the window when window_ms is set. */
  processes: (ProcessRow & { delta?: number })[];
}

export interface ProcessDetail extends ProcessRow {
  links: number[];
  /** Processes this one monitors. */
  monitors: number[];
  monitored_by: number[];
  trap_exits: boolean;
  mailbox_capacity: number;
  overflow: OverflowPolicyName;
  /** The process's own bounded snapshot (describeState), when it has one. */
  state_snapshot?: unknown;
  /** `limit` messages from `offset` (0 = oldest), rendered (stanzas as XML, cut at 256 characters); total is the mailbox length. */
  mailbox: { offset: number; limit: number; total: number; messages: string[] };
}

export interface ProcessActionResult {
  pid: number;
  status: ProcessStatusName;
}

export type ProcessTraceStopReason = 'max_events' | 'rate_limit' | 'process_exited' | 'client_gone';

export type ProcessTraceEvent =
  | {
      type: 'received' | 'sent';
      pid: number;
      at_ms: number;
      /** Rendered message (stanzas as XML), cut at about 2 KB. */
      message: string;
      /** received: the sender, when a process sent it; sent: the recipient. */
      peer_pid?: number;
    }
  /** The last event: the trace switched itself off. `dropped`: events lost because the viewer read too slowly. */
  | { type: 'stopped'; reason: ProcessTraceStopReason; events: number; dropped: number }
  /** The trace could not start (no such process); the stream closes after it. */
  | { type: 'error'; error: { code: 'not_found'; message: string } };

/** "42" or "<0.42.0>" → 42. */
export const pidSchema = z
  .string()
  .regex(/^(?:[1-9]\d{0,15}|<0\.[1-9]\d{0,15}\.0>)$/, { error: 'expected a pid such as 42 or <0.42.0>' })
  .transform((s) => Number(s.startsWith('<') ? s.slice(3, -3) : s));

const pidParams = z.strictObject({ pid: pidSchema });
const metric = z.enum(PROCESS_METRICS);

export const processesList = endpoint<ProcessList>()({
  name: 'processes.list',
  method: 'GET',
  path: '/api/processes',
  summary: 'The process table in pid order, or ranked on the node by a metric (sort=), filtered by kind and serves substring',
  query: z.strictObject({
    kind: z.string().min(1).optional(),
    serves: z.string().min(1).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_PROCESSES_PAGE).default(100),
    sort: metric.optional(),
  }),
});

export const processesTop = endpoint<ProcessTop>()({
  name: 'processes.top',
  method: 'GET',
  path: '/api/processes/top',
  summary: 'Top-N processes by mailbox, handled or memory; with window_ms, by growth over that window (like recon:proc_window)',
  query: z.strictObject({
    by: metric.default('mailbox'),
    n: z.coerce.number().int().min(1).max(MAX_TOP_N).default(10),
    window_ms: z.coerce.number().int().min(1).max(MAX_TOP_WINDOW_MS).optional(),
  }),
});

export const processesInfo = endpoint<ProcessDetail>()({
  name: 'processes.info',
  method: 'GET',
  path: '/api/processes/:pid',
  summary: 'One process: counters, links, monitors, state snapshot and a bounded mailbox peek',
  params: pidParams,
  query: z.strictObject({
    peek_offset: z.coerce.number().int().min(0).default(0),
    peek_limit: z.coerce.number().int().min(0).max(MAX_PEEK_LIMIT).default(20),
  }),
});

export const processesSuspend = endpoint<ProcessActionResult>()({
  name: 'processes.suspend',
  method: 'POST',
  path: '/api/processes/:pid/suspend',
  summary: 'Stops scheduling the process; its mailbox keeps filling',
  params: pidParams,
});

export const processesResume = endpoint<ProcessActionResult>()({
  name: 'processes.resume',
  method: 'POST',
  path: '/api/processes/:pid/resume',
  summary: 'Schedules a suspended process again (409 when it is not suspended)',
  params: pidParams,
});

export const processesKill = endpoint<ProcessActionResult>()({
  name: 'processes.kill',
  method: 'POST',
  path: '/api/processes/:pid/kill',
  summary: "Ends the process with reason 'killed' (untrappable); a c2s process closes its stream with <policy-violation/>",
  params: pidParams,
});

export const processTrace = stream<ProcessTraceEvent>()({
  name: 'processes.trace',
  path: '/api/streams/process-trace',
  summary: 'Messages one process receives and sends, like recon_trace; ends itself after max_events, above max_rate per second, or when the process exits',
  filter: z.strictObject({
    pid: pidSchema,
    max_events: z.coerce.number().int().min(1).max(MAX_TRACE_EVENTS).default(100),
    max_rate: z.coerce.number().int().min(1).max(MAX_TRACE_RATE_PER_S).default(50),
  }),
});
