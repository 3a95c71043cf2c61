// The session's profiles: name, kind, when and total; click to select, × to remove. The import
// button sits on top (the workspace also takes dropped files), with what could not be read below.
import { useRef } from 'react';
import { formatClock } from '../app/format.js';
import { formatWeight } from './flame/flame-format.js';
import type { Profile } from './model/types.js';
import { IMPORT_ACCEPT } from './profile-files.js';
import type { ImportProblem } from './profile-store.js';

export function ProfileList({
  profiles,
  selectedId,
  problems,
  reading,
  onSelect,
  onRemove,
  onImport,
}: {
  profiles: readonly Profile[];
  selectedId: string | undefined;
  problems: readonly ImportProblem[];
  /** What is being imported now ("Reading app.cpuprofile (18.5 MB)…"). */
  reading?: string;
  onSelect(id: string): void;
  onRemove(id: string): void;
  onImport(files: File[]): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <aside className="profile-list" aria-label="Profiles of this session">
      <div className="profile-list-head">
        <h3 className="subheading">Profiles</h3>
        <button type="button" className="button small" onClick={() => input.current?.click()}>
          Import…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          accept={IMPORT_ACCEPT}
          hidden
          data-testid="profile-import-input"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            if (files.length > 0) onImport(files);
          }}
        />
      </div>
      {reading !== undefined ? (
        <p className="import-reading small muted" role="status" data-testid="profile-import-reading">
          {reading}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul className="import-problems" role="alert" data-testid="profile-import-errors">
          {problems.map((p) => (
            <li key={p.fileName} className="error-text small">
              <strong>{p.fileName}</strong>: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {profiles.length === 0 ? <p className="muted small">None yet.</p> : null}
      <ul className="profile-items">
        {[...profiles].reverse().map((p) => (
          <li key={p.id} className={p.id === selectedId ? 'selected' : ''} data-profile-id={p.id} data-kind={p.kind}>
            <button type="button" className="profile-item" aria-current={p.id === selectedId ? 'true' : undefined} onClick={() => onSelect(p.id)}>
              <span className="profile-name">{p.name}</span>
              <span className="profile-meta small muted">
                <span className={`kind-tag ${p.kind}`}>{p.kind === 'cpu' ? 'CPU' : 'Heap'}</span>
                {p.capturedAt !== undefined ? ` ${formatClock(p.capturedAt).slice(0, 8)} · ` : ` ${p.source} · `}
                <span data-field="total">{formatWeight(p.total, p.unit)}</span>
              </span>
            </button>
            <button type="button" className="button small ghost remove" aria-label={`Remove ${p.name}`} title="Remove from this session" onClick={() => onRemove(p.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
