// The staged start of a local node: spawned → config valid → listeners bound → admin API
// answering. The stage under way is named; a failed stage shows the node's own lines that decided
// it, never a spinner alone.
import type { NodeView, StartStage, StartStageName } from '../../main/common/console-api.js';
import { describeExit } from './describe-exit.js';

export const STAGE_LABEL: Record<StartStageName, string> = {
  spawned: 'Process spawned',
  config_valid: 'Config valid',
  listeners_bound: 'Listeners bound',
  admin_ready: 'Admin API answering',
};

type Shown = 'ok' | 'failed' | 'current' | 'waiting' | 'skipped';

export function stageStates(stages: readonly StartStage[], starting: boolean): Shown[] {
  let sawCurrent = false;
  const failedAt = stages.findIndex((s) => s.status === 'failed');
  return stages.map((stage, i) => {
    if (stage.status === 'ok') return 'ok';
    if (stage.status === 'failed') return 'failed';
    if (failedAt !== -1 && i > failedAt) return 'skipped';
    if (starting && !sawCurrent) {
      sawCurrent = true;
      return 'current';
    }
    return 'waiting';
  });
}

const ICON: Record<Shown, string> = { ok: '✓', failed: '✗', current: '', waiting: '○', skipped: '–' };

export function StartStages({ node }: { node: NodeView }) {
  if (node.kind !== 'local' || node.stages.length === 0) return null;
  const starting = node.status === 'starting';
  const states = stageStates(node.stages, starting);
  const firstAt = node.stages.find((s) => s.at !== null)?.at ?? null;
  const failed = node.stages.find((s) => s.status === 'failed');
  return (
    <section className="start-stages" aria-label="Start stages">
      <ol className="stage-list">
        {node.stages.map((stage, i) => (
          <li key={stage.stage} className={`stage stage-${states[i]}`} data-stage={stage.stage} data-state={states[i]}>
            <span className="stage-icon" aria-hidden="true">
              {states[i] === 'current' ? <span className="spinner" /> : ICON[states[i]]}
            </span>
            <span className="stage-name">{STAGE_LABEL[stage.stage]}</span>
            <span className="stage-time muted">
              {stage.at !== null && firstAt !== null ? `+${((stage.at - firstAt) / 1000).toFixed(1)} s` : states[i] === 'current' ? 'in progress…' : ''}
            </span>
          </li>
        ))}
      </ol>
      {failed !== undefined ? (
        <div className="stage-failure" role="alert">
          <p>
            <strong>{STAGE_LABEL[failed.stage]} failed.</strong> {node.lastError === null ? '' : describeExit(node.lastError)}
          </p>
          {failed.lines !== undefined && failed.lines.length > 0 ? (
            <pre className="output-lines" aria-label="The node's output for this stage">{failed.lines.join('\n')}</pre>
          ) : (
            <p className="muted small">The node printed nothing for this stage; see the process output below.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
