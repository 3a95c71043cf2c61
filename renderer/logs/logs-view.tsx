// The logs views: one node's tail, and the merged tail of every node (with a node column).
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useConsole } from '../api/console-context.js';
import { formatCount } from '../app/format.js';
import { LogDetails } from './log-details.js';
import { downloadName, downloadText, toJsonLines } from './log-download.js';
import { EMPTY_FILTER, isEmptyFilter, withField, type FieldFilter, type LogFilter } from './log-filter.js';
import { LogList } from './log-list.js';
import type { LogRecord } from './log-record.js';
import { LogToolbar } from './log-toolbar.js';
import { FIGURES_REPAINT_MS, useLogStoreVersion, useLogView, useLogViewVersion } from './use-log-view.js';
import type { LogView } from './log-view.js';

export function ClusterLogsView() {
  return <LogsPanel nodeIds={null} scopeName="cluster" />;
}

export function NodeLogsView({ nodeId, traceId }: { nodeId: string; traceId?: string }) {
  // Opened from a trace: its lines only (the filter stays editable).
  const initial = traceId === undefined ? EMPTY_FILTER : withField(EMPTY_FILTER, { key: 'trace_id', value: traceId });
  return <LogsPanel nodeIds={[nodeId]} scopeName={nodeId} initialFilter={initial} />;
}

function useStartTail(): void {
  const { logTail } = useConsole();
  useEffect(() => logTail.start(), [logTail]);
}

function BufferNotes({ nodeIds, view }: { nodeIds: readonly string[] | null; view: LogView }) {
  const { logStore, logTail } = useConsole();
  useLogStoreVersion(logStore, FIGURES_REPAINT_MS);
  useLogViewVersion(view, FIGURES_REPAINT_MS);
  const tail = useSyncExternalStore(logTail.subscribe, logTail.getState);
  const held = logStore.size(nodeIds);
  const { evicted, streamDropped } = logStore.dropped(nodeIds);
  const disconnected = (nodeIds ?? logStore.nodeIds()).filter((id) => logStore.sourceState(id)?.state === 'disconnected');
  return (
    <div className="buffer-notes" role="status">
      <span>
        Showing {formatCount(view.length)} of {formatCount(held)} lines
      </span>
      {tail.phase === 'backfilling' ? <span className="muted">· loading recent lines…</span> : null}
      {tail.phase === 'failed' ? <span className="error-text">· live tail failed: {tail.message}</span> : null}
      {evicted > 0 ? (
        <span className="warn-text">
          · {formatCount(evicted)} older lines dropped (the buffer keeps {formatCount(logStore.capacityPerNode)} lines per node)
        </span>
      ) : null}
      {streamDropped > 0 ? <span className="warn-text">· {formatCount(streamDropped)} lines dropped by the stream (marked in place)</span> : null}
      {disconnected.length > 0 ? <span className="error-text">· no live tail from {disconnected.join(', ')} (reconnecting)</span> : null}
    </div>
  );
}

function DownloadButtons({ nodeIds, view, scopeName }: { nodeIds: readonly string[] | null; view: LogView; scopeName: string }) {
  const { logStore } = useConsole();
  useLogStoreVersion(logStore, FIGURES_REPAINT_MS);
  useLogViewVersion(view, FIGURES_REPAINT_MS);
  const download = (kind: 'visible' | 'buffer') => {
    logStore.flush();
    const records = kind === 'visible' ? view.toArray() : logStore.collect(nodeIds, () => true);
    downloadText(downloadName(scopeName, kind, new Date()), toJsonLines(records));
  };
  return (
    <div className="button-group" role="group" aria-label="Download as JSON lines">
      <button type="button" className="button small" onClick={() => download('visible')} title="The lines that pass the filters, as JSON lines">
        ⤓ Shown ({formatCount(view.length)})
      </button>
      <button type="button" className="button small" onClick={() => download('buffer')} title="Every line in the buffer for this view's nodes, as JSON lines">
        ⤓ All ({formatCount(logStore.size(nodeIds))})
      </button>
    </div>
  );
}

function LogsPanel({ nodeIds, scopeName, initialFilter = EMPTY_FILTER }: { nodeIds: readonly string[] | null; scopeName: string; initialFilter?: LogFilter }) {
  useStartTail();
  const { logStore } = useConsole();
  const [filter, setFilter] = useState<LogFilter>(initialFilter);
  const [showTime, setShowTime] = useState(true);
  const [wrap, setWrap] = useState(false);
  const [selected, setSelected] = useState<LogRecord | null>(null);
  const view = useLogView(logStore, nodeIds, filter);
  const addField = useCallback((field: FieldFilter) => setFilter((f) => withField(f, field)), []);

  return (
    <div className="logs-panel">
      <LogToolbar
        filter={filter}
        onFilter={setFilter}
        showTime={showTime}
        onShowTime={setShowTime}
        wrap={wrap}
        onWrap={setWrap}
        downloads={<DownloadButtons nodeIds={nodeIds} view={view} scopeName={scopeName} />}
      />
      <BufferNotes nodeIds={nodeIds} view={view} />
      <LogList
        view={view}
        showNode={nodeIds === null || nodeIds.length > 1}
        showTime={showTime}
        wrap={wrap}
        selected={selected}
        onSelect={setSelected}
        onFilter={addField}
        emptyText={isEmptyFilter(filter) ? 'Waiting for log lines…' : 'No line in the buffer passes these filters.'}
      />
      {selected !== null ? <LogDetails record={selected} onFilter={addField} onClose={() => setSelected(null)} /> : null}
    </div>
  );
}
