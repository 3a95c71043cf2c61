// The console's frame: sidebar, top bar, connection banner and the current view, each view behind
// its own error boundary (keyed by route, so navigating away resets a broken view).
import { ClusterLogsView } from '../logs/logs-view.js';
import { useNode, useNodesSync } from '../nodes/use-nodes.js';
import { NodePage } from '../nodes/node-page.js';
import { OverviewView } from '../overview/overview-view.js';
import { ProfilesView } from '../profiler/profiles-view.js';
import { ConnectionBanner } from '../shell/connection-banner.js';
import { Sidebar } from '../shell/sidebar.js';
import { TopBar } from '../shell/top-bar.js';
import { ErrorBoundary } from './error-boundary.js';
import { routeHref, useRoute, type Route } from './route.js';
import { useTheme } from './theme.js';
import { ThemeContext } from './theme-context.js';
import { useRefetchOnReconnect } from './use-refetch-on-reconnect.js';

const TAB_TITLE = { details: 'Node', logs: 'Logs', metrics: 'Metrics', traces: 'Traces', console: 'Console', processes: 'Processes', profiler: 'Profiler' } as const;

function useTitle(route: Route): string {
  const node = useNode(route.view === 'node' ? route.nodeId : '');
  switch (route.view) {
    case 'overview':
      return 'Cluster overview';
    case 'cluster-logs':
      return 'Logs — all nodes';
    case 'profiles':
      return 'Profiles';
    case 'node':
      return `${node?.name ?? route.nodeId} · ${TAB_TITLE[route.tab]}`;
  }
}

export function App() {
  const route = useRoute();
  const { preference, theme, cycle } = useTheme();
  const title = useTitle(route);
  useNodesSync();
  useRefetchOnReconnect();
  return (
    <ThemeContext.Provider value={theme}>
      <div className="app">
        {/* A button, not an anchor: the hash holds the route. */}
        <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
          Skip to content
        </button>
        <Sidebar route={route} />
        <div className="main-column">
          <TopBar title={title} theme={preference} onCycleTheme={cycle} />
          <ConnectionBanner />
          <main id="main" className="view" tabIndex={-1}>
            <ErrorBoundary key={routeHref(route)} label={`the ${title} view`}>
              {route.view === 'overview' ? <OverviewView /> : null}
              {route.view === 'cluster-logs' ? <ClusterLogsView /> : null}
              {route.view === 'profiles' ? <ProfilesView /> : null}
              {route.view === 'node' ? <NodePage nodeId={route.nodeId} tab={route.tab} traceId={route.traceId} /> : null}
            </ErrorBoundary>
          </main>
        </div>
      </div>
    </ThemeContext.Provider>
  );
}
