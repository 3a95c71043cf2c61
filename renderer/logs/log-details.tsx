// The selected line in full: every field, pretty-printed, with filter buttons that work from the
// keyboard, and a copy of the line as the node wrote it.
import { formatDateTime } from '../app/format.js';
import { CopyButton } from '../app/copy-button.js';
import { fieldValueText, type FieldFilter } from './log-filter.js';
import { levelNameOf, type LogRecord } from './log-record.js';

export function LogDetails({ record, onFilter, onClose }: { record: LogRecord; onFilter(field: FieldFilter): void; onClose(): void }) {
  const fields = parseFields(record.line);
  return (
    <section className="log-details" aria-label="Selected log line">
      <header className="log-details-header">
        <strong>
          {formatDateTime(record.time)} · {record.nodeId} · {levelNameOf(record.level).toUpperCase()}
        </strong>
        <div className="button-group">
          <CopyButton text={record.line} label="Copy line" />
          <button type="button" className="button small ghost" onClick={onClose} aria-label="Close details">
            Close
          </button>
        </div>
      </header>
      <table className="field-table">
        <tbody>
          {fields.map(([key, value]) => {
            const text = fieldValueText(value);
            const scalar = value === null || typeof value !== 'object';
            const filterKey = key === 'from_jid' || key === 'to_jid' ? 'jid' : key;
            // The line's `node` is the node's own name; the node filter goes by the console's node id.
            const filterValue = key === 'node' ? record.nodeId : text;
            return (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td>
                  <pre className="field-pre">{typeof value === 'object' && value !== null ? JSON.stringify(value, null, 2) : text}</pre>
                </td>
                <td className="field-actions">
                  {scalar && key !== 'time' && key !== 'msg' ? (
                    <>
                      <button type="button" className="button small" onClick={() => onFilter({ key: filterKey, value: filterValue })}>
                        Only
                      </button>
                      <button type="button" className="button small ghost" onClick={() => onFilter({ key: filterKey, value: filterValue, exclude: true })}>
                        Hide
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function parseFields(line: string): [string, unknown][] {
  try {
    return Object.entries(JSON.parse(line) as Record<string, unknown>);
  } catch {
    return [];
  }
}
