// The built-in traffic generator: N real XMPP clients chatting at R messages/s on this node,
// started and stopped here, with the rate it actually achieves next to the rate asked for.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { NodeView, TrafficStatus } from '../../main/common/console-api.js';
import { useConsole } from '../api/console-context.js';
import { formatCount, formatRate } from '../app/format.js';

const PHASE_LABEL: Record<TrafficStatus['phase'], string> = { idle: 'Idle', connecting: 'Logging in the users…', sending: 'Sending', stopped: 'Stopped' };
const ENDED_LABEL: Record<string, string> = {
  stopped: 'stopped from the console',
  max_duration: 'reached its time limit',
  node_stopped: 'the node stopped',
  failed: 'failed',
};

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function TrafficPanel({ node }: { node: NodeView }) {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  const key = ['traffic', node.id];
  const [users, setUsers] = useState(10);
  const [rate, setRate] = useState(50);
  const status = useQuery({
    queryKey: key,
    queryFn: () => client.request('traffic.status', { nodeId: node.id }),
    refetchInterval: (query) => (query.state.data?.running ? 1000 : 5000),
    enabled: node.kind === 'local',
  });
  const start = useMutation({
    mutationFn: () => client.request('traffic.start', { nodeId: node.id, users: clamp(users, 2, 500), ratePerSec: clamp(rate, 0.1, 5000) }),
    onSuccess: (s) => queryClient.setQueryData(key, s),
  });
  const stop = useMutation({
    mutationFn: () => client.request('traffic.stop', { nodeId: node.id }),
    onSuccess: (s) => queryClient.setQueryData(key, s),
  });
  if (node.kind !== 'local') return null;
  const s = status.data;
  const running = s?.running ?? false;
  const share = s !== undefined && s.targetRate > 0 ? Math.min(1, s.achievedRate / s.targetRate) : 0;
  const error = start.error ?? stop.error ?? status.error;

  return (
    <section className="traffic-panel" aria-label="Traffic generator">
      <h3 className="subheading">Traffic generator</h3>
      <form
        className="traffic-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (running) stop.mutate();
          else start.mutate();
        }}
      >
        <label>
          Users
          <input type="number" min={2} max={500} step={1} value={users} disabled={running} onChange={(e) => setUsers(Number(e.target.value))} />
        </label>
        <label>
          Messages/s
          <input type="number" min={0.1} max={5000} step="any" value={rate} disabled={running} onChange={(e) => setRate(Number(e.target.value))} />
        </label>
        <button type="submit" className={`button ${running ? '' : 'primary'}`} disabled={start.isPending || stop.isPending || (!running && node.status !== 'running')}>
          {running ? (stop.isPending ? 'Stopping…' : 'Stop traffic') : start.isPending ? 'Starting…' : 'Start traffic'}
        </button>
      </form>
      {!running && node.status !== 'running' ? <p className="muted small">Start the node to generate traffic.</p> : null}
      {s !== undefined && (running || s.phase === 'stopped') ? (
        <div className="traffic-status" data-phase={s.phase}>
          <div className="rate-line">
            <span>
              {PHASE_LABEL[s.phase]} · {formatCount(s.connected)}/{formatCount(s.users)} users connected
            </span>
            <span>
              achieved <strong data-field="achieved-rate">{formatRate(s.achievedRate)}</strong> of {formatRate(s.targetRate)} msg/s
            </span>
          </div>
          <div className="rate-bar" role="meter" aria-valuemin={0} aria-valuemax={s.targetRate} aria-valuenow={s.achievedRate} aria-label="Achieved rate">
            <div className={`rate-fill${share < 0.9 && s.phase === 'sending' ? ' behind' : ''}`} style={{ width: `${share * 100}%` }} />
          </div>
          <div className="muted small">
            sent {formatCount(s.sent)} · received {formatCount(s.received)} · errors {formatCount(s.errors)}
            {!running && s.endedBecause ? ` · ended: ${ENDED_LABEL[s.endedBecause] ?? s.endedBecause}` : ''}
          </div>
          {s.lastError ? <p className="error-text small">Last error: {s.lastError}</p> : null}
        </div>
      ) : null}
      {error ? <p className="error-text small" role="alert">{error.message}</p> : null}
    </section>
  );
}
