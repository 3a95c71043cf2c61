// NodeLogApi over a node's admin API: GET /api/logs for queries and the /api/streams/logs WebSocket
// for the live tail (server-side filtering, batches, dropped markers, resume after a sequence number).
// The two definitions below mirror the node's logs contract; they move to an import from
// embedded-server/admin/contract/logs.ts as soon as that file lands (it is being written).
import type { Endpoint, Stream } from '../../../embedded-server/admin/contract/define.js';
import type { ConsoleLogEntry, LogFilterSpec } from '../../common/log-views.js';
import type { QueryValue } from '../admin/admin-request.js';
import type { NodeHandle } from '../registry/node-registry.js';
import { toConsoleEntry, type NodeLogApi, type WireLogEntry } from './node-log-api.js';

type WireTailEvent = { type: 'entries'; entries: WireLogEntry[] } | { type: 'dropped'; count: number };

const logsQuery: Endpoint<Record<string, never>, unknown, undefined, { entries: WireLogEntry[] }> = {
  name: 'logs.query',
  method: 'GET',
  path: '/api/logs',
  summary: 'Kept log entries, newest first, filtered',
};

const logsStream: Stream<unknown, WireTailEvent> = {
  name: 'logs.tail',
  path: '/api/streams/logs',
  summary: 'Live log entries, filtered, in batches',
};

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
      { ...filterQuery(filter), since_seq: sinceSeq },
      {
        onOpen: () => handlers.onOpen(),
        onEvent: (event: WireTailEvent) => {
          if (event.type === 'entries') handlers.onEntries(event.entries.map((e) => toConsoleEntry(node.id, e)));
          else if (event.type === 'dropped') handlers.onDropped(event.count);
        },
        onClose: (error) => handlers.onClose(error),
      },
    );
  },

  async query(node: NodeHandle, filter, limit): Promise<ConsoleLogEntry[]> {
    const { entries } = await node.admin.call(logsQuery, { query: { ...filterQuery(filter), limit } });
    // The node answers newest first; the console shows oldest first.
    return entries.map((e) => toConsoleEntry(node.id, e)).sort((a, b) => a.seq - b.seq);
  },
};
