// Admin API handlers for the process runtime (contract: admin/contract/processes.ts): the runtime's
// own introspection (list, bounded-heap top, proc_window-style top, bounded peek) and its
// recon_trace-style message trace, served over HTTP and one WebSocket stream.
import type { Logger } from 'pino';
import { formatPid, type Pid, type ProcessInfo, type ProcessSummary, type Runtime } from '../../runtime/index.js';
import {
  processesInfo,
  processesKill,
  processesList,
  processesResume,
  processesSuspend,
  processesTop,
  processTrace,
  type ProcessActionResult,
  type ProcessDetail,
  type ProcessRow,
  type ProcessTraceStopReason,
} from '../contract/processes.js';
import { AdminError } from '../server/admin-error.js';
import type { RouteTable } from '../server/route-table.js';

/** About 2 KB of a traced message is enough to recognise a stanza and keeps the stream light. */
const TRACE_MESSAGE_CHARS = 2048;

export interface ProcessesRoutesDeps {
  runtime: Pick<
    Runtime,
    'count' | 'list' | 'top' | 'topWindow' | 'info' | 'isAlive' | 'suspend' | 'resume' | 'kill' | 'traceProcess'
  >;
  log: Logger;
}

export function processRow(s: ProcessSummary): ProcessRow {
  const row: ProcessRow = {
    pid: s.pid,
    pid_text: formatPid(s.pid),
    kind: s.kind,
    state: s.state,
    status: s.status,
    mailbox_length: s.mailboxLength,
    peak_mailbox: s.peakMailbox,
    handled: s.handled,
    dropped_messages: s.droppedMessages,
    memory_bytes: s.memoryBytes,
    started_at_ms: s.startedAt,
  };
  if (s.name !== undefined) row.name = s.name;
  if (s.serves !== undefined) row.serves = s.serves;
  return row;
}

function processDetail(info: ProcessInfo): ProcessDetail {
  const detail: ProcessDetail = {
    ...processRow(info),
    links: info.links,
    monitors: info.monitors,
    monitored_by: info.monitoredBy,
    trap_exits: info.trapExits,
    mailbox_capacity: info.mailboxCapacity,
    overflow: info.overflow,
    mailbox: info.mailbox,
  };
  if (info.state_snapshot !== undefined) detail.state_snapshot = info.state_snapshot;
  return detail;
}

function noSuchProcess(pid: Pid): AdminError {
  return new AdminError('not_found', `No process ${formatPid(pid)}`);
}

export function registerProcessesRoutes(routes: RouteTable, deps: ProcessesRoutesDeps): void {
  const { runtime, log } = deps;

  routes.add(processesList, ({ query }) => {
    const filter = { kind: query.kind, serves: query.serves };
    const summaries =
      query.sort === undefined
        ? runtime.list({ ...filter, offset: query.offset, limit: query.limit })
        : runtime.top(query.offset + query.limit, query.sort, filter).slice(query.offset);
    const list = { process_count: runtime.count(), offset: query.offset, limit: query.limit, processes: summaries.map(processRow) };
    return query.sort === undefined ? list : { ...list, sort: query.sort };
  });

  // Before /api/processes/:pid, which would otherwise take "top" for a pid.
  routes.add(processesTop, async ({ query }) => {
    if (query.window_ms === undefined) {
      return { by: query.by, n: query.n, processes: runtime.top(query.n, query.by).map(processRow) };
    }
    const ranked = await runtime.topWindow(query.n, query.by, query.window_ms);
    return { by: query.by, n: query.n, window_ms: query.window_ms, processes: ranked.map((r) => ({ ...processRow(r), delta: r.delta })) };
  });

  routes.add(processesInfo, ({ params, query }) => {
    const info = runtime.info(params.pid, { peekOffset: query.peek_offset, peekLimit: query.peek_limit });
    if (info === undefined) throw noSuchProcess(params.pid);
    return processDetail(info);
  });

  const action = (pid: Pid, what: string, act: () => boolean): ProcessActionResult => {
    if (!runtime.isAlive(pid)) throw noSuchProcess(pid);
    if (!act()) throw new AdminError('conflict', `Process ${formatPid(pid)} is not suspended`);
    log.info({ what: `admin_process_${what}`, pid });
    return { pid, status: runtime.info(pid, { peekLimit: 0 })?.status ?? 'exited' };
  };
  routes.add(processesSuspend, ({ params }) => action(params.pid, 'suspended', () => runtime.suspend(params.pid)));
  routes.add(processesResume, ({ params }) => action(params.pid, 'resumed', () => runtime.resume(params.pid)));
  routes.add(processesKill, ({ params }) =>
    action(params.pid, 'killed', () => {
      runtime.kill(params.pid);
      return true;
    }),
  );

  routes.addStream(processTrace, ({ filter, sink }) => {
    const { pid, max_events, max_rate } = filter;
    if (!runtime.isAlive(pid)) {
      sink.send({ type: 'error', error: { code: 'not_found', message: `No process ${formatPid(pid)}` } });
      sink.close('no such process');
      return;
    }
    let dropped = 0;
    let reported = 0;
    let finished = false;
    const finish = (reason: ProcessTraceStopReason, events: number) => {
      finished = true;
      log.info({ what: 'admin_trace_stopped', pid, reason, events, dropped });
    };
    const stop = runtime.traceProcess(pid, {
      maxEvents: max_events,
      maxRatePerSec: max_rate,
      maxMessageChars: TRACE_MESSAGE_CHARS,
      onEvent: (event) => {
        reported++;
        if (!sink.send(event)) dropped++;
      },
      onStop: (reason, events) => {
        finish(reason, events);
        sink.send({ type: 'stopped', reason, events, dropped });
        sink.close(reason);
      },
    });
    log.info({ what: 'admin_trace_started', pid, max_events, max_rate_per_s: max_rate });
    return () => {
      if (finished) return;
      stop();
      finish('client_gone', reported);
    };
  });
}
