// Public types of the process runtime: every long-lived actor of the node (c2s sessions, the router,
// MUC rooms, storage writers) is a process with a pid, a bounded mailbox and counters, so the
// console can point at the exact process that is behind (observer / recon style).
import type { Runtime } from './runtime.js';

/** Monotonic, never reused. Rendered as `<0.N.0>` by formatPid. */
export type Pid = number;

export type ExitReason = 'normal' | 'shutdown' | 'killed' | 'mailbox_overflow' | { error: string };

/**
 * What send() does when the mailbox is at capacity. Every drop is counted (droppedMessages).
 * - drop_newest: the new message is discarded, send returns false.
 * - drop_oldest: the oldest queued message is discarded, the new one is queued.
 * - reject: send returns false and nothing is queued (the caller decides).
 * - exit: the process exits with 'mailbox_overflow'.
 */
export type OverflowPolicy = 'drop_newest' | 'drop_oldest' | 'reject' | 'exit';

export type SystemMessage =
  /** To a linked process that traps exits. */
  | { system: 'EXIT'; from: Pid; reason: ExitReason }
  /** To a monitoring process. */
  | { system: 'DOWN'; ref: number; pid: Pid; reason: ExitReason };

export interface ProcessContext {
  readonly self: Pid;
  readonly runtime: Runtime;
  /** A short state label shown in introspection ("wait_for_auth", "session_established"). */
  setState(label: string): void;
  /** What the process serves (a JID); may be set after start (after login). */
  setServes(what: string | undefined): void;
  /** The handler's own estimate of its state size, added to the memory figure. */
  setMemoryEstimate(bytes: number): void;
  /** Flow control: stop delivering messages (e.g. the socket is blocked); the mailbox keeps filling. */
  hold(): void;
  /** Resume delivery; schedules the process if it has messages. */
  release(): void;
  /** Exit this process (default 'normal'), even when it traps exits. */
  exit(reason?: ExitReason): void;
}

export interface ProcessSpec<M> {
  /** 'c2s' | 'router' | 'room' | 'supervisor' | ... */
  kind: string;
  /** Registered name, unique; spawn throws RuntimeError('name_taken') when taken. */
  name?: string;
  serves?: string;
  /** Defaults: capacity 100_000, overflow 'drop_newest'. */
  mailbox?: { capacity?: number; overflow?: OverflowPolicy };
  trapExits?: boolean;
  init?(ctx: ProcessContext): void;
  handle(msg: M | SystemMessage, ctx: ProcessContext): void | Promise<void>;
  /** Called exactly once when the process ends, whatever the reason (kill included). */
  terminate?(reason: ExitReason, ctx: ProcessContext): void;
  /** A bounded JSON-able snapshot for introspection. */
  describeState?(): unknown;
  /** For mailbox peek; default String(msg), or JSON for plain objects, truncated. */
  renderMessage?(msg: M): string;
  /** Bytes estimate of a queued message for the memory figure; default a constant. */
  messageSize?(msg: M): number;
}

export type ProcessStatus = 'waiting' | 'runnable' | 'running' | 'suspended' | 'held' | 'exited';

export interface ProcessSummary {
  pid: Pid;
  name?: string;
  kind: string;
  serves?: string;
  state: string;
  status: ProcessStatus;
  mailboxLength: number;
  peakMailbox: number;
  handled: number;
  droppedMessages: number;
  memoryBytes: number;
  /** ms since the epoch */
  startedAt: number;
}

export interface ProcessInfo extends ProcessSummary {
  links: Pid[];
  monitors: Pid[];
  monitoredBy: Pid[];
  trapExits: boolean;
  mailboxCapacity: number;
  overflow: OverflowPolicy;
  /** describeState() */
  state_snapshot?: unknown;
  /** A bounded peek: `limit` rendered messages starting `offset` from the head; total is the length. */
  mailbox: { offset: number; limit: number; total: number; messages: string[] };
}

export type TopMetric = 'mailbox' | 'handled' | 'memory';

/** Restricts list() and top() to some processes. */
export interface ProcessFilter {
  kind?: string;
  /** Substring of what the process serves. */
  serves?: string;
}

/** One traced message, like a recon_trace line: what the traced process received or sent. */
export interface TraceEvent {
  type: 'received' | 'sent';
  /** The traced process. */
  pid: Pid;
  /** Runtime clock, ms since the epoch. */
  at_ms: number;
  /** Rendered by the receiving process's renderMessage (stanzas as XML), cut at maxMessageChars. */
  message: string;
  /** 'received': the sending process (absent when sent from outside any process, e.g. socket input). 'sent': the recipient. */
  peer_pid?: Pid;
}

/** Why a trace switched itself off. A trace ended with its stop() function reports nothing. */
export type TraceStopReason = 'max_events' | 'rate_limit' | 'process_exited';

export interface TraceOptions {
  /** The trace ends after this many events. */
  maxEvents: number;
  /** recon_trace semantics: more events than this within one second ends the trace (the extra event is not reported). */
  maxRatePerSec: number;
  /** Rendered messages are cut at this many characters (default 2048). */
  maxMessageChars?: number;
  /** Called synchronously from send(); keep it cheap. A throwing callback is ignored. */
  onEvent(event: TraceEvent): void;
  /** The trace switched itself off; `events` is how many were reported. */
  onStop?(reason: TraceStopReason, events: number): void;
}

export interface RuntimeStats {
  processCount: number;
  mailboxTotal: number;
  mailboxMax: number;
  handledTotal: number;
  droppedTotal: number;
  byKind: Record<string, number>;
}

export interface RuntimeOptions {
  /** Max messages one process handles per turn before the next process runs (default 50). */
  budgetPerProcess?: number;
  /** A scheduler turn ends after this long, then setImmediate lets socket I/O run (default 4). */
  turnBudgetMs?: number;
  /** Wall clock in ms since the epoch (startedAt, supervisor intensity). */
  now?: () => number;
  /** A handler (or init) threw or rejected: the process exits with {error}. */
  onProcessError?: (pid: Pid, kind: string, err: unknown) => void;
  onProcessExit?: (summary: ProcessSummary, reason: ExitReason) => void;
}

export function formatPid(pid: Pid): string {
  return `<0.${pid}.0>`;
}

export function isSystemMessage(msg: unknown): msg is SystemMessage {
  return typeof msg === 'object' && msg !== null && 'system' in msg && ((msg as SystemMessage).system === 'EXIT' || (msg as SystemMessage).system === 'DOWN');
}

export function reasonText(reason: ExitReason): string {
  return typeof reason === 'string' ? reason : `error: ${reason.error}`;
}
