// The one contract between the bench runner and the load generator process: JSON lines, one command
// on the generator's stdin, one reply on its stdout. Progress and diagnostics go to stderr.
import type { LatencySummary } from '../latency-stats.js';
import type { CpuShares } from '../proc-stats.js';
import type { ClientTarget } from './bench-client.js';
import type { ScramMechanism } from '../../main/core/traffic/scram-client.js';

/** Accounts `${prefix}${first + i}@domain` with password `${passwordPrefix}${first + i}`, i < count. */
export interface AccountRange {
  prefix: string;
  passwordPrefix: string;
  first: number;
  count: number;
}

export function accountAt(range: AccountRange, i: number): { username: string; password: string } {
  const n = range.first + i;
  return { username: `${range.prefix}${n}`, password: `${range.passwordPrefix}${n}` };
}

export interface LoginsCommand {
  cmd: 'logins';
  target: ClientTarget;
  accounts: AccountRange;
  concurrency: number;
  mechanism: ScramMechanism;
  timeoutMs: number;
  /** The node's pid, to report its CPU use. */
  nodePid?: number;
}

export interface OpenIdleCommand {
  cmd: 'open_idle';
  target: ClientTarget;
  accounts: AccountRange;
  concurrency: number;
  mechanism: ScramMechanism;
  timeoutMs: number;
}

export interface MessagesCommand {
  cmd: 'messages';
  target: ClientTarget;
  senders: AccountRange;
  receivers: AccountRange;
  mechanism: ScramMechanism;
  /** Offered rates in messages/s, tried in order until one is not sustained. */
  rates: number[];
  stepSeconds: number;
  /** A first, unreported step at rates[0] so the JIT of both processes has settled. */
  warmupSeconds: number;
  tickMs: number;
  /** How long to wait after a step for messages still in flight. */
  drainMs: number;
  sustainedRatio: number;
  sustainedP99Ms: number;
  /**
   * A step that is not sustained while other processes used more than this share of a CPU is run
   * again, up to maxAttempts in all: on a shared machine, another job's burst is not the node's limit.
   */
  disturbedAbovePct: number;
  maxAttempts: number;
  /** The node's pid, to report its CPU use per step. */
  nodePid?: number;
}

export type GeneratorCommand = LoginsCommand | OpenIdleCommand | { cmd: 'close_idle' } | MessagesCommand | { cmd: 'exit' };

export interface LoginsReply {
  reply: 'logins';
  attempted: number;
  succeeded: number;
  failed: number;
  seconds: number;
  logins_per_s: number;
  latency: LatencySummary;
  first_error?: string;
  /** SaltedPassword cache use in this run: misses are PBKDF2 runs in the generator. */
  pbkdf2_runs: number;
  cpu: CpuShares;
}

export interface IdleOpenedReply {
  reply: 'idle_opened';
  opened: number;
  failed: number;
  seconds: number;
  first_error?: string;
}

export interface IdleClosedReply {
  reply: 'idle_closed';
  closed: number;
  /** Idle connections the server closed before we asked. */
  dropped: number;
}

export interface MessageStep extends CpuShares {
  offered_per_s: number;
  /** What the generator managed to send, per second of the step. */
  sent_per_s: number;
  sent: number;
  /** Messages of this step received during the step, per second. */
  delivered_per_s: number;
  /** Messages of this step not received by the end of the drain period. */
  lost: number;
  /** Message error stanzas bounced to senders. */
  errors: number;
  latency: LatencySummary;
  /** The generator's event-loop delay during the step: its own stalls, not the node's. */
  generator_loop_delay_p99_ms: number;
  generator_loop_delay_max_ms: number;
  sustained: boolean;
  /** How many times the step ran (see MessagesCommand.maxAttempts); the figures are of the last. */
  attempts: number;
}

export interface MessagesReply {
  reply: 'messages';
  pairs: number;
  step_seconds: number;
  steps: MessageStep[];
  /** Highest offered rate that was sustained, or 0. */
  highest_sustained_per_s: number;
  connections_dropped: number;
}

export interface ReadyReply {
  reply: 'ready';
  pid: number;
  open_files_limit: number | null;
  cpus_allowed: string | null;
}

export type GeneratorReply =
  | ReadyReply
  | LoginsReply
  | IdleOpenedReply
  | IdleClosedReply
  | MessagesReply
  | { reply: 'failed'; cmd: string; message: string };
