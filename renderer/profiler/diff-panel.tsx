// Two profiles of the same kind compared: a flame graph laid out on the "after" profile's weights
// and coloured by how each stack's share changed (red grew, blue shrank), the functions whose self
// share grew and shrank the most (before → after), and the stacks the "after" profile no longer has.
import { useMemo } from 'react';
import { FlameGraph } from './flame/flame-graph.js';
import { formatShare } from './flame/flame-format.js';
import { diffProfiles, searchProfile, type FrameChange, type ProfileDiff } from './model/index.js';
import type { Frame, Profile } from './model/types.js';

/** Rows in each of the grew / shrank tables. */
const TOP = 15;
const VANISHED_SHOWN = 8;

function signedPoints(change: number): string {
  const points = change * 100;
  return `${points > 0 ? '+' : points < 0 ? '−' : ''}${Math.abs(points).toFixed(Math.abs(points) < 1 ? 2 : 1)} pp`;
}

function tryDiff(before: Profile, after: Profile): ProfileDiff | Error {
  try {
    return diffProfiles(before, after);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function DiffPanel({ before, after, query }: { before: Profile; after: Profile; query: string }) {
  const diff = useMemo(() => tryDiff(before, after), [before, after]);
  const highlight = useMemo(() => (diff instanceof Error || query === '' ? undefined : searchProfile(diff.profile, query).matches), [diff, query]);
  if (diff instanceof Error) return <p className="error-text">Could not compare: {diff.message}</p>;
  const frames = diff.profile.frames;
  return (
    <div className="diff-panel" data-testid="profile-diff">
      <div className="diff-legend">
        <span>
          Before: <strong>{before.name}</strong> → after: <strong>{after.name}</strong>
        </span>
        <span>
          <span className="swatch grew" aria-hidden="true" />
          grew (share after &gt; before)
        </span>
        <span>
          <span className="swatch shrank" aria-hidden="true" />
          shrank
        </span>
        <span className="muted small">Widths are the after profile’s weights; shares are compared, so captures of different lengths compare fairly.</span>
      </div>
      <div className="flame-pane diff">
        <FlameGraph layout={diff.layout} frames={frames} unit={diff.profile.unit} highlight={highlight} label={`Difference ${before.name} to ${after.name}`} />
      </div>
      <div className="diff-tables">
        <ChangeTable title="Grew the most (self share)" rows={diff.grew} frames={frames} testId="diff-grew" />
        <ChangeTable title="Shrank the most (self share)" rows={diff.shrank} frames={frames} testId="diff-shrank" />
      </div>
      {diff.vanished.length > 0 ? (
        <section aria-label="Stacks gone">
          <h4 className="graph-title">Stacks only the before profile has</h4>
          <ul className="vanished small">
            {diff.vanished.slice(0, VANISHED_SHOWN).map((v) => (
              <li key={v.path.join('/')}>
                <span className="mono">{v.path.map((f) => frames[f].name).join(' → ')}</span> <span className="delta shrank">{formatShare(v.beforeShare)} before</span>
              </li>
            ))}
          </ul>
          {diff.vanished.length > VANISHED_SHOWN ? <p className="muted small">and {diff.vanished.length - VANISHED_SHOWN} more.</p> : null}
        </section>
      ) : null}
    </div>
  );
}

function ChangeTable({ title, rows, frames, testId }: { title: string; rows: readonly FrameChange[]; frames: readonly Frame[]; testId: string }) {
  return (
    <section>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <table className="diff-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">Function</th>
              <th scope="col" className="num">
                Before → after
              </th>
              <th scope="col" className="num">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, TOP).map((r) => (
              <tr key={r.frame} title={frames[r.frame].file}>
                <td className="mono fn-name">{frames[r.frame].name}</td>
                <td className="num">
                  {formatShare(r.beforeShare)} → {formatShare(r.afterShare)}
                </td>
                <td className={`num delta ${r.change > 0 ? 'grew' : 'shrank'}`}>{signedPoints(r.change)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
