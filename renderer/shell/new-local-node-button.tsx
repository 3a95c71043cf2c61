// Adds one more local node with defaults (free ports, SQLite, a test user) and opens it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useConsole } from '../api/console-context.js';
import { navigate } from '../app/route.js';
import { upsertNode } from '../nodes/use-nodes.js';

export function NewLocalNodeButton() {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => client.request('localNodes.create', {}),
    onSuccess: (node) => {
      upsertNode(queryClient, node);
      navigate({ view: 'node', nodeId: node.id, tab: 'details' });
    },
  });
  return (
    <div className="nav-actions">
      <button type="button" className="button" onClick={() => create.mutate()} disabled={create.isPending}>
        {create.isPending ? 'Creating…' : '+ New local node'}
      </button>
      {create.isError ? <p className="error-text small">{create.error.message}</p> : null}
    </div>
  );
}
