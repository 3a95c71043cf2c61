// The left rail: the cluster views, then every node with its status. Plain links (hash routes), so
// keyboard, middle-click and the back button behave as anywhere else.
import type { NodeView } from '../../main/common/console-api.js';
import { routeHref, type Route } from '../app/route.js';
import { useNodes, useOverview } from '../nodes/use-nodes.js';
import { NewLocalNodeButton } from './new-local-node-button.js';
import { StatusDot } from './status-dot.js';

function isCurrent(route: Route, target: Route): boolean {
  if (route.view !== target.view) return false;
  return route.view !== 'node' || (target.view === 'node' && route.nodeId === target.nodeId);
}

function NavLink({ route, target, children }: { route: Route; target: Route; children: React.ReactNode }) {
  const current = isCurrent(route, target);
  return (
    <a className={`nav-link${current ? ' current' : ''}`} href={routeHref(target)} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

export function Sidebar({ route }: { route: Route }) {
  const nodes = useNodes();
  const overview = useOverview();
  const warnings = new Set((overview.data ?? []).filter((o) => o.warn).map((o) => o.nodeId));
  const tab = route.view === 'node' ? route.tab : 'details';
  return (
    <nav className="sidebar" aria-label="Console">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">◉</span> Meerkat
      </div>
      <div className="nav-section">Cluster</div>
      <NavLink route={route} target={{ view: 'overview' }}>
        Overview
      </NavLink>
      <NavLink route={route} target={{ view: 'cluster-logs' }}>
        Logs, all nodes
      </NavLink>
      <NavLink route={route} target={{ view: 'profiles' }}>
        Profiles
      </NavLink>
      <div className="nav-section">Nodes</div>
      {nodes.isPending ? <div className="nav-note">Loading…</div> : null}
      {nodes.isError ? <div className="nav-note error-text">Could not list nodes: {nodes.error.message}</div> : null}
      {nodes.data?.length === 0 ? <div className="nav-note">No nodes yet.</div> : null}
      <ul className="node-list">
        {(nodes.data ?? []).map((node: NodeView) => (
          <li key={node.id}>
            <NavLink route={route} target={{ view: 'node', nodeId: node.id, tab }}>
              <StatusDot status={node.status} warn={warnings.has(node.id)} />
              <span className="node-name">{node.name}</span>
              {node.kind === 'remote' ? <span className="tag">remote</span> : null}
            </NavLink>
          </li>
        ))}
      </ul>
      <NewLocalNodeButton />
    </nav>
  );
}
