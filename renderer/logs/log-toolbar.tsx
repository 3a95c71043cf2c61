// The tail's controls: levels, text, the active field filters (click a value in a line to add
// one), timestamps and wrap, and downloads of what is shown or of the whole buffer.
import { useEffect, useState, type ReactNode } from 'react';
import { LEVEL_NAMES, type LevelName } from './log-record.js';
import type { FieldFilter, LogFilter } from './log-filter.js';

export const TEXT_DEBOUNCE_MS = 150;

interface Props {
  filter: LogFilter;
  onFilter(filter: LogFilter): void;
  showTime: boolean;
  onShowTime(on: boolean): void;
  wrap: boolean;
  onWrap(on: boolean): void;
  /** The download buttons (they follow the buffer's size on their own). */
  downloads: ReactNode;
}

function LevelChips({ levels, onChange }: { levels: readonly LevelName[]; onChange(levels: LevelName[]): void }) {
  return (
    <div className="chip-group" role="group" aria-label="Levels shown">
      {LEVEL_NAMES.map((level) => {
        const on = levels.includes(level);
        return (
          <button
            key={level}
            type="button"
            className={`chip level-chip level-${level}${on ? ' on' : ''}`}
            aria-pressed={on}
            title={`${on ? 'Hide' : 'Show'} ${level} lines (Alt-click: only ${level} and above)`}
            onClick={(event) => {
              if (event.altKey) onChange(LEVEL_NAMES.slice(LEVEL_NAMES.indexOf(level)) as LevelName[]);
              else onChange(on ? levels.filter((l) => l !== level) : LEVEL_NAMES.filter((l) => l === level || levels.includes(l)));
            }}
          >
            {level}
          </button>
        );
      })}
    </div>
  );
}

function FieldChips({ fields, onChange }: { fields: readonly FieldFilter[]; onChange(fields: FieldFilter[]): void }) {
  if (fields.length === 0) return <span className="muted small hint">Click a value in a line (what, jid, pid, trace_id…) to filter by it.</span>;
  return (
    <div className="chip-group" aria-label="Field filters">
      {fields.map((field, i) => (
        <span key={`${field.key}=${field.value}`} className={`field-chip${field.exclude ? ' exclude' : ''}`}>
          <button
            type="button"
            className="field-chip-toggle"
            title={field.exclude ? 'Now hiding these lines; click to show only them' : 'Now showing only these lines; click to hide them instead'}
            onClick={() => onChange(fields.map((f, j) => (j === i ? { ...f, exclude: !f.exclude } : f)))}
          >
            {field.key} {field.exclude ? '≠' : '='} <strong>{field.value}</strong>
          </button>
          <button type="button" className="field-chip-remove" aria-label={`Remove filter ${field.key} ${field.value}`} onClick={() => onChange(fields.filter((_, j) => j !== i))}>
            ×
          </button>
        </span>
      ))}
      <button type="button" className="button ghost small" onClick={() => onChange([])}>
        Clear fields
      </button>
    </div>
  );
}

export function LogToolbar(props: Props) {
  const { filter, onFilter } = props;
  const [text, setText] = useState(filter.text);
  useEffect(() => setText(filter.text), [filter.text]);
  useEffect(() => {
    if (text === filter.text) return;
    const timer = setTimeout(() => onFilter({ ...filter, text }), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, filter, onFilter]);

  return (
    <div className="log-toolbar">
      <div className="toolbar-row">
        <LevelChips levels={filter.levels} onChange={(levels) => onFilter({ ...filter, levels })} />
        <input
          type="search"
          className="text-filter"
          placeholder="Filter text (case-insensitive)"
          aria-label="Filter by text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onFilter({ ...filter, text });
          }}
        />
        <label className="toggle">
          <input type="checkbox" checked={props.showTime} onChange={(e) => props.onShowTime(e.target.checked)} /> Timestamps
        </label>
        <label className="toggle">
          <input type="checkbox" checked={props.wrap} onChange={(e) => props.onWrap(e.target.checked)} /> Wrap
        </label>
        {props.downloads}
      </div>
      <div className="toolbar-row">
        <FieldChips fields={filter.fields} onChange={(fields) => onFilter({ ...filter, fields })} />
      </div>
    </div>
  );
}
