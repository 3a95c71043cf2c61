// The two ways in to the profile workspace: #/profiles (every profile of the session, imports) and
// a node's Profiler tab (#/nodes/<id>/profiler), which adds the capture controls for that node.
import type { NodeView } from '../../main/common/console-api.js';
import { CapturePanel } from './capture-panel.js';
import { ProfileWorkspace } from './profile-workspace.js';
import './profiler.css';

export function ProfilesView() {
  return (
    <div className="profiles-view">
      <ProfileWorkspace />
    </div>
  );
}

export function NodeProfilerView({ node }: { node: NodeView }) {
  return (
    <div className="profiles-view">
      <CapturePanel node={node} />
      <ProfileWorkspace nodeName={node.name} />
    </div>
  );
}
