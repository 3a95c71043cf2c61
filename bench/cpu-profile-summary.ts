// Reads a V8 .cpuprofile (written by `node --cpu-prof`) and ranks functions by self time, which is
// what the message bench reports when the node falls short of the target rate.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFrame {
  frame: string;
  self_ms: number;
  /** Percent of the busy (non-idle) time. */
  self_pct: number;
}

function describeFrame(frame: ProfileNode['callFrame'], root: string): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  const file = frame.url.startsWith('file://') ? relative(root, new URL(frame.url).pathname) : frame.url;
  return `${name} ${file}:${frame.lineNumber + 1}`;
}

/**
 * The `limit` frames with the most self time, merged by function and location. The profile covers
 * the node's whole life, mostly waiting; percentages are of the busy (non-idle) time.
 */
export function topFrames(profile: CpuProfile, limit: number, root = process.cwd()): HotFrame[] {
  const frameOf = new Map<number, string>();
  for (const node of profile.nodes) frameOf.set(node.id, describeFrame(node.callFrame, root));
  const selfUs = new Map<string, number>();
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const frame = frameOf.get(id) ?? '?';
    if (frame === '(idle)') return;
    const delta = profile.timeDeltas[i] ?? 0;
    busyUs += delta;
    selfUs.set(frame, (selfUs.get(frame) ?? 0) + delta);
  });
  return [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([frame, us]) => ({ frame, self_ms: Math.round(us / 1000), self_pct: busyUs === 0 ? 0 : Math.round((us / busyUs) * 1000) / 10 }));
}

export function topFramesOfFile(file: string, limit: number, root?: string): HotFrame[] {
  return topFrames(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, limit, root);
}
