// The metrics.live stream: one node's 1 s samples, passed through from the node's metrics stream
// with the console's node id added. When the node's stream breaks while the node runs (a restart,
// a blip) it is re-opened after a pause; the chart simply has a gap.
import { metricsStream } from '../../../embedded-server/admin/contract/metrics.js';
import type { MetricsLiveFilter, MetricsSample } from '../../common/metric-views.js';
import type { NodeRegistry } from '../registry/node-registry.js';
import type { StreamSink } from '../service/console-backend.js';

const RETRY_MS = 1000;

export function metricsLive(registry: NodeRegistry, filter: MetricsLiveFilter, sink: StreamSink<MetricsSample>): () => void {
  registry.require(filter.nodeId);
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let current: { close(): void } | undefined;

  const open = (): void => {
    const handle = registry.get(filter.nodeId);
    if (closed || handle === undefined) return;
    current = handle.admin.openStream(metricsStream, { series: filter.series }, {
      onEvent: (event) => void sink.event({ nodeId: filter.nodeId, timestamp: event.timestamp, values: event.values, dropped: event.dropped }),
      onClose: () => {
        current = undefined;
        if (closed) return;
        retry = setTimeout(open, RETRY_MS);
        retry.unref();
      },
    });
  };
  open();
  const stopWatching = registry.onChange((change) => {
    if (change.kind === 'removed' && change.nodeId === filter.nodeId) {
      sink.end({ code: 'not_found', message: `node ${filter.nodeId} was removed` });
      stop();
    }
  });
  const stop = (): void => {
    if (closed) return;
    closed = true;
    stopWatching();
    if (retry !== undefined) clearTimeout(retry);
    current?.close();
  };
  return stop;
}
