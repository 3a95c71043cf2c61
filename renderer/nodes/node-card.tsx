// Everything about one node that is not a log or a chart: status, controls, the staged start,
// how to connect (test user, ports), the traffic generator and the process output.
import type { NodeView } from '../../main/common/console-api.js';
import { formatAgo, formatUptime } from '../app/format.js';
import { routeHref } from '../app/route.js';
import { useNow } from '../app/use-now.js';
import { STATUS_LABEL, StatusDot } from '../shell/status-dot.js';
import { ConnectionDetails } from './connection-details.js';
import { describeExit } from './describe-exit.js';
import { NodeControls } from './node-controls.js';
import { NodeOutput } from './node-output.js';
import { StartStages } from './start-stages.js';
import { TrafficPanel } from './traffic-panel.js';

export function NodeCard({ node, full = false }: { node: NodeView; full?: boolean }) {
  const now = useNow();
  const failed = node.stages.some((s) => s.status === 'failed');
  return (
    <article className={`card node-card status-${node.status}`} data-node={node.id} data-status={node.status} aria-label={`Node ${node.name}`}>
      <header className="card-header">
        <div className="card-title">
          <StatusDot status={node.status} />
          <h2>
            {full ? node.name : <a href={routeHref({ view: 'node', nodeId: node.id, tab: 'details' })}>{node.name}</a>}
          </h2>
          <span className={`status-text status-${node.status}`} data-field="status">
            {STATUS_LABEL[node.status]}
          </span>
          <span className="muted small">
            {node.kind === 'local' ? 'local' : 'remote'}
            {node.version ? ` · v${node.version}` : ''}
            {node.status === 'running' && node.uptime_s !== null ? ` · up ${formatUptime(node.uptime_s)}` : ''}
            {node.osPid !== null ? ` · pid ${node.osPid}` : ''}
          </span>
        </div>
        <NodeControls node={node} />
      </header>
      {node.lastError !== null && node.status !== 'running' && !failed ? (
        <p className={node.status === 'crashed' ? 'error-text' : 'muted'} role={node.status === 'crashed' ? 'alert' : undefined}>
          {node.status === 'crashed' ? 'Crashed' : 'Last error'} {formatAgo(node.lastError.at, now)}: {describeExit(node.lastError)}
        </p>
      ) : null}
      <StartStages node={node} />
      <div className="card-columns">
        <ConnectionDetails node={node} />
        <TrafficPanel node={node} />
      </div>
      <div className="card-links">
        <a className="button small" href={routeHref({ view: 'node', nodeId: node.id, tab: 'logs' })}>
          Logs
        </a>
        <a className="button small" href={routeHref({ view: 'node', nodeId: node.id, tab: 'metrics' })}>
          Metrics
        </a>
      </div>
      {full ? (
        <>
          <NodeOutput node={node} initiallyOpen={failed} />
          {node.dataDir !== null ? (
            <p className="muted small">
              Data folder <code>{node.dataDir}</code>
              {node.configFile !== null ? (
                <>
                  {' '}
                  · config <code>{node.configFile}</code>
                </>
              ) : null}
            </p>
          ) : null}
        </>
      ) : null}
    </article>
  );
}
