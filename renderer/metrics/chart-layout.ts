// How many charts fit side by side, how wide each is, and how many points to ask the node for:
// one per pixel of plot, in steps of 50 so a window resize does not refetch on every pixel.
export const MIN_CHART_WIDTH = 420;
export const GRID_GAP = 16;
/** Y axis and margins inside a chart. */
const PLOT_INSET = 76;

export interface ChartLayout {
  columns: number;
  chartWidth: number;
  maxPoints: number;
}

export function chartLayout(containerWidth: number): ChartLayout {
  if (containerWidth <= 0) return { columns: 1, chartWidth: 0, maxPoints: 0 };
  const columns = Math.max(1, Math.min(3, Math.floor((containerWidth + GRID_GAP) / (MIN_CHART_WIDTH + GRID_GAP))));
  const cell = Math.floor((containerWidth - GRID_GAP * (columns - 1)) / columns);
  const chartWidth = cell - 2 * 12; // the figure's padding
  const plot = Math.max(50, chartWidth - PLOT_INSET);
  return { columns, chartWidth, maxPoints: Math.max(50, Math.floor(plot / 50) * 50) };
}
