// One log line: time, node (merged tail), level, what, message, then the other fields as
// key=value. Rows are replaced many times a second at 20,000 lines/s, so they are lean: the field
// values are bare text after a small key span, and one click handler per row finds the value
// under the pointer (caret hit-testing) to filter by it (Alt-click: hide lines with it).
import { memo, useMemo, type MouseEvent } from 'react';
import { formatClock } from '../app/format.js';
import { routeHref } from '../app/route.js';
import { fieldValueText, type FieldFilter } from './log-filter.js';
import { extraFields, levelNameOf, markerText, type LogRecord } from './log-record.js';

export interface RowOptions {
  showNode: boolean;
  showTime: boolean;
  wrap: boolean;
}

interface Props extends RowOptions {
  record: LogRecord;
  selected: boolean;
  onFilter(field: FieldFilter): void;
  onSelect(record: LogRecord): void;
}

interface DomLike {
  nodeType?: number;
  textContent?: string | null;
  dataset?: Record<string, string | undefined>;
  previousSibling?: DomLike | null;
}

const TEXT_NODE = 3;

function filterFor(key: string, value: string, exclude: boolean): FieldFilter {
  // jid-like fields share one filter (it matches jid, from_jid and to_jid).
  return { key: key === 'from_jid' || key === 'to_jid' ? 'jid' : key, value, exclude };
}

/**
 * The filter a click asks for: an element carrying data-k/data-v (what, node), or a value text
 * node right after a key span (data-fk), found from the caret position under the pointer.
 */
export function clickedField(target: DomLike | null, caretNode: DomLike | null, exclude: boolean): FieldFilter | null {
  const key = target?.dataset?.k;
  const value = target?.dataset?.v;
  if (key !== undefined && value !== undefined) return filterFor(key, value, exclude);
  if (caretNode?.nodeType !== TEXT_NODE) return null;
  const fieldKey = caretNode.previousSibling?.dataset?.fk;
  if (fieldKey === undefined || caretNode.textContent === null || caretNode.textContent === undefined) return null;
  return filterFor(fieldKey, caretNode.textContent, exclude);
}

function caretNodeAt(x: number, y: number): DomLike | null {
  const doc = document as Document & { caretPositionFromPoint?(x: number, y: number): { offsetNode: Node } | null };
  if (typeof doc.caretPositionFromPoint === 'function') return doc.caretPositionFromPoint(x, y)?.offsetNode ?? null;
  return document.caretRangeFromPoint?.(x, y)?.startContainer ?? null;
}

function LogRowInner({ record, showNode, showTime, wrap, selected, onFilter, onSelect }: Props) {
  const fields = useMemo(() => extraFields(record), [record]);
  const className = `log-row${wrap ? ' wrap' : ''}${selected ? ' selected' : ''}`;
  if (record.marker !== undefined) {
    return (
      <div className={`${className} marker`}>
        {showTime ? <span className="log-time">{formatClock(record.time)}</span> : null}
        {showNode ? <span className="log-node">{record.nodeId}</span> : null}
        <span className="marker-text">⚠ {markerText(record)}</span>
      </div>
    );
  }
  const level = levelNameOf(record.level);
  const onClick = (event: MouseEvent) => {
    const field = clickedField(event.target as DomLike, caretNodeAt(event.clientX, event.clientY), event.altKey);
    if (field !== null) onFilter(field);
    else onSelect(record);
  };
  return (
    <div className={className} onClick={onClick}>
      {showTime ? <span className="log-time">{formatClock(record.time)}</span> : null}
      {showNode ? (
        <span className="log-node field-value" data-k="node" data-v={record.nodeId}>
          {record.nodeId}
        </span>
      ) : null}
      <span className={`log-level level-${level}`}>{level.toUpperCase()}</span>
      {record.what !== undefined ? (
        <span className="log-what field-value" data-k="what" data-v={record.what}>
          {record.what}
        </span>
      ) : null}
      {record.msg ? <span className="log-msg">{record.msg}</span> : null}
      {record.trace_id !== undefined ? (
        // Its own target, before the fields so a long line never hides it: a click on the trace_id value itself still filters by it.
        <a
          className="log-trace-link"
          href={routeHref({ view: 'node', nodeId: record.nodeId, tab: 'traces', traceId: record.trace_id })}
          data-trace-id={record.trace_id}
          title="Open this line's trace"
          onClick={(event) => event.stopPropagation()}
        >
          trace ↗
        </a>
      ) : null}
      <span className="log-fields">
        {fields.flatMap(([name, value]) => [
          <span key={name} className="field-key" data-fk={value !== null && typeof value === 'object' ? undefined : name}>
            {` ${name}=`}
          </span>,
          fieldValueText(value),
        ])}
      </span>
    </div>
  );
}

export const LogRow = memo(LogRowInner);
