// "Profile this node": kind (CPU or heap), a duration in seconds, one button, then a bar counting
// the seconds down while the node samples. The capture belongs to the session's profile store, so
// it keeps running (and lands in the list) when the user switches tabs. A capture the node is
// already running for someone else (profiles.status) disables the button and says until when.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { NodeView } from '../../main/common/console-api.js';
import { useConsole } from '../api/console-context.js';
import { formatClock } from '../app/format.js';
import { useNow } from '../app/use-now.js';
import type { Profile, ProfileKind } from './model/types.js';
import { captureError, captureName, KIND_LABEL } from './capture-messages.js';
import { useProfileParser } from './profile-parser.js';
import { useProfileStore } from './profile-store.js';

/** The node's default [profiling] max_duration_s; longer captures are refused there unless raised. */
const MAX_DURATION_S = 60;
const MIN_DURATION_S = 1;

function clampDuration(value: number): number {
  if (!Number.isFinite(value)) return 5;
  return Math.min(MAX_DURATION_S, Math.max(MIN_DURATION_S, value));
}

export function CapturePanel({ node }: { node: NodeView }) {
  const { client } = useConsole();
  const [state, store] = useProfileStore();
  const parser = useProfileParser();
  const [kind, setKind] = useState<ProfileKind>('cpu');
  const [duration, setDuration] = useState('5');
  const capture = state.captures.get(node.id);
  const running = capture !== undefined && capture.error === undefined;
  const status = useQuery({
    queryKey: ['profiles.status', node.id],
    queryFn: () => client.request('profiles.status', { nodeId: node.id }),
    refetchInterval: 2000,
    enabled: node.status === 'running' && !running,
  });
  const busyElsewhere = !running && status.data?.running === true;
  const durationS = clampDuration(Number(duration));

  const start = () => {
    const startedAt = Date.now();
    void store.capture(node.id, kind, durationS, async (): Promise<Profile> => {
      const options = { id: store.newId(), name: captureName(node.name, kind, durationS, startedAt) };
      try {
        const document = kind === 'cpu' ? await client.request('profiles.cpu', { nodeId: node.id, durationS }) : await client.request('profiles.heap', { nodeId: node.id, durationS });
        const profile = await parser.parseCapture(kind, document, options.name);
        return { ...profile, id: options.id, capturedAt: startedAt };
      } catch (error) {
        throw captureError(error);
      }
    });
  };

  return (
    <section className="capture-panel" aria-label="Profile this node">
      <form
        className="capture-form"
        onSubmit={(event) => {
          event.preventDefault();
          start();
        }}
      >
        <div className="segmented" role="radiogroup" aria-label="Profile kind">
          {(['cpu', 'heap'] as const).map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? 'on' : ''} disabled={running} onClick={() => setKind(k)}>
              {KIND_LABEL[k]}
            </button>
          ))}
        </div>
        <label>
          Duration (s)
          <input
            type="number"
            min={MIN_DURATION_S}
            max={MAX_DURATION_S}
            step="any"
            value={duration}
            disabled={running}
            onChange={(e) => setDuration(e.target.value)}
            onBlur={() => setDuration(String(durationS))}
            data-testid="profile-duration"
          />
        </label>
        <button type="submit" className="button primary" disabled={running || busyElsewhere || node.status !== 'running'}>
          Profile this node
        </button>
        {node.status !== 'running' ? <span className="muted small">Start the node to profile it.</span> : null}
        {busyElsewhere && status.data?.startedAt !== undefined ? (
          <span className="warn-text small" role="status">
            The node is already taking a {status.data.kind === 'heap' ? 'heap' : 'CPU'} profile (started {formatClock(status.data.startedAt).slice(0, 8)}
            {status.data.durationS !== undefined ? `, ${status.data.durationS} s` : ''}); one runs at a time.
          </span>
        ) : null}
      </form>
      {running ? <CaptureProgress kind={capture.kind} durationS={capture.durationS} startedAt={capture.startedAt} /> : null}
      {capture?.error !== undefined ? (
        <div className="capture-error error-text" role="alert" data-testid="capture-error">
          <span>
            The {KIND_LABEL[capture.kind]} profile failed: {capture.error}
          </span>
          <button type="button" className="button small ghost" onClick={() => store.dismissCaptureError(node.id)}>
            Dismiss
          </button>
        </div>
      ) : null}
    </section>
  );
}

function CaptureProgress({ kind, durationS, startedAt }: { kind: ProfileKind; durationS: number; startedAt: number }) {
  const now = useNow(250);
  const elapsedS = (now - startedAt) / 1000;
  const left = Math.max(0, Math.ceil(durationS - elapsedS));
  const share = Math.min(1, elapsedS / durationS);
  return (
    <div className="capture-progress" data-testid="capture-progress">
      <progress max={1} value={share} aria-label={`${KIND_LABEL[kind]} profile progress`} />
      <span className="small" role="status">
        {left > 0 ? `Sampling ${KIND_LABEL[kind] === 'CPU' ? 'stacks' : 'allocations'}… ${left} s left` : 'Collecting the profile from the node…'}
      </span>
    </div>
  );
}
