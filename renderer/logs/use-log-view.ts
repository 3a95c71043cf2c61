// A LogView for the current scope and filter, following the store while mounted, and throttled
// subscriptions to it: at 20,000 lines/s the store changes every frame, but a list repainted six or
// seven times a second reads the same to a person and costs a tenth of the DOM work.
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { LogFilter } from './log-filter.js';
import type { LogStore } from './log-store.js';
import { LogView } from './log-view.js';

export const LIST_REPAINT_MS = 150;
export const FIGURES_REPAINT_MS = 250;

export function useLogView(store: LogStore, nodeIds: readonly string[] | null, filter: LogFilter): LogView {
  const scopeKey = nodeIds === null ? '*' : nodeIds.join('\u0000');
  const view = useMemo(() => new LogView(store, nodeIds, filter), [store, scopeKey, filter]);
  useEffect(() => view.attach(), [view]);
  return view;
}

/** Wraps a subscribe function so the listener runs at most once per `ms` (the last change always arrives). */
export function throttleSubscribe(subscribe: (listener: () => void) => () => void, ms: number): (listener: () => void) => () => void {
  if (ms <= 0) return subscribe;
  return (listener) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const stop = subscribe(() => {
      if (timer !== undefined) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          last = Date.now();
          listener();
        },
        Math.max(0, last + ms - Date.now()),
      );
    });
    return () => {
      stop();
      if (timer !== undefined) clearTimeout(timer);
    };
  };
}

/** Re-renders the calling component when the view changes, at most once per `throttleMs`. */
export function useLogViewVersion(view: LogView, throttleMs = 0): number {
  const subscribe = useMemo(() => throttleSubscribe(view.subscribe, throttleMs), [view, throttleMs]);
  return useSyncExternalStore(subscribe, view.getVersion);
}

/** The store's version, for figures that cover the whole buffer (sizes, drops), at most once per `throttleMs`. */
export function useLogStoreVersion(store: LogStore, throttleMs = 0): number {
  const base = useCallback((listener: () => void) => store.subscribe(() => listener()), [store]);
  const subscribe = useMemo(() => throttleSubscribe(base, throttleMs), [base, throttleMs]);
  return useSyncExternalStore(subscribe, () => store.version);
}
