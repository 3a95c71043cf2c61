// Node views in react-query: the list is fetched once and kept current by the nodes.changed
// stream (one app-wide subscription, mounted by the shell), never by polling. The overview's
// figures are a plain request refreshed every 2 s while a view shows them.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { NodeChange, NodeOverview, NodeView } from '../../main/common/console-api.js';
import { useConsole } from '../api/console-context.js';

export const NODES_KEY = ['nodes'] as const;
export const OVERVIEW_KEY = ['overview'] as const;
export const OVERVIEW_REFRESH_MS = 2000;

export function applyNodeChange(nodes: readonly NodeView[] | undefined, change: NodeChange): NodeView[] {
  const list = nodes ?? [];
  if (change.kind === 'removed') return list.filter((n) => n.id !== change.nodeId);
  const index = list.findIndex((n) => n.id === change.node.id);
  if (index === -1) return [...list, change.node];
  const next = list.slice();
  next[index] = change.node;
  return next;
}

export function upsertNode(queryClient: QueryClient, node: NodeView): void {
  queryClient.setQueryData<NodeView[]>(NODES_KEY, (old) => applyNodeChange(old, { kind: 'upsert', node }));
}

export function useNodes() {
  const { client } = useConsole();
  return useQuery({ queryKey: NODES_KEY, queryFn: () => client.request('nodes.list'), staleTime: Infinity });
}

export function useNode(nodeId: string): NodeView | undefined {
  return useNodes().data?.find((n) => n.id === nodeId);
}

/** Mount once: applies nodes.changed events to the cached list. */
export function useNodesSync(): void {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      client.subscribe('nodes.changed', undefined, (change) => {
        queryClient.setQueryData<NodeView[]>(NODES_KEY, (old) => applyNodeChange(old, change));
      }),
    [client, queryClient],
  );
}

export function useOverview() {
  const { client } = useConsole();
  return useQuery<NodeOverview[]>({
    queryKey: OVERVIEW_KEY,
    queryFn: () => client.request('nodes.overview'),
    refetchInterval: OVERVIEW_REFRESH_MS,
    staleTime: OVERVIEW_REFRESH_MS / 2,
  });
}
