// NodeLogApi over a node's admin API: GET /api/logs for queries and the /api/streams/logs WebSocket
// for the live tail (server-side filtering, batches, dropped markers, resume after a sequence number).
import { logsQuery, logsStream, type LogStreamEvent } from '../../../embedded-server/admin/contract/logs.js';
import type { ConsoleLogEntry, LogFilterSpec } from '../../common/log-views.js';
import type { QueryValue } from '../admin/admin-request.js';
import type { NodeHandle } from '../registry/node-registry.js';
import { toConsoleEntry, type NodeLogApi } from './node-log-api.js';

/** The node serves at most this many lines per query. */
const MAX_QUERY_LIMIT = 10_000;

export function filterQuery(filter: LogFilterSpec): Record<string, QueryValue> {
  return {
    level: filter.level,
    what: filter.what,
    module: filter.module,
    jid: filter.jid,
    pid: filter.pid,
    trace_id: filter.trace_id,
    text: filter.text === '' ? undefined : filter.text,
  };
}

export const adminLogApi: NodeLogApi = {
  tail(node: NodeHandle, filter, sinceSeq, handlers) {
    return node.admin.openStream(
      logsStream,
      { ...filterQuery(filter), since: sinceSeq },
      {
        onOpen: () => handlers.onOpen(),
        onEvent: (event: LogStreamEvent) => {
          if (event.type === 'entries') handlers.onEntries(event.entries.map((e) => toConsoleEntry(node.id, e)));
          else if (event.type === 'dropped') handlers.onDropped(event.count);
        },
        onClose: (error) => handlers.onClose(error),
      },
    );
  },

  async query(node: NodeHandle, filter, limit): Promise<ConsoleLogEntry[]> {
    const { entries } = await node.admin.call(logsQuery, { query: { ...filterQuery(filter), limit: Math.min(limit, MAX_QUERY_LIMIT) } });
    // The node answers newest first; the console shows oldest first.
    return entries.map((e) => toConsoleEntry(node.id, e)).sort((a, b) => a.seq - b.seq);
  },
};
