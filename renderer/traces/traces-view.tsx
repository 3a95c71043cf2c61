// One node's kept traces: filters (duration, errors, JID, span name), the list, and the waterfall
// of the trace in the route (#/nodes/<id>/traces/<traceId>).
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { TracesListRequest } from '../../main/common/console-api.js';
import { useConsole } from '../api/console-context.js';
import { formatClock, formatMs } from '../app/format.js';
import { routeHref } from '../app/route.js';
import { TraceWaterfall } from './trace-waterfall.js';
import './traces.css';

type Filters = Omit<TracesListRequest, 'nodeId'>;

function TraceFilterForm({ onApply }: { onApply(filters: Filters): void }) {
  const [minDuration, setMinDuration] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [jid, setJid] = useState('');
  const [spanName, setSpanName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const min = Number(minDuration);
    onApply({
      ...(minDuration.trim() !== '' && Number.isFinite(min) ? { minDurationMs: min } : {}),
      ...(errorsOnly ? { errorsOnly: true } : {}),
      ...(jid.trim() !== '' ? { jid: jid.trim() } : {}),
      ...(spanName.trim() !== '' ? { spanName: spanName.trim() } : {}),
    });
  };
  return (
    <form className="trace-filters" onSubmit={submit} aria-label="Trace filters">
      <label>
        Min duration (ms) <input type="number" min={0} step="any" value={minDuration} onChange={(e) => setMinDuration(e.target.value)} data-filter="min-duration" />
      </label>
      <label>
        JID <input type="text" value={jid} onChange={(e) => setJid(e.target.value)} placeholder="user@host" data-filter="jid" />
      </label>
      <label>
        Span name <input type="text" value={spanName} onChange={(e) => setSpanName(e.target.value)} placeholder="c2s.stanza" data-filter="span-name" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} data-filter="errors-only" /> Errors only
      </label>
      <button type="submit" className="button small">
        Apply
      </button>
    </form>
  );
}

const PAGE = 100;

function TraceList({ nodeId, filters, selected }: { nodeId: string; filters: Filters; selected: string | undefined }) {
  const { client } = useConsole();
  // Older pages go by the last start time shown (the node's `before`); the newest page refreshes itself.
  const [pages, setPages] = useState<number[]>([]);
  const beforeMs = pages.at(-1);
  const traces = useQuery({
    queryKey: ['traces', nodeId, filters, beforeMs],
    queryFn: () => client.request('traces.list', { nodeId, limit: PAGE, ...filters, ...(beforeMs === undefined ? {} : { beforeMs }) }),
    refetchInterval: beforeMs === undefined ? 5000 : false,
  });
  const last = traces.data?.traces.at(-1);
  const pager = (
    <div className="trace-pager button-group">
      <button type="button" className="button small ghost" disabled={pages.length === 0} onClick={() => setPages([])}>
        Newest
      </button>
      <button type="button" className="button small ghost" disabled={pages.length === 0} onClick={() => setPages((p) => p.slice(0, -1))}>
        ← Newer
      </button>
      <button type="button" className="button small ghost" disabled={last === undefined || (traces.data?.traces.length ?? 0) < PAGE} onClick={() => last !== undefined && setPages((p) => [...p, last.startMs])}>
        Older →
      </button>
    </div>
  );
  if (traces.isError) return <p className="error-text">Could not list traces: {traces.error.message}</p>;
  if (traces.data === undefined) return <p className="muted">Loading traces…</p>;
  if (traces.data.traces.length === 0)
    return (
      <>
        <p className="muted">No kept trace matches (the node keeps every error, every slow trace and a share of the rest).</p>
        {pages.length > 0 ? pager : null}
      </>
    );
  return (
    <>
      <table className="trace-list data-table">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Root span</th>
            <th scope="col">Duration</th>
            <th scope="col">Spans</th>
            <th scope="col">JIDs</th>
            <th scope="col">Kept</th>
          </tr>
        </thead>
        <tbody>
          {traces.data.traces.map((t) => (
            <tr key={t.traceId} data-trace-id={t.traceId} data-error={t.error} className={`${t.traceId === selected ? 'selected' : ''}${t.error ? ' error' : ''}`}>
              <td className="mono">{formatClock(t.startMs)}</td>
              <td>
                <a href={routeHref({ view: 'node', nodeId, tab: 'traces', traceId: t.traceId })}>{t.rootName}</a>
                {t.error ? <span className="badge error"> error</span> : null}
                {t.incomplete ? <span className="badge warn"> incomplete</span> : null}
              </td>
              <td className="num">{formatMs(t.durationMs)}</td>
              <td className="num">{t.spanCount}</td>
              <td className="mono small">{t.jids.join(', ')}</td>
              <td>{t.keptBecause}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pager}
    </>
  );
}

export function TracesView({ nodeId, traceId }: { nodeId: string; traceId?: string }) {
  const [filters, setFilters] = useState<Filters>({});
  return (
    <div className="traces-view">
      {traceId !== undefined ? <TraceWaterfall nodeId={nodeId} traceId={traceId} /> : null}
      <section className="trace-list-section" aria-label="Kept traces">
        <TraceFilterForm onApply={setFilters} />
        <TraceList key={JSON.stringify(filters)} nodeId={nodeId} filters={filters} selected={traceId} />
      </section>
    </div>
  );
}
