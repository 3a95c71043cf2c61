// The resolved theme for code that draws (charts) and cannot read CSS variables in SVG attributes.
import { createContext, useContext } from 'react';
import type { Theme } from './theme.js';

export const ThemeContext = createContext<Theme>('dark');

export function useResolvedTheme(): Theme {
  return useContext(ThemeContext);
}
