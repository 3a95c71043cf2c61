// One trace as a waterfall: a row per span (indented under its parent) with its bar on the trace's
// time axis, error spans in red, the critical path marked; the selected span's timings,
// attributes, events and status below. "Its log lines" opens the log view filtered by trace_id.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { SpanAttributeValue, TraceSpan } from '../../main/common/console-api.js';
import { useConsole } from '../api/console-context.js';
import { formatDateTime, formatMs } from '../app/format.js';
import { routeHref } from '../app/route.js';
import { layoutWaterfall, type WaterfallRow } from './waterfall-layout.js';

const TICKS = 5;

function attributeText(value: SpanAttributeValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

function SpanDetails({ span, traceStartMs }: { span: TraceSpan; traceStartMs: number }) {
  const attributes = Object.entries(span.attributes);
  return (
    <section className="span-details" aria-label={`Span ${span.name}`} data-span-details={span.spanId}>
      <h3>
        {span.name} <span className="muted small">({span.kind})</span>
      </h3>
      <p className="small">
        starts at +{formatMs(span.startMs - traceStartMs)}, lasts {span.durationMs === null ? 'never ended' : formatMs(span.durationMs)} · status{' '}
        <span className={span.status.code === 'error' ? 'error-text' : undefined}>
          {span.status.code}
          {span.status.message !== undefined ? `: ${span.status.message}` : ''}
        </span>{' '}
        · span {span.spanId}
        {span.parentSpanId !== null ? ` · parent ${span.parentSpanId}` : ''}
      </p>
      {attributes.length > 0 ? (
        <table className="field-table">
          <tbody>
            {attributes.map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td className="mono">{attributeText(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">No attributes.</p>
      )}
      {span.events.length > 0 ? (
        <>
          <h4>Events</h4>
          <ul className="span-events">
            {span.events.map((event, i) => (
              <li key={i}>
                <span className="mono">+{formatMs(event.timeMs - traceStartMs)}</span> <strong>{event.name}</strong>{' '}
                <span className="mono small">
                  {Object.entries(event.attributes)
                    .map(([k, v]) => `${k}=${attributeText(v)}`)
                    .join(' ')}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function SpanRow({ row, extentMs, startMs, selected, onSelect }: { row: WaterfallRow; extentMs: number; startMs: number; selected: boolean; onSelect(): void }) {
  const { span } = row;
  const error = span.status.code === 'error';
  // The duration goes right of the bar; a bar that ends near the right edge gets it on its left,
  // or inside its end when it also starts near the left edge.
  const end = row.left + row.width;
  const labelInside = end > 0.85 && row.left < 0.15;
  const labelStyle =
    end <= 0.85 ? { left: `calc(${end * 100}% + 4px)` } : labelInside ? { right: `calc(${(1 - end) * 100}% + 4px)` } : { right: `calc(${(1 - row.left) * 100}% + 4px)` };
  return (
    <li
      className={`span-row${selected ? ' selected' : ''}${row.critical ? ' critical' : ''}${error ? ' error' : ''}`}
      data-span={span.name}
      data-span-id={span.spanId}
      data-critical={row.critical}
      data-status={span.status.code}
    >
      <button type="button" className="span-label" style={{ paddingLeft: `${row.depth * 14 + 6}px` }} onClick={onSelect} aria-pressed={selected}>
        {row.critical ? <span className="critical-mark" title="On the critical path">◆ </span> : null}
        {span.name}
      </button>
      <div className="span-track" onClick={onSelect}>
        <div className="span-bar" style={{ left: `${row.left * 100}%`, width: `max(2px, ${row.width * 100}%)` }} title={`${span.name}: ${span.durationMs === null ? 'never ended' : formatMs(span.durationMs)}`} />
        {span.events.map((event, i) => (
          <div key={i} className="span-event-tick" style={{ left: `${((event.timeMs - startMs) / extentMs) * 100}%` }} title={event.name} />
        ))}
        <span className={`span-duration${labelInside ? ' inside' : ''}`} style={labelStyle}>
          {span.durationMs === null ? '…' : formatMs(span.durationMs)}
        </span>
      </div>
    </li>
  );
}

export function TraceWaterfall({ nodeId, traceId }: { nodeId: string; traceId: string }) {
  const { client } = useConsole();
  const trace = useQuery({ queryKey: ['trace', nodeId, traceId], queryFn: () => client.request('traces.get', { nodeId, traceId }) });
  const layout = useMemo(() => layoutWaterfall(trace.data?.spans ?? []), [trace.data]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  if (trace.isError) return <p className="error-text">Could not load trace {traceId}: {trace.error.message}</p>;
  if (trace.data === undefined) return <p className="muted">Loading trace {traceId}…</p>;
  const t = trace.data;
  const extentMs = Math.max(layout.endMs - layout.startMs, 1e-3);
  // An outline ([tracing] detail = "sampled"): its first span says how many spans were not recorded.
  const notRecorded = t.spans.map((span) => span.attributes['meerkat.trace.outline']).find((n) => typeof n === 'number');
  const selected = layout.rows.find((r) => r.span.spanId === selectedId)?.span ?? layout.rows.find((r) => r.span.status.code === 'error')?.span ?? layout.rows[0]?.span;
  return (
    <section className="trace-waterfall" aria-label={`Trace ${traceId}`} data-trace-id={traceId}>
      <header className="trace-header">
        <div>
          <h2>
            {t.rootName} {t.error ? <span className="badge error">error</span> : null} {t.incomplete ? <span className="badge warn">incomplete</span> : null}{' '}
            {notRecorded === undefined ? null : (
              <span className="badge outline" data-badge="outline" title={`Outline: not drawn for detail when it began, so only its first span, deliveries and failed spans were kept; ${notRecorded} span(s) between were not recorded ([tracing] detail)`}>
                outline
              </span>
            )}
          </h2>
          <p className="small muted">
            {formatDateTime(t.startMs)} · {formatMs(t.durationMs)} · {t.spanCount} spans · kept: {t.keptBecause} · <span className="mono">{traceId}</span>
          </p>
        </div>
        <div className="button-group">
          <a className="button small" href={routeHref({ view: 'node', nodeId, tab: 'logs', traceId })} data-action="trace-logs">
            Its log lines
          </a>
          <a className="button small ghost" href={routeHref({ view: 'node', nodeId, tab: 'traces' })}>
            Close
          </a>
        </div>
      </header>
      <div className="span-axis" aria-hidden="true">
        <span className="span-label" />
        <div className="span-track">
          {Array.from({ length: TICKS + 1 }, (_, i) => (
            <span key={i} className="axis-tick" style={{ left: `${(i / TICKS) * 100}%` }}>
              {formatMs((extentMs * i) / TICKS)}
            </span>
          ))}
        </div>
      </div>
      <ul className="span-rows">
        {layout.rows.map((row) => (
          <SpanRow key={row.span.spanId} row={row} extentMs={extentMs} startMs={layout.startMs} selected={row.span === selected} onSelect={() => setSelectedId(row.span.spanId)} />
        ))}
      </ul>
      <p className="small muted legend">◆ critical path: the spans the trace's duration waited on.</p>
      {selected !== undefined ? <SpanDetails span={selected} traceStartMs={layout.startMs} /> : null}
    </section>
  );
}
