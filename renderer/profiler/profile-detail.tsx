// One profile: its facts, export, "Compare with…", the search box with its summary, and the views
// (tabs): Left heavy (first) and Time order flame graphs, and the Sandwich table with the selected
// function's callers and callees. A frame clicked in a graph becomes the Sandwich's selection.
import { useMemo, useState } from 'react';
import { formatCount } from '../app/format.js';
import { DiffPanel } from './diff-panel.js';
import { FlameGraph } from './flame/flame-graph.js';
import { formatShare, formatWeight } from './flame/flame-format.js';
import { leftHeavyLayout, searchProfile, timeOrderLayout } from './model/index.js';
import type { Profile } from './model/types.js';
import { downloadProfile } from './profile-files.js';
import { SandwichView } from './sandwich-view.js';
import { useDebouncedValue } from './use-debounced-value.js';

type ViewName = 'time-order' | 'left-heavy' | 'sandwich';

const VIEWS: { view: ViewName; label: string }[] = [
  { view: 'left-heavy', label: 'Left heavy' },
  { view: 'time-order', label: 'Time order' },
  { view: 'sandwich', label: 'Sandwich' },
];

const SEARCH_DELAY_MS = 200;

/** "37 frames match · 12.4% of total". */
export function searchSummary(matchCount: number, share: number): string {
  return `${formatCount(matchCount)} ${matchCount === 1 ? 'frame matches' : 'frames match'} · ${formatShare(share)} of total`;
}

export function ProfileDetail({
  profile,
  compare,
  others,
  onCompare,
}: {
  profile: Profile;
  /** The profile this one is compared with (the "before"), when comparing. */
  compare: Profile | undefined;
  /** Profiles of the same kind it can be compared with. */
  others: readonly Profile[];
  onCompare(id: string | undefined): void;
}) {
  // Left heavy first: where the time goes, merged; the order in time is one click away.
  const [view, setView] = useState<ViewName>('left-heavy');
  const [query, setQuery] = useState('');
  const [selectedFrame, setSelectedFrame] = useState<number | undefined>(undefined);
  const settledQuery = useDebouncedValue(query.trim(), SEARCH_DELAY_MS);
  const search = useMemo(() => (settledQuery === '' ? undefined : searchProfile(profile, settledQuery)), [profile, settledQuery]);
  const selectedName = selectedFrame === undefined ? undefined : profile.frames[selectedFrame]?.name;

  return (
    <section className="profile-detail" aria-label={profile.name} data-profile-id={profile.id}>
      <header className="profile-head">
        <div className="profile-title">
          <h2 title={profile.name}>{profile.name}</h2>
          <span className="muted small">
            {profile.kind === 'cpu' ? 'CPU' : 'Heap'} · {formatWeight(profile.total, profile.unit)} total · {formatCount(profile.frames.length)} functions · from {profile.source}
          </span>
        </div>
        <label className="compare-pick small">
          Compare with…
          <select value={compare?.id ?? ''} onChange={(e) => onCompare(e.target.value === '' ? undefined : e.target.value)} disabled={others.length === 0} data-testid="profile-compare">
            <option value="">{others.length === 0 ? `no other ${profile.kind === 'cpu' ? 'CPU' : 'heap'} profile` : 'choose a profile'}</option>
            {others.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button small" onClick={() => downloadProfile(profile)} data-action="export">
          Export {profile.kind === 'cpu' ? '.cpuprofile' : '.heapprofile'}
        </button>
      </header>
      <div className="profile-toolbar">
        {compare === undefined ? (
          <div className="segmented" role="tablist" aria-label="Profile views">
            {VIEWS.map((v) => {
              // Heap profiles, folded stacks and trees without samples have no order in time to show.
              const unavailable = v.view === 'time-order' && profile.timeline === undefined;
              return (
                <button
                  key={v.view}
                  type="button"
                  role="tab"
                  aria-selected={view === v.view}
                  className={view === v.view ? 'on' : ''}
                  disabled={unavailable}
                  title={unavailable ? 'This profile has no samples in time order (only a call tree)' : undefined}
                  onClick={() => setView(v.view)}
                >
                  {v.label}
                </button>
              );
            })}
          </div>
        ) : (
          <button type="button" className="button small" onClick={() => onCompare(undefined)}>
            Stop comparing
          </button>
        )}
        <input type="search" placeholder="Search functions or files (/regex/)" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search functions" data-testid="profile-search" />
        <span className="search-summary small" data-testid="profile-search-summary" aria-live="polite">
          {search === undefined ? '' : search.error !== undefined ? <span className="error-text">{search.error}</span> : searchSummary(search.matchCount, search.share)}
        </span>
        <span className="spacer" />
        {selectedName !== undefined && view !== 'sandwich' && compare === undefined ? (
          <button type="button" className="button small ghost" onClick={() => setView('sandwich')} title="Callers and callees of the function clicked in the graph">
            {selectedName} in Sandwich →
          </button>
        ) : null}
      </div>
      <div className="profile-body">
        {compare !== undefined ? (
          <DiffPanel before={compare} after={profile} query={settledQuery} />
        ) : view === 'sandwich' ? (
          <SandwichView profile={profile} highlight={search?.matches} selectedFrame={selectedFrame} onSelectFrame={setSelectedFrame} />
        ) : (
          <ProfileFlame profile={profile} view={view} highlight={search?.matches} onSelectFrame={setSelectedFrame} />
        )}
      </div>
    </section>
  );
}

function ProfileFlame({
  profile,
  view,
  highlight,
  onSelectFrame,
}: {
  profile: Profile;
  view: 'time-order' | 'left-heavy';
  highlight: Uint8Array | undefined;
  onSelectFrame(frame: number): void;
}) {
  const layout = useMemo(() => (view === 'time-order' ? timeOrderLayout(profile) : leftHeavyLayout(profile.root)), [profile, view]);
  return (
    <div className="flame-pane" data-view={view}>
      <FlameGraph layout={layout} frames={profile.frames} unit={profile.unit} highlight={highlight} onSelectFrame={onSelectFrame} />
    </div>
  );
}
