// Admin API handlers for the node's log (contract: admin/contract/logs.ts): queries of the ring,
// run-time levels, and the live tail. A tail's queue is the ring's per-reader queue: when the
// socket is backed up the batch stays queued, and what overflows is dropped for this client only
// and announced with a `dropped` event.
import {
  logsLevels,
  logsQuery,
  logsSetLevels,
  logsStream,
  type LogLevelsResponse,
  type LogQueryResponse,
  type LogRecord,
  type LogStreamEvent,
  type LogStreamFilter,
} from '../contract/logs.js';
import type { LogEntry, LogFilter } from '../../observability/logging/log-filter.js';
import { LEVEL_VALUES, type LevelsSnapshot, type LogLevels } from '../../observability/logging/log-levels.js';
import { queryRingInSlices } from '../../observability/logging/log-query.js';
import type { LogRing } from '../../observability/logging/log-ring.js';
import type { TailOptions } from '../../observability/logging/log-tail.js';
import type { RouteTable } from '../server/route-table.js';

export interface LogsRoutesDeps {
  ring: LogRing;
  levels: LogLevels;
  /** Queue and batch sizes of each stream client (defaults: 10,000 queued, batches of 500 every 100 ms). */
  tail?: TailOptions;
}

export function toLogRecord(entry: LogEntry): LogRecord {
  return {
    seq: entry.seq,
    time: entry.time,
    level: entry.level,
    what: entry.what ?? null,
    module: entry.module ?? null,
    jid: entry.jid ?? null,
    from_jid: entry.from_jid ?? null,
    to_jid: entry.to_jid ?? null,
    pid: Number.isNaN(entry.pid) ? null : entry.pid,
    trace_id: entry.trace_id ?? null,
    node: entry.node ?? null,
    line: entry.line,
  };
}

function ringFilter(filter: Omit<LogStreamFilter, 'since'>): LogFilter {
  return {
    minLevel: filter.level === undefined ? undefined : LEVEL_VALUES[filter.level],
    what: filter.what,
    module: filter.module,
    jid: filter.jid,
    pid: filter.pid,
    trace_id: filter.trace_id,
    text: filter.text,
  };
}

export function registerLogsRoutes(routes: RouteTable, deps: LogsRoutesDeps): void {
  const { ring, levels } = deps;
  // LevelsSnapshot is checked against the contract's response type here, so they cannot drift.
  const levelsResponse = (snapshot: LevelsSnapshot): LogLevelsResponse => snapshot;

  routes.add(logsQuery, async ({ query }): Promise<LogQueryResponse> => {
    const result = await queryRingInSlices(ring, { ...ringFilter(query), sinceSeq: query.since, limit: query.limit });
    return { entries: result.entries.map(toLogRecord), oldestSeq: result.oldestSeq, newestSeq: result.newestSeq, missed: result.missed };
  });

  routes.add(logsLevels, () => levelsResponse(levels.snapshot()));

  routes.add(logsSetLevels, ({ body }) => levelsResponse(levels.apply(body)));

  routes.addStream(logsStream, ({ filter, sink }) => {
    const tail = ring.subscribe(
      ringFilter(filter),
      (event) => {
        if (sink.closed) {
          tail.close();
          return false;
        }
        const wire: LogStreamEvent = event.type === 'entries' ? { type: 'entries', entries: event.entries.map(toLogRecord) } : event;
        // false: the socket is more than its limit behind; the tail keeps the entries queued.
        return sink.send(wire);
      },
      { ...deps.tail, sinceSeq: filter.since },
    );
    return () => tail.close();
  });
}
