// The cluster at a glance: one row per node with the figures the core samples, each drawn in the
// warning colour when the core flags it out of its normal range (and marked with ▲ so colour is
// not the only signal).
import type { NodeOverview, NodeView, OverviewFigureName } from '../../main/common/console-api.js';
import { formatCount, formatMs, formatRate, formatUptime } from '../app/format.js';
import { routeHref } from '../app/route.js';
import { STATUS_LABEL, StatusDot } from '../shell/status-dot.js';

interface Column {
  figure: OverviewFigureName;
  label: string;
  format(value: number | null): string;
  title: string;
}

const COLUMNS: readonly Column[] = [
  { figure: 'sessions', label: 'Sessions', format: formatCount, title: 'Bound client sessions' },
  { figure: 'stanzasInPerS', label: 'Stanzas in/s', format: formatRate, title: 'Stanzas read from clients per second' },
  { figure: 'stanzasOutPerS', label: 'Stanzas out/s', format: formatRate, title: 'Stanzas written to clients per second' },
  { figure: 'mailboxTotal', label: 'Mailbox total', format: formatCount, title: 'Messages waiting in all mailboxes' },
  { figure: 'mailboxMax', label: 'Mailbox max', format: formatCount, title: 'Messages waiting in the longest mailbox' },
  { figure: 'eventLoopDelayP99Ms', label: 'Loop delay p99', format: formatMs, title: '99th percentile event-loop delay' },
  { figure: 'elu', label: 'Loop busy', format: (v) => (v === null ? '—' : `${Math.round(v * 100)} %`), title: 'Event-loop utilization' },
  { figure: 'heapMb', label: 'Heap', format: (v) => (v === null ? '—' : `${formatCount(v)} MB`), title: 'V8 heap in use' },
  { figure: 'processCount', label: 'Processes', format: formatCount, title: 'Live runtime processes' },
];

export function FiguresTable({ nodes, overview, stale }: { nodes: readonly NodeView[]; overview: readonly NodeOverview[]; stale: boolean }) {
  const byId = new Map(overview.map((o) => [o.nodeId, o]));
  return (
    <div className={`table-scroll${stale ? ' is-stale' : ''}`}>
      <table className="figures-table">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Status</th>
            <th scope="col">Uptime</th>
            <th scope="col">Version</th>
            {COLUMNS.map((c) => (
              <th key={c.figure} scope="col" className="num" title={c.title}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => {
            const o = byId.get(node.id);
            const up = node.status === 'running';
            return (
              <tr key={node.id} data-node={node.id} data-status={node.status}>
                <th scope="row">
                  <a href={routeHref({ view: 'node', nodeId: node.id, tab: 'details' })}>{node.name}</a>
                </th>
                <td>
                  <span className={`status-text status-${node.status}`}>
                    <StatusDot status={node.status} warn={o?.warn ?? false} /> {STATUS_LABEL[node.status]}
                  </span>
                </td>
                <td>{formatUptime(o?.uptime_s ?? node.uptime_s)}</td>
                <td>{o?.version ?? node.version ?? '—'}</td>
                {COLUMNS.map((c) => {
                  const figure = up ? o?.figures[c.figure] : undefined;
                  const warn = figure?.warn ?? false;
                  return (
                    <td key={c.figure} className={`num${warn ? ' warn-cell' : ''}`} data-figure={c.figure} data-warn={warn || undefined}>
                      {warn ? <span aria-label="out of normal range">▲ </span> : null}
                      {c.format(figure?.value ?? null)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
