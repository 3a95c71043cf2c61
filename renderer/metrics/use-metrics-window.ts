// One node's dashboard data: the history for the chosen range at the charts' pixel width, the
// moment the view opens, then every live sample appended to the same cached window.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConsoleCallError, MetricsSample } from '../../main/common/console-api.js';
import { useConsole } from '../api/console-context.js';
import { DASHBOARD_SERIES } from './dashboard.js';
import { appendSample, fromHistory, type SeriesWindow } from './series-window.js';

export interface MetricsWindowState {
  window: SeriesWindow | undefined;
  isPending: boolean;
  error: ConsoleCallError | Error | null;
  liveError: string | null;
  /** Epoch ms of the newest live sample. */
  lastSampleAt: number | null;
  refetch(): void;
}

/** `live`: the node is running; when it starts again (a new process, a new history) the window is fetched again. */
export function useMetricsWindow(nodeId: string, rangeMs: number, maxPoints: number, live: boolean): MetricsWindowState {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  const catalog = useQuery({
    queryKey: ['metrics-catalog', nodeId],
    queryFn: () => client.request('metrics.catalog', { nodeId }),
    staleTime: Infinity,
    retry: 1,
  });
  // Older or remote nodes may lack some series: ask only for those the node has.
  const series = useMemo(() => {
    if (catalog.data === undefined) return undefined;
    const known = new Set(catalog.data.series.map((s) => s.name));
    return DASHBOARD_SERIES.filter((name) => known.has(name));
  }, [catalog.data]);
  const key = useMemo(() => ['metrics-window', nodeId, rangeMs, maxPoints, series?.join(',') ?? '*'] as const, [nodeId, rangeMs, maxPoints, series]);
  const ready = maxPoints > 0 && !catalog.isPending;

  const history = useQuery({
    queryKey: key,
    queryFn: async () => fromHistory(await client.request('metrics.history', { nodeId, series, fromMs: Date.now() - rangeMs, maxPoints })),
    staleTime: Infinity,
    gcTime: 30_000,
    enabled: ready,
    // While another range or width loads, the charts keep the previous window instead of vanishing.
    placeholderData: keepPreviousData,
  });

  const refetchHistory = history.refetch;
  const wasLive = useRef(live);
  useEffect(() => {
    if (live && !wasLive.current && ready) void refetchHistory();
    wasLive.current = live;
  }, [live, ready, refetchHistory]);

  const [lastSampleAt, setLastSampleAt] = useState<number | null>(null);
  const [liveError, setLiveError] = useState<string | null>(null);
  useEffect(() => {
    if (!ready || !live) return;
    setLiveError(null);
    // A chart point stands for rangeMs / maxPoints of time (8 s at 1 h over 450 px): samples are
    // gathered and applied once per point, not once per second, so the charts redraw only when a
    // pixel can change.
    const everyMs = Math.max(1000, rangeMs / maxPoints);
    let pending: MetricsSample[] = [];
    let lastApplied = 0;
    const apply = () => {
      const samples = pending;
      pending = [];
      lastApplied = Date.now();
      queryClient.setQueryData<SeriesWindow>(key, (old) => (old === undefined ? old : samples.reduce((w, s) => appendSample(w, s, { rangeMs, maxPoints }), old)));
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = client.subscribe(
      'metrics.live',
      { nodeId, series },
      (sample) => {
        setLastSampleAt(sample.timestamp);
        pending.push(sample);
        if (timer !== undefined) return;
        const wait = Math.max(0, lastApplied + everyMs - Date.now());
        if (wait === 0) apply();
        else
          timer = setTimeout(() => {
            timer = undefined;
            if (pending.length > 0) apply();
          }, wait);
      },
      (error) => setLiveError(error.message),
    );
    return () => {
      stop();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [client, queryClient, key, nodeId, series, rangeMs, maxPoints, ready, live]);

  return {
    window: history.data,
    isPending: history.isPending,
    error: history.error ?? null,
    liveError,
    lastSampleAt,
    refetch: () => {
      void catalog.refetch();
      void history.refetch();
    },
  };
}
