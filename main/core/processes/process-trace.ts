// The processes.trace stream: the node's recon_trace-style message trace of one process, passed
// through. Unlike the metrics stream it is never re-opened: a trace is bounded by design, and its
// last event says why it stopped. A connection lost before that is reported as the stream's error.
import { processTrace } from '../../../embedded-server/admin/contract/processes.js';
import { toConsoleError } from '../../common/console-errors.js';
import type { ProcessTraceEvent, ProcessTraceFilter } from '../../common/process-views.js';
import type { NodeRegistry } from '../registry/node-registry.js';
import type { StreamSink } from '../service/console-backend.js';

export function processTraceStream(registry: NodeRegistry, filter: ProcessTraceFilter, sink: StreamSink<ProcessTraceEvent>): () => void {
  const node = registry.require(filter.nodeId);
  let finished = false;
  const handle = node.admin.openStream(
    processTrace,
    { pid: filter.pid, max_events: filter.maxEvents, max_rate: filter.maxRate },
    {
      onEvent: (event) => {
        if (finished) return;
        sink.event(event);
        if (event.type === 'stopped' || event.type === 'error') {
          finished = true;
          sink.end();
        }
      },
      onClose: (error) => {
        if (finished) return;
        finished = true;
        sink.end(error === undefined ? undefined : toConsoleError(error));
      },
    },
  );
  return () => {
    finished = true;
    handle.close();
  };
}
