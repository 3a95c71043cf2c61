// One dashboard chart (recharts): no animation, no dots, data rebuilt only when the window
// changes (once a second), the x axis fixed to the chosen range so a young node's short history
// reads as short. The header shows each line's latest value; data-* attributes carry the figures
// for the end-to-end tests.
import { memo, useMemo } from 'react';
import { CartesianGrid, ComposedChart, Line, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { useResolvedTheme } from '../app/theme-context.js';
import { chartPalette, seriesColor } from './chart-palette.js';
import { toDisplay, UNIT_SUFFIX, type ChartSpec, type DisplayUnit } from './dashboard.js';
import type { SeriesWindow } from './series-window.js';
import { timeTicks } from './time-ticks.js';

interface Props {
  spec: ChartSpec;
  window: SeriesWindow;
  width: number;
  height: number;
  /** Right edge of the x axis (epoch ms) and the range shown. */
  endMs: number;
  rangeMs: number;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatValue(unit: DisplayUnit, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = Math.abs(value) >= 10_000 ? compact.format(value) : precise.format(value);
  return text + UNIT_SUFFIX[unit];
}

function clock(ms: number, withSeconds: boolean): string {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return withSeconds ? `${hm}:${String(d.getSeconds()).padStart(2, '0')}` : hm;
}

function lastValue(column: (number | null)[] | undefined): number | null {
  if (column === undefined) return null;
  for (let i = column.length - 1; i >= 0; i--) if (column[i] !== null) return column[i];
  return null;
}

function MetricChartInner({ spec, window, width, height, endMs, rangeMs }: Props) {
  const palette = chartPalette(useResolvedTheme());
  const lines = spec.lines.filter((line) => window.series[line.series] !== undefined);
  const rows = useMemo(() => {
    const out: Record<string, number | null>[] = new Array(window.timestamps.length);
    for (let i = 0; i < window.timestamps.length; i++) {
      const row: Record<string, number | null> = { t: window.timestamps[i] };
      for (const line of spec.lines) row[line.series] = toDisplay(spec.unit, window.series[line.series]?.[i] ?? null);
      out[i] = row;
    }
    return out;
  }, [window, spec]);
  const max = useMemo(() => {
    let m = 0;
    for (const row of rows) for (const line of spec.lines) m = Math.max(m, row[line.series] ?? 0);
    return m;
  }, [rows, spec]);
  // A value between two gaps draws no line segment (latency in a second with a single message):
  // such points are drawn as dots, and only they, so nothing measured is invisible.
  const isolated = useMemo(() => {
    const out: Record<string, Record<string, number>[]> = {};
    for (const line of spec.lines) {
      const points: Record<string, number>[] = [];
      for (let i = 0; i < rows.length; i++) {
        const v = rows[i][line.series];
        if (v === null || v === undefined) continue;
        if ((rows[i - 1]?.[line.series] ?? null) === null && (rows[i + 1]?.[line.series] ?? null) === null) points.push({ t: rows[i].t as number, [line.series]: v });
      }
      out[line.series] = points;
    }
    return out;
  }, [rows, spec]);
  const ticks = useMemo(() => timeTicks(endMs - rangeMs, endMs), [endMs, rangeMs]);
  const integral = spec.unit === 'count' || spec.unit === 'messages';
  const latest = lines.map((line) => toDisplay(spec.unit, lastValue(window.series[line.series])));

  return (
    <figure className="chart" data-chart={spec.id} data-points={rows.length} data-max={max} data-latest={latest.map((v) => v ?? '').join(',')}>
      <figcaption className="chart-header">
        <span className="chart-title">{spec.title}</span>
        <span className="chart-legend">
          {lines.map((line, i) => (
            <span key={line.series} className="legend-item" title={line.series}>
              <span className="legend-swatch" style={{ background: seriesColor(palette, line.color) }} />
              {line.label} <strong>{formatValue(spec.unit, latest[i])}</strong>
            </span>
          ))}
          {lines.length === 0 ? <span className="muted">this node does not report these series</span> : null}
        </span>
      </figcaption>
      <ComposedChart width={width} height={height} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[endMs - rangeMs, endMs]}
          allowDataOverflow
          ticks={ticks}
          padding={{ left: 0, right: 5 }}
          tickFormatter={(t: number) => clock(t, rangeMs <= 5 * 60_000)}
          stroke={palette.axis}
          tick={{ fill: palette.axis, fontSize: 11 }}
          minTickGap={40}
        />
        <YAxis width={52} stroke={palette.axis} tick={{ fill: palette.axis, fontSize: 11 }} tickFormatter={(v: number) => (Math.abs(v) >= 1000 ? compact.format(v) : precise.format(v))} allowDecimals={!integral} domain={[0, 'auto']} />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => clock(Number(t), true)}
          formatter={(value, name) => [formatValue(spec.unit, typeof value === 'number' ? value : null), String(name)]}
          contentStyle={{ background: palette.tooltipBackground, border: `1px solid ${palette.tooltipBorder}`, color: palette.text, fontSize: 12 }}
        />
        {lines.map((line) => (
          <Line
            key={line.series}
            dataKey={line.series}
            name={line.label}
            type="linear"
            stroke={seriesColor(palette, line.color)}
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
        {lines.map((line) =>
          isolated[line.series].length > 0 ? (
            <Scatter key={`${line.series}-dots`} data={isolated[line.series]} dataKey={line.series} name={line.label} fill={seriesColor(palette, line.color)} isAnimationActive={false} legendType="none" tooltipType="none" />
          ) : null,
        )}
      </ComposedChart>
    </figure>
  );
}

export const MetricChart = memo(MetricChartInner);
