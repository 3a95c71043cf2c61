// A node's status as a coloured dot with its name for screen readers and tooltips; colour is never
// the only signal (the overview spells the status out).
import type { NodeStatus } from '../../main/common/console-api.js';

export const STATUS_LABEL: Record<NodeStatus, string> = {
  starting: 'Starting',
  running: 'Running',
  stopping: 'Stopping',
  stopped: 'Stopped',
  crashed: 'Crashed',
  unreachable: 'Unreachable',
};

export function StatusDot({ status, warn = false }: { status: NodeStatus; warn?: boolean }) {
  const label = STATUS_LABEL[status] + (warn ? ' (a figure is out of range)' : '');
  return <span className={`status-dot status-${status}${warn ? ' warn' : ''}`} role="img" aria-label={label} title={label} />;
}
