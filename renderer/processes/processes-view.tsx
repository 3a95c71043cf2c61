// One node's processes: a live table ranked and filtered on the node, refreshed every 2 s while on
// screen, with a mailbox sparkline per row; a row opens the process's detail below the table.
import { useDeferredValue, useState } from 'react';
import { useIsStale } from '../api/console-context.js';
import { formatCount, formatMs } from '../app/format.js';
import { useNow } from '../app/use-now.js';
import { useNode } from '../nodes/use-nodes.js';
import '../styles/processes.css';
import { ProcessDetailPanel } from './process-detail.js';
import { ProcessHistory } from './process-history.js';
import { ProcessTable } from './process-table.js';
import { isWindowed, ORDERS, useProcessTable, type TableOrder, type TableSpec } from './use-process-table.js';

const ROW_LIMITS = [25, 50, 100, 200];

export function ProcessesView({ nodeId }: { nodeId: string }) {
  const node = useNode(nodeId);
  const running = node?.status === 'running';
  const [history] = useState(() => new ProcessHistory());
  const [order, setOrder] = useState<TableOrder>('mailbox');
  const [kind, setKind] = useState('');
  const [serves, setServes] = useState('');
  const [limit, setLimit] = useState(50);
  const [selected, setSelected] = useState<number | null>(null);
  const spec: TableSpec = { order, kind: useDeferredValue(kind.trim()), serves: useDeferredValue(serves.trim()), limit };
  const table = useProcessTable(nodeId, spec, history, running);
  const stale = useIsStale();
  const now = useNow();
  const windowed = isWindowed(order);

  return (
    <div className="processes-view">
      <div className="processes-toolbar">
        <label>
          Order by{' '}
          <select value={order} onChange={(e) => setOrder(e.target.value as TableOrder)} aria-label="Order by">
            {ORDERS.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <input type="search" placeholder="Kind (c2s, router…)" value={kind} onChange={(e) => setKind(e.target.value)} aria-label="Filter by kind" disabled={windowed} />
        <input type="search" placeholder="JID contains…" value={serves} onChange={(e) => setServes(e.target.value)} aria-label="Filter by JID" disabled={windowed} />
        <label>
          Rows{' '}
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="Rows">
            {ROW_LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small" role="status" data-process-count={table.data?.processCount ?? ''}>
          {!running && node !== undefined
            ? `Not live: the node is ${node.status}`
            : table.data !== undefined
              ? `${table.data.processCount !== null ? `${formatCount(table.data.processCount)} processes · ` : ''}ranked on the node · refreshed every 2 s (${formatMs(table.data.ms)})${stale ? ' · connection lost' : ''}`
              : table.isPending
                ? 'Loading…'
                : ''}
          {windowed ? ' · filters do not apply to growth rankings' : ''}
        </span>
      </div>
      {table.error !== null ? (
        <p className="error-text" role="alert">
          Could not read the process table: {table.error.message}
        </p>
      ) : null}
      {table.data !== undefined ? (
        <ProcessTable rows={table.data.rows} order={order} history={history} now={now} selected={selected} onSelect={setSelected} />
      ) : null}
      {table.data?.rows.length === 0 ? <p className="muted">No process matches.</p> : null}
      {selected !== null ? <ProcessDetailPanel key={selected} nodeId={nodeId} pid={selected} onSelect={setSelected} onClose={() => setSelected(null)} /> : null}
    </div>
  );
}
