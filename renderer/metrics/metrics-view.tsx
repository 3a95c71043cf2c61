// One node's metrics dashboard: a time-range picker and the charts, full from the node's history
// at once, then live. Says so when the data stops being live (node down, console disconnected).
import { useMemo, useState } from 'react';
import { useIsStale } from '../api/console-context.js';
import { formatClock } from '../app/format.js';
import { useElementWidth } from '../app/use-element-width.js';
import { useNow } from '../app/use-now.js';
import { useNode } from '../nodes/use-nodes.js';
import { chartLayout, GRID_GAP } from './chart-layout.js';
import { DASHBOARD, TIME_RANGES, type TimeRangeId } from './dashboard.js';
import { createFrameQueue } from './frame-queue.js';
import { VisibleChart } from './visible-chart.js';
import { useMetricsWindow } from './use-metrics-window.js';

const CHART_HEIGHT = 180;
/** A sample is due every second; past this the charts say they are not live. */
const LIVE_GRACE_MS = 5000;

function RangePicker({ value, onChange }: { value: TimeRangeId; onChange(id: TimeRangeId): void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Time range">
      {TIME_RANGES.map((range) => (
        <button key={range.id} type="button" role="radio" aria-checked={value === range.id} className={value === range.id ? 'on' : ''} onClick={() => onChange(range.id)}>
          {range.label}
        </button>
      ))}
    </div>
  );
}

export function MetricsView({ nodeId }: { nodeId: string }) {
  const node = useNode(nodeId);
  const queue = useMemo(() => createFrameQueue(), []);
  const [rangeId, setRangeId] = useState<TimeRangeId>('15m');
  const range = TIME_RANGES.find((r) => r.id === rangeId)!;
  const [gridRef, width] = useElementWidth<HTMLDivElement>();
  const layout = chartLayout(width);
  const running = node?.status === 'running';
  const metrics = useMetricsWindow(nodeId, range.ms, layout.maxPoints, running);
  const stale = useIsStale();
  const now = useNow();
  const last = metrics.window?.timestamps[metrics.window.timestamps.length - 1];
  const live = !stale && metrics.lastSampleAt !== null && now - metrics.lastSampleAt < LIVE_GRACE_MS;
  // The axis ends at the newest sample, so charts redraw when data arrives, not on every clock tick.
  const endMs = last ?? now;

  return (
    <div className="metrics-view">
      <div className="metrics-toolbar">
        <RangePicker value={rangeId} onChange={setRangeId} />
        <span className={`live-note ${live ? 'live' : 'stale'}`} role="status">
          {live
            ? 'Live · one sample per second'
            : !running && node !== undefined
              ? `Not live: the node is ${node.status}${last !== undefined ? ` (last sample ${formatClock(last)})` : ''}`
              : metrics.liveError !== null
                ? `Not live: ${metrics.liveError}`
                : stale
                  ? 'Not live: connection to the console lost'
                  : 'Waiting for live samples…'}
        </span>
        <span className="muted small">{layout.maxPoints > 0 ? `${layout.maxPoints} points per chart` : ''}</span>
      </div>
      <div ref={gridRef} className="chart-grid" style={{ gridTemplateColumns: `repeat(${layout.columns}, 1fr)`, gap: GRID_GAP }}>
        {metrics.error !== null ? (
          <div className="error-panel" role="alert" style={{ gridColumn: '1 / -1' }}>
            <p>Could not load the metrics history of this node: {metrics.error.message}</p>
            <button type="button" className="button" onClick={metrics.refetch}>
              Try again
            </button>
          </div>
        ) : null}
        {metrics.isPending && metrics.error === null && layout.maxPoints > 0 ? <p className="muted">Loading the node's metrics history…</p> : null}
        {metrics.window !== undefined
          ? DASHBOARD.map((spec) => (
              <VisibleChart key={spec.id} queue={queue} spec={spec} window={metrics.window!} width={layout.chartWidth} height={CHART_HEIGHT} endMs={endMs} rangeMs={range.ms} />
            ))
          : null}
      </div>
    </div>
  );
}
