// Dark and light themes: the system's preference by default, or the user's choice, kept in
// localStorage. The resolved theme is set as data-theme on <html>; the CSS does the rest.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'meerkat.theme';
const query = () => window.matchMedia('(prefers-color-scheme: dark)');

function readPreference(): ThemePreference {
  try {
    const stored = window.localStorage.getItem(KEY);
    if (stored === 'light' || stored === 'dark' || stored === 'system') return stored;
  } catch {
    // Storage can be off (private windows, file:// in some shells): the system theme then.
  }
  return 'system';
}

function subscribeSystem(listener: () => void): () => void {
  const media = query();
  media.addEventListener('change', listener);
  return () => media.removeEventListener('change', listener);
}

export const NEXT_PREFERENCE: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };

export function useTheme(): { preference: ThemePreference; theme: Theme; cycle: () => void } {
  const [preference, setPreference] = useState<ThemePreference>(readPreference);
  const systemDark = useSyncExternalStore(subscribeSystem, () => query().matches);
  const theme: Theme = preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  const cycle = useCallback(() => {
    setPreference((current) => {
      const next = NEXT_PREFERENCE[current];
      try {
        window.localStorage.setItem(KEY, next);
      } catch {
        // Not kept across reloads then; the toggle still works.
      }
      return next;
    });
  }, []);

  return { preference, theme, cycle };
}
