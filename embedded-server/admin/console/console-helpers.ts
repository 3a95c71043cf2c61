// The functions the remote console offers, bound to the live node's parts. Results are plain data,
// bounded in size (limits), so printing them cannot flood the operator's terminal or stall the node.
import { inspect } from 'node:util';
import type { Logger } from 'pino';
import type { C2sCounters } from '../../c2s/c2s-deps.js';
import type { SessionTable } from '../../core/sessions.js';
import type { Pid, ProcessInfo, ProcessSummary, Runtime, TopMetric } from '../../runtime/index.js';
import { formatPid } from '../../runtime/index.js';
import type { Storage } from '../../storage/storage.js';

/** What the console needs from the node, passed explicitly. */
export interface ConsoleDeps {
  nodeName: string;
  runtime: Runtime;
  sessions: SessionTable;
  storage: Storage;
  c2sCounters: C2sCounters;
  /** Ends the sessions of a JID (all resources of a bare JID, or one full JID); resolves with how many ended. */
  kick(jid: string): number | Promise<number>;
  /** An extra summary shown by metrics(), e.g. from the node's metrics registry. */
  metrics?: () => unknown;
  log: Logger;
  /** Longest synchronous evaluation of one line before it is interrupted (default 2000 ms). */
  evalTimeoutMs?: number;
  /** Longest wait for a promise a line returns before the prompt comes back (default 30,000 ms). */
  awaitTimeoutMs?: number;
}

export interface SessionRow {
  jid: string;
  pid: Pid;
  transport: string;
  peer: string;
  available: boolean;
  priority: number;
  startedAt: string;
}

export interface ConsoleHelpers {
  sessions(limit?: number): SessionRow[];
  top(by?: TopMetric, n?: number): ProcessSummary[];
  proc(pid: Pid | string): ProcessInfo;
  kick(jid: string): Promise<string>;
  metrics(): Promise<Record<string, unknown>>;
  users(limit?: number): Promise<string[]>;
  help(): Text;
}

/** Helpers that only read; the read-only console allows calls of these and nothing else. */
export const INSPECTION_HELPERS = ['sessions', 'top', 'proc', 'metrics', 'users', 'help'] as const;
export const ALL_HELPERS = [...INSPECTION_HELPERS, 'kick'] as const;
export type HelperName = (typeof ALL_HELPERS)[number];

const TOP_METRICS: readonly TopMetric[] = ['mailbox', 'handled', 'memory'];
const MAX_ROWS = 10_000;
const PROC_PEEK = 5;

/** Prints as its text in the REPL instead of a quoted string. */
export class Text {
  constructor(readonly text: string) {}
  [inspect.custom](): string {
    return this.text;
  }
}

export const HELP_TEXT = `Helpers (results print as data; a returned promise is awaited):
  sessions(limit = 100)      bound sessions: jid, pid, transport, peer, availability
  top(by = 'mailbox', n = 10) processes ranked by 'mailbox', 'handled' or 'memory'
  proc(pid)                  one process (pid number, '<0.N.0>' or registered name) with a 5-message peek
  kick(jid)                  end the sessions of a bare or full JID (not in read-only mode)
  metrics()                  runtime stats, session counts, c2s counters
  users(limit = 20)          account JIDs, sorted
  help()                     this text
Commands: .help, .break, .clear, .exit (or Ctrl-D). Every line is written to the node's log.`;

function rowLimit(value: unknown, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_ROWS) {
    throw new RangeError(`${what} must be an integer from 1 to ${MAX_ROWS}, got ${inspect(value)}`);
  }
  return value;
}

/** Accepts 12, '<0.12.0>', '12' or a registered name. */
export function resolvePid(runtime: Runtime, ref: Pid | string): Pid | undefined {
  if (typeof ref === 'number') return ref;
  if (typeof ref !== 'string') return undefined;
  const formatted = /^<0\.(\d+)\.0>$/.exec(ref.trim());
  if (formatted !== null) return Number(formatted[1]);
  if (/^\d+$/.test(ref.trim())) return Number(ref.trim());
  return runtime.whereis(ref);
}

export function createConsoleHelpers(deps: ConsoleDeps): ConsoleHelpers {
  return {
    sessions(limit) {
      const max = rowLimit(limit, 100, 'limit');
      const rows: SessionRow[] = [];
      for (const s of deps.sessions.all()) {
        if (rows.length >= max) break;
        rows.push({
          jid: s.jid.toString(),
          pid: s.pid,
          transport: s.transport,
          peer: s.peer,
          available: s.available,
          priority: s.priority,
          startedAt: new Date(s.startedAt).toISOString(),
        });
      }
      return rows;
    },
    top(by = 'mailbox', n) {
      if (!TOP_METRICS.includes(by)) throw new RangeError(`top() ranks by ${TOP_METRICS.map((m) => `'${m}'`).join(', ')}; got ${inspect(by)}`);
      return deps.runtime.top(rowLimit(n, 10, 'n'), by);
    },
    proc(ref) {
      const pid = resolvePid(deps.runtime, ref);
      const info = pid === undefined ? undefined : deps.runtime.info(pid, { peekLimit: PROC_PEEK });
      if (info === undefined) throw new Error(`no process ${typeof ref === 'number' ? formatPid(ref) : inspect(ref)}`);
      return info;
    },
    async kick(jid) {
      if (typeof jid !== 'string' || jid === '') throw new TypeError(`kick() takes a JID string, got ${inspect(jid)}`);
      const ended = await deps.kick(jid);
      return `ended ${ended} session${ended === 1 ? '' : 's'} of ${jid}`;
    },
    async metrics() {
      const summary: Record<string, unknown> = {
        node: deps.nodeName,
        runtime: deps.runtime.stats(),
        sessions: { total: deps.sessions.count(), users: deps.sessions.userCount(), byTransport: { ...deps.sessions.countByTransport() } },
        c2s: structuredClone(deps.c2sCounters),
        heapUsedBytes: process.memoryUsage().heapUsed,
        uptimeS: Math.round(process.uptime()),
      };
      if (deps.metrics !== undefined) summary.metrics = await deps.metrics();
      return summary;
    },
    users(limit) {
      return deps.storage.users.list({ limit: rowLimit(limit, 20, 'limit') });
    },
    help() {
      return new Text(HELP_TEXT);
    },
  };
}
