// The profile workspace, the same on #/profiles and under a node's Profiler tab: the session's
// profiles on the left (import button, and files dropped anywhere on the workspace), the selected
// one on the right. Nothing here is fake: with no profile it says how to get one.
import { useState, type DragEvent } from 'react';
import { ProfileDetail } from './profile-detail.js';
import { formatBytes } from '../app/format.js';
import { importProfileFiles } from './profile-files.js';
import { ProfileList } from './profile-list.js';
import { useProfileParser } from './profile-parser.js';
import { useProfileStore } from './profile-store.js';

export function ProfileWorkspace({ nodeName }: { nodeName?: string }) {
  const [state, store] = useProfileStore();
  const parser = useProfileParser();
  const [dragging, setDragging] = useState(false);
  /** The file being read and parsed (in the parse worker), shown while it loads. */
  const [reading, setReading] = useState<string | undefined>(undefined);
  const selected = state.profiles.find((p) => p.id === state.selectedId);
  const compare = state.profiles.find((p) => p.id === state.compareId);

  const importFiles = async (files: File[]) => {
    try {
      const { profiles, problems } = await importProfileFiles(files, () => store.newId(), parser.readFile, (file) => setReading(`Reading ${file.name} (${formatBytes(file.size)})…`));
      store.setImportProblems(problems);
      store.add(...profiles);
    } catch (error) {
      store.setImportProblems(files.map((file) => ({ fileName: file.name, message: error instanceof Error ? error.message : String(error) })));
    } finally {
      setReading(undefined);
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) void importFiles(files);
  };

  return (
    <div
      className={`profile-workspace${dragging ? ' dragging' : ''}`}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <ProfileList
        profiles={state.profiles}
        selectedId={state.selectedId}
        problems={state.importProblems}
        reading={reading}
        onSelect={(id) => store.select(id)}
        onRemove={(id) => store.remove(id)}
        onImport={(files) => void importFiles(files)}
      />
      <div className="profile-main">
        {selected === undefined ? (
          <EmptyState nodeName={nodeName} />
        ) : (
          <ProfileDetail
            key={selected.id}
            profile={selected}
            compare={compare}
            others={state.profiles.filter((p) => p.id !== selected.id && p.kind === selected.kind)}
            onCompare={(id) => store.compareWith(id)}
          />
        )}
      </div>
      {dragging ? <div className="drop-hint">Drop .cpuprofile, .heapprofile, speedscope .json or folded-stack files to import them</div> : null}
    </div>
  );
}

function EmptyState({ nodeName }: { nodeName?: string }) {
  return (
    <div className="profile-empty" data-testid="profile-empty">
      <h3>No profile yet</h3>
      <ul>
        <li>
          {nodeName !== undefined ? (
            <>Take one from {nodeName}: choose CPU or Heap and a duration above, then “Profile this node”.</>
          ) : (
            <>Take one from a node: open the node, its Profiler tab, then “Profile this node”.</>
          )}
        </li>
        <li>
          Or import a file with “Import…” or by dropping it here: Chrome DevTools .cpuprofile, V8 .heapprofile, speedscope JSON, or folded stacks
          (<code>a;b;c 12</code> per line, as from Brendan Gregg’s stackcollapse scripts or 0x).
        </li>
      </ul>
    </div>
  );
}
