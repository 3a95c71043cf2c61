// The bar above every view: where you are, whether the data is live, and the theme switch.
import { useConnectionStatus } from '../api/console-context.js';
import type { ThemePreference } from '../app/theme.js';

const THEME_LABEL: Record<ThemePreference, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

export function TopBar({ title, theme, onCycleTheme }: { title: string; theme: ThemePreference; onCycleTheme: () => void }) {
  const status = useConnectionStatus();
  return (
    <header className="top-bar">
      <h1 className="view-title">{title}</h1>
      <div className="top-bar-actions">
        <span className={`live-pill ${status.state === 'open' ? 'live' : 'stale'}`} role="status">
          {status.state === 'open' ? 'Live' : 'Stale — reconnecting'}
        </span>
        <button type="button" className="button ghost" onClick={onCycleTheme} title="Switch between the system theme, light and dark">
          {THEME_LABEL[theme]}
        </button>
      </div>
    </header>
  );
}
