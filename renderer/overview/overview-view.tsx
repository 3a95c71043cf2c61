// The cluster overview: the figures of every node in one table, then a card per node with its
// controls, how to connect, and the traffic generator.
import { useConnectionStatus } from '../api/console-context.js';
import { formatAgo } from '../app/format.js';
import { useNow } from '../app/use-now.js';
import { NodeCard } from '../nodes/node-card.js';
import { useNodes, useOverview } from '../nodes/use-nodes.js';
import { FiguresTable } from './figures-table.js';

export function OverviewView() {
  const nodes = useNodes();
  const overview = useOverview();
  const connection = useConnectionStatus();
  const now = useNow();
  const stale = connection.state !== 'open' || overview.isError;
  if (nodes.isPending) return <p className="muted">Loading the nodes…</p>;
  if (nodes.isError) return <p className="error-text">Could not list the nodes: {nodes.error.message}</p>;
  const list = nodes.data;
  if (list.length === 0) {
    return (
      <div className="empty-state">
        <h2>No nodes yet</h2>
        <p>Create a local node with “+ New local node” in the sidebar: it starts with a test user you can log in with.</p>
      </div>
    );
  }
  return (
    <div className="overview">
      <section aria-label="Cluster figures" className="card">
        <div className="card-header">
          <h2>Nodes</h2>
          <span className="muted small" role="status">
            {overview.isError
              ? `Figures not updating: ${overview.error.message}${overview.dataUpdatedAt ? ` (last ${formatAgo(overview.dataUpdatedAt, now)})` : ''}`
              : stale && overview.dataUpdatedAt
                ? `Stale: last updated ${formatAgo(overview.dataUpdatedAt, now)}`
                : 'Updated every 2 s'}
          </span>
        </div>
        <FiguresTable nodes={list} overview={overview.data ?? []} stale={stale} />
      </section>
      <div className="node-cards">
        {list.map((node) => (
          <NodeCard key={node.id} node={node} />
        ))}
      </div>
    </div>
  );
}
