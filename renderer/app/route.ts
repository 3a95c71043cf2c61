// Where the user is, kept in the URL's hash so reloads and the back button work and the browser
// mode's ?token= query stays untouched.
import { useSyncExternalStore } from 'react';

export type NodeTab = 'details' | 'logs' | 'metrics' | 'traces' | 'console' | 'processes' | 'profiler';

export type Route = { view: 'overview' } | { view: 'cluster-logs' } | { view: 'profiles' } | { view: 'node'; nodeId: string; tab: NodeTab; traceId?: string };

const TABS: readonly NodeTab[] = ['details', 'logs', 'metrics', 'traces', 'console', 'processes', 'profiler'];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'logs') return { view: 'cluster-logs' };
  if (parts[0] === 'profiles') return { view: 'profiles' };
  if (parts[0] === 'nodes' && parts[1] !== undefined) {
    const tab = (TABS as readonly string[]).includes(parts[2] ?? '') ? (parts[2] as NodeTab) : 'details';
    // traces/<id> opens one trace; logs/<id> shows the lines of one trace.
    const traceId = (tab === 'traces' || tab === 'logs') && parts[3] !== undefined ? parts[3] : undefined;
    return traceId === undefined ? { view: 'node', nodeId: parts[1], tab } : { view: 'node', nodeId: parts[1], tab, traceId };
  }
  return { view: 'overview' };
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'overview':
      return '#/';
    case 'cluster-logs':
      return '#/logs';
    case 'profiles':
      return '#/profiles';
    case 'node':
      return `#/nodes/${encodeURIComponent(route.nodeId)}${route.tab === 'details' ? '' : `/${route.tab}`}${route.traceId === undefined ? '' : `/${encodeURIComponent(route.traceId)}`}`;
  }
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}
