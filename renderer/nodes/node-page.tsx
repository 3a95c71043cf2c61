// One node: tabs for its details, logs, metrics, processes, traces, remote console and profiler.
import { routeHref, type NodeTab } from '../app/route.js';
import { NodeLogsView } from '../logs/logs-view.js';
import { MetricsView } from '../metrics/metrics-view.js';
import { ProcessesView } from '../processes/processes-view.js';
import { NodeProfilerView } from '../profiler/profiles-view.js';
import { RemoteConsoleView } from '../console/remote-console-view.js';
import { TracesView } from '../traces/traces-view.js';
import { NodeCard } from './node-card.js';
import { useNode, useNodes } from './use-nodes.js';

const TABS: { tab: NodeTab; label: string }[] = [
  { tab: 'details', label: 'Details' },
  { tab: 'logs', label: 'Logs' },
  { tab: 'metrics', label: 'Metrics' },
  { tab: 'processes', label: 'Processes' },
  { tab: 'traces', label: 'Traces' },
  { tab: 'console', label: 'Console' },
  { tab: 'profiler', label: 'Profiler' },
];

export function NodePage({ nodeId, tab, traceId }: { nodeId: string; tab: NodeTab; traceId?: string }) {
  const nodes = useNodes();
  const node = useNode(nodeId);
  if (node === undefined) {
    return nodes.isPending ? <p className="muted">Loading…</p> : <p className="error-text">No node “{nodeId}” in this console.</p>;
  }
  return (
    <div className="node-page">
      <nav className="tabs" aria-label={`${node.name} views`}>
        {TABS.map((t) => (
          <a key={t.tab} className={`tab${t.tab === tab ? ' current' : ''}`} href={routeHref({ view: 'node', nodeId, tab: t.tab })} aria-current={t.tab === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      <div className="tab-body">
        {tab === 'details' ? <NodeCard node={node} full /> : null}
        {tab === 'logs' ? <NodeLogsView nodeId={nodeId} traceId={traceId} /> : null}
        {tab === 'metrics' ? <MetricsView nodeId={nodeId} /> : null}
        {tab === 'processes' ? <ProcessesView nodeId={nodeId} /> : null}
        {tab === 'traces' ? <TracesView nodeId={nodeId} traceId={traceId} /> : null}
        {tab === 'console' ? <RemoteConsoleView nodeId={nodeId} /> : null}
        {tab === 'profiler' ? <NodeProfilerView node={node} /> : null}
      </div>
    </div>
  );
}
