// One process's record. It doubles as the ProcessContext handed to its handlers, so a process costs
// one object plus its mailbox. Every counter is plain field upkeep (O(1)); status is derived from
// a bit set of "blockers", and a process is schedulable exactly when that set is empty.
import { Mailbox } from './mailbox.js';
import type { Runtime } from './runtime.js';
import type { RuntimeError } from './runtime-error.js';
import type { ExitReason, OverflowPolicy, Pid, ProcessContext, ProcessSpec, ProcessStatus, ProcessSummary } from './types.js';

/** Handling a message right now (inside the scheduler's slice). */
export const RUNNING = 1;
/** Waiting for the promise an async handler returned. */
export const BUSY = 2;
export const SUSPENDED = 4;
export const HELD = 8;
/** Exit decided: never scheduled again, send() refuses. */
export const EXITING = 16;

/** Fixed part of the memory figure: the record, its mailbox object and table entries (see the bench). */
export const PROCESS_BASE_BYTES = 400;

export const DEFAULT_MAILBOX_CAPACITY = 100_000;

/** What a process needs from its runtime, kept narrow so process.ts does not reach into it. */
export interface ProcessHost {
  wake(proc: Proc): void;
  stopProcess(proc: Proc, reason: ExitReason): void;
  invalid(message: string): RuntimeError;
}

export interface Monitor {
  ref: number;
  watcher: Proc;
  target: Proc;
}

export class Proc implements ProcessContext {
  blockers = 0;
  /** In the run queue (a process is queued at most once). */
  queued = false;
  /** Position in the runtime's list of processes with a non-empty mailbox, -1 when not in it. */
  nonEmptyIndex = -1;
  /** Position in the runtime's dense array of live processes (moves when another process exits). */
  denseIndex = -1;
  /** A small index kept for the process's whole life and reused after it exits (see ProcessTable). */
  slot = -1;
  handled = 0;
  dropped = 0;
  stateBytes = 0;
  state = 'started';
  name: string | undefined = undefined;
  serves: string | undefined;
  // Allocated on first use: most processes have at most one link and no monitors.
  links: Set<Proc> | null = null;
  monitors: Map<number, Monitor> | null = null;
  monitoredBy: Map<number, Monitor> | null = null;
  readonly mailbox: Mailbox;
  readonly overflow: OverflowPolicy;
  readonly trapExits: boolean;
  readonly kind: string;

  constructor(
    readonly self: Pid,
    readonly spec: ProcessSpec<unknown>,
    readonly runtime: Runtime,
    private readonly host: ProcessHost,
    readonly startedAt: number,
  ) {
    this.kind = spec.kind;
    this.serves = spec.serves;
    this.trapExits = spec.trapExits === true;
    this.overflow = spec.mailbox?.overflow ?? 'drop_newest';
    const sizeOf = spec.messageSize ? (msg: unknown) => spec.messageSize!(msg) : null;
    this.mailbox = new Mailbox(spec.mailbox?.capacity ?? DEFAULT_MAILBOX_CAPACITY, sizeOf);
  }

  get alive(): boolean {
    return (this.blockers & EXITING) === 0;
  }

  get status(): ProcessStatus {
    const b = this.blockers;
    if (b & EXITING) return 'exited';
    if (b & (RUNNING | BUSY)) return 'running';
    if (b & SUSPENDED) return 'suspended';
    if (b & HELD) return 'held';
    return this.mailbox.length > 0 ? 'runnable' : 'waiting';
  }

  get memoryBytes(): number {
    return PROCESS_BASE_BYTES + this.mailbox.bytes + this.stateBytes;
  }

  setState(label: string): void {
    this.state = label;
  }

  setServes(what: string | undefined): void {
    this.serves = what;
  }

  setMemoryEstimate(bytes: number): void {
    if (!Number.isFinite(bytes) || bytes < 0) throw this.host.invalid(`memory estimate must be a non-negative number, got ${bytes}`);
    this.stateBytes = bytes;
  }

  hold(): void {
    this.blockers |= HELD;
  }

  release(): void {
    if ((this.blockers & HELD) === 0) return;
    this.blockers &= ~HELD;
    this.host.wake(this);
  }

  exit(reason: ExitReason = 'normal'): void {
    this.host.stopProcess(this, reason);
  }

  summary(): ProcessSummary {
    const s: ProcessSummary = {
      pid: this.self,
      kind: this.kind,
      state: this.state,
      status: this.status,
      mailboxLength: this.mailbox.length,
      peakMailbox: this.mailbox.peak,
      handled: this.handled,
      droppedMessages: this.dropped,
      memoryBytes: this.memoryBytes,
      startedAt: this.startedAt,
    };
    if (this.name !== undefined) s.name = this.name;
    if (this.serves !== undefined) s.serves = this.serves;
    return s;
  }
}
