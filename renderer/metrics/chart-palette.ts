// Chart colours per theme: distinguishable lines (an Okabe–Ito-like set) with enough contrast on
// each background, plus the grid and axis tones.
import type { Theme } from '../app/theme.js';

export interface ChartPalette {
  series: readonly string[];
  grid: string;
  axis: string;
  tooltipBackground: string;
  tooltipBorder: string;
  text: string;
}

const PALETTES: Record<Theme, ChartPalette> = {
  dark: {
    series: ['#8ab4f8', '#56b4e9', '#81c995', '#f2b84b', '#f28b82', '#c58af9', '#78d9ec'],
    grid: '#2a303a',
    axis: '#8b95a3',
    tooltipBackground: '#1b2029',
    tooltipBorder: '#343b47',
    text: '#e6e8eb',
  },
  light: {
    series: ['#1a5fd0', '#0072b2', '#1e8a3c', '#b26a00', '#c5221f', '#8430ce', '#007b83'],
    grid: '#e3e6ea',
    axis: '#5b6570',
    tooltipBackground: '#ffffff',
    tooltipBorder: '#d0d5dc',
    text: '#1b1f24',
  },
};

export function chartPalette(theme: Theme): ChartPalette {
  return PALETTES[theme];
}

export function seriesColor(palette: ChartPalette, index: number): string {
  return palette.series[index % palette.series.length];
}
