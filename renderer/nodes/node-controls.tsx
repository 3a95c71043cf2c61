// Start / stop / restart / kill of a local node. Kill (SIGKILL, to rehearse a crash) asks first.
// Each button is enabled only in the states where it means something.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { NodeStatus, NodeView } from '../../main/common/console-api.js';
import { useConsole } from '../api/console-context.js';
import { ConfirmDialog } from '../app/confirm-dialog.js';
import { upsertNode } from './use-nodes.js';

type Action = 'start' | 'stop' | 'restart' | 'kill';

const ENABLED: Record<Action, readonly NodeStatus[]> = {
  start: ['stopped', 'crashed'],
  stop: ['running', 'starting', 'unreachable'],
  restart: ['running', 'stopped', 'crashed', 'unreachable'],
  kill: ['running', 'starting', 'stopping', 'unreachable'],
};

const PENDING_LABEL: Record<Action, string> = { start: 'Starting…', stop: 'Stopping…', restart: 'Restarting…', kill: 'Killing…' };

export function NodeControls({ node }: { node: NodeView }) {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  const [confirmKill, setConfirmKill] = useState(false);
  const action = useMutation({
    mutationFn: (which: Action) => client.request(`localNodes.${which}`, { nodeId: node.id }),
    onSuccess: (view) => upsertNode(queryClient, view),
  });
  if (node.kind !== 'local') return null;
  const busy = action.isPending;
  const button = (which: Action, label: string, className = 'button') => (
    <button
      type="button"
      className={className}
      disabled={busy || !ENABLED[which].includes(node.status)}
      onClick={() => (which === 'kill' ? setConfirmKill(true) : action.mutate(which))}
    >
      {busy && action.variables === which ? PENDING_LABEL[which] : label}
    </button>
  );
  return (
    <div className="node-controls">
      <div className="button-group" role="group" aria-label={`Control ${node.name}`}>
        {button('start', 'Start', 'button primary')}
        {button('stop', 'Stop')}
        {button('restart', 'Restart')}
        {button('kill', 'Kill', 'button danger')}
      </div>
      {action.isError ? (
        <p className="error-text small" role="alert">
          {action.variables} failed: {action.error.message}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirmKill}
        title={`Kill ${node.name}?`}
        confirmLabel="Kill with SIGKILL"
        danger
        onCancel={() => setConfirmKill(false)}
        onConfirm={() => {
          setConfirmKill(false);
          action.mutate('kill');
        }}
      >
        <p>
          The node process gets SIGKILL and stops at once, as in a crash: connected clients are cut off and nothing is shut down cleanly. Use it to
          rehearse a crash; Stop is the clean way.
        </p>
      </ConfirmDialog>
    </div>
  );
}
