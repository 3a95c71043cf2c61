// The process table: one row per process the node returned, highest first by the chosen order.
// A row's mailbox cell carries the sparkline of its recent lengths. Clicking a row opens its detail.
import type { ProcessRow } from '../../main/common/process-views.js';
import { formatBytes, formatCount, formatRate, formatUptime } from '../app/format.js';
import type { ProcessHistory } from './process-history.js';
import { Sparkline } from './sparkline.js';
import { RANK_WINDOW_MS, type TableOrder, type TableRow } from './use-process-table.js';

const STATUS_CLASS: Record<ProcessRow['status'], string> = {
  waiting: '',
  runnable: '',
  running: 'busy',
  suspended: 'warn',
  held: 'warn',
  exited: 'muted',
};

interface Props {
  rows: readonly TableRow[];
  order: TableOrder;
  history: ProcessHistory;
  now: number;
  selected: number | null;
  onSelect(pid: number): void;
}

export function ProcessTable({ rows, order, history, now, selected, onSelect }: Props) {
  return (
    <div className="table-scroll">
      <table className="process-table">
        <thead>
          <tr>
            <th scope="col">Pid</th>
            <th scope="col">Kind</th>
            <th scope="col">JID or name</th>
            <th scope="col" className="num">Mailbox</th>
            <th scope="col">Last minutes</th>
            <th scope="col" className="num">Handled/s</th>
            <th scope="col" className="num">Memory</th>
            <th scope="col">State</th>
            <th scope="col" className="num">Age</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const perSec = order === 'handled-growth' && row.delta !== undefined ? row.delta / (RANK_WINDOW_MS / 1000) : history.handledPerSec(row.pid);
            return (
              <tr
                key={row.pid}
                className={row.pid === selected ? 'selected' : undefined}
                data-pid={row.pid}
                data-mailbox={row.mailbox_length}
                onClick={() => onSelect(row.pid)}
                aria-selected={row.pid === selected}
              >
                <td className="mono">
                  <button type="button" className="link-button mono" onClick={() => onSelect(row.pid)}>
                    {row.pid_text}
                  </button>
                </td>
                <td>{row.kind}</td>
                <td className="serves" title={row.serves ?? row.name}>
                  {row.serves ?? row.name ?? <span className="muted">—</span>}
                </td>
                <td className="num">
                  {formatCount(row.mailbox_length)}
                  {order === 'mailbox-growth' && row.delta !== undefined ? <span className="muted small"> (+{formatCount(row.delta)})</span> : null}
                </td>
                <td>
                  <Sparkline values={history.mailbox(row.pid).values} label={`mailbox of ${row.pid_text} over the last minutes`} />
                </td>
                <td className="num">{formatRate(perSec)}</td>
                <td className="num">{formatBytes(row.memory_bytes)}</td>
                <td>
                  <span className={`process-status ${STATUS_CLASS[row.status]}`}>{row.status}</span> <span className="muted small">{row.state}</span>
                </td>
                <td className="num">{formatUptime((now - row.started_at_ms) / 1000)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
