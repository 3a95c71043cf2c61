// A mailbox-length sparkline: one polyline scaled to its own maximum (so a slow climb is as visible
// as a fast one), with the latest value marked. Small enough to draw one per visible row.

const WIDTH = 90;
const HEIGHT = 20;

export function sparklinePoints(values: readonly number[], width = WIDTH, height = HEIGHT): string {
  if (values.length === 0) return '';
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`).join(' ');
}

export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const points = sparklinePoints(values);
  const last = points === '' ? undefined : points.slice(points.lastIndexOf(' ') + 1).split(',');
  const rising = values.length > 1 && values[values.length - 1] > values[0];
  return (
    <svg
      className={`sparkline${rising ? ' rising' : ''}`}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      data-samples={values.length}
      data-values={values.join(',')}
    >
      {points !== '' ? <polyline points={points} fill="none" /> : null}
      {last !== undefined ? <circle cx={last[0]} cy={last[1]} r={2} /> : null}
    </svg>
  );
}
