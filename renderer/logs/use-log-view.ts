// A LogView for the current scope and filter, following the store while mounted. Components that
// read it re-render once per store flush (per animation frame at most).
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { LogFilter } from './log-filter.js';
import type { LogStore } from './log-store.js';
import { LogView } from './log-view.js';

export function useLogView(store: LogStore, nodeIds: readonly string[] | null, filter: LogFilter): LogView {
  const scopeKey = nodeIds === null ? '*' : nodeIds.join('\u0000');
  const view = useMemo(() => new LogView(store, nodeIds, filter), [store, scopeKey, filter]);
  useEffect(() => view.attach(), [view]);
  return view;
}

/** Subscribes the calling component to the view's changes; returns the version. */
export function useLogViewVersion(view: LogView): number {
  return useSyncExternalStore(view.subscribe, view.getVersion);
}

/** The store's version, for figures that cover the whole buffer (sizes, drops). */
export function useLogStoreVersion(store: LogStore): number {
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.version,
  );
}
