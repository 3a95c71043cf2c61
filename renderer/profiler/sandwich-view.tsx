// The Sandwich view: every function with its self and total weight (sortable; the search narrows
// it), and for the selected function its callers (an inverted flame graph: who called it, growing
// upwards) above its callees (what it called).
import { useMemo, useState } from 'react';
import { formatCount } from '../app/format.js';
import { FlameGraph } from './flame/flame-graph.js';
import { formatShare, formatWeight } from './flame/flame-format.js';
import { calleesTree, callersTree, functionTable, leftHeavyLayout } from './model/index.js';
import type { Profile } from './model/types.js';

type SortKey = 'self' | 'total' | 'name' | 'file';

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'self', label: 'Self', numeric: true },
  { key: 'total', label: 'Total', numeric: true },
  { key: 'name', label: 'Function', numeric: false },
  { key: 'file', label: 'File', numeric: false },
];

const names = new Intl.Collator('en');

/** Rows drawn at once; the search narrows a longer table. */
const MAX_ROWS = 400;

function fileLabel(file: string, line: number): string {
  if (file === '') return '';
  const short = file.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
  return line > 0 ? `${short}:${line}` : short;
}

export function SandwichView({
  profile,
  highlight,
  selectedFrame,
  onSelectFrame,
}: {
  profile: Profile;
  highlight: Uint8Array | undefined;
  selectedFrame: number | undefined;
  onSelectFrame(frame: number): void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'self', descending: true });
  const table = useMemo(() => functionTable(profile), [profile]);
  const rows = useMemo(() => {
    const frames = profile.frames;
    const kept = highlight === undefined ? table.slice() : table.filter((r) => highlight[r.frame] === 1);
    const direction = sort.descending ? -1 : 1;
    kept.sort((a, b) => {
      switch (sort.key) {
        case 'self':
        case 'total':
          return direction * (a[sort.key] - b[sort.key]);
        case 'name':
          return direction * names.compare(frames[a.frame].name, frames[b.frame].name);
        case 'file':
          return direction * names.compare(frames[a.frame].file, frames[b.frame].file);
      }
    });
    return kept;
  }, [table, profile, highlight, sort]);
  const current = selectedFrame ?? rows[0]?.frame;

  return (
    <div className="sandwich">
      <div className="sandwich-table-wrap">
        <table className="sandwich-table" data-testid="sandwich-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'num' : ''}
                  aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button type="button" className="sort-button" onClick={() => setSort((s) => ({ key: c.key, descending: s.key === c.key ? !s.descending : c.numeric }))}>
                    {c.label}
                    {sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((r) => {
              const frame = profile.frames[r.frame];
              return (
                <tr key={r.frame} className={r.frame === current ? 'selected' : ''} onClick={() => onSelectFrame(r.frame)} data-frame={r.frame} aria-selected={r.frame === current}>
                  <td className="num">
                    {formatWeight(r.self, profile.unit)} <span className="muted">{formatShare(profile.total > 0 ? r.self / profile.total : 0)}</span>
                  </td>
                  <td className="num">
                    {formatWeight(r.total, profile.unit)} <span className="muted">{formatShare(profile.total > 0 ? r.total / profile.total : 0)}</span>
                  </td>
                  <td className="mono fn-name" title={frame.name}>
                    {frame.name}
                  </td>
                  <td className="mono small file" title={frame.file}>
                    {fileLabel(frame.file, frame.line)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length > MAX_ROWS ? (
          <p className="muted small">
            {formatCount(MAX_ROWS)} of {formatCount(rows.length)} functions shown; search to narrow.
          </p>
        ) : null}
        {rows.length === 0 ? <p className="muted small">No function matches the search.</p> : null}
      </div>
      <div className="sandwich-graphs">
        {current === undefined ? <p className="muted">Select a function.</p> : <CallersAndCallees key={current} profile={profile} frame={current} highlight={highlight} onSelectFrame={onSelectFrame} />}
      </div>
    </div>
  );
}

function CallersAndCallees({ profile, frame, highlight, onSelectFrame }: { profile: Profile; frame: number; highlight: Uint8Array | undefined; onSelectFrame(frame: number): void }) {
  const callers = useMemo(() => leftHeavyLayout(callersTree(profile, frame)), [profile, frame]);
  const callees = useMemo(() => leftHeavyLayout(calleesTree(profile, frame)), [profile, frame]);
  const name = profile.frames[frame]?.name ?? '';
  return (
    <>
      <h4 className="graph-title">
        Callers of <span className="mono">{name}</span>
      </h4>
      <div className="flame-pane callers" data-graph="callers">
        <FlameGraph layout={callers} frames={profile.frames} unit={profile.unit} highlight={highlight} inverted onSelectFrame={onSelectFrame} />
      </div>
      <h4 className="graph-title">
        Callees of <span className="mono">{name}</span>
      </h4>
      <div className="flame-pane callees" data-graph="callees">
        <FlameGraph layout={callees} frames={profile.frames} unit={profile.unit} highlight={highlight} onSelectFrame={onSelectFrame} />
      </div>
    </>
  );
}
