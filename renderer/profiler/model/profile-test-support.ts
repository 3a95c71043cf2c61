// For the model's tests: call trees written and read as short strings, so an expected tree fits
// on one line. "a(3)[b(2),c(1)]" is frame a with total 3 and children b and c.
import { fromFolded } from './parse-folded.js';
import type { CallNode, FlameLayout, Profile } from './types.js';

/** A profile from folded lines: folded('a;b 2', 'a;c 1'). */
export function folded(...lines: string[]): Profile {
  return fromFolded(lines.join('\n'), { id: 'test', name: 'test' });
}

/** The tree as "name(total)[children]", children in their order; the synthetic root as "*". */
export function treeShape(profile: Pick<Profile, 'frames'>, node: CallNode): string {
  const name = node.frame === -1 ? '*' : profile.frames[node.frame].name;
  const children = node.children.length > 0 ? `[${node.children.map((child) => treeShape(profile, child)).join(',')}]` : '';
  return `${name}(${round(node.total)})${children}`;
}

/** The rectangles as "depth:name@start+width", in layout order. */
export function layoutRows(profile: Pick<Profile, 'frames'>, layout: FlameLayout): string[] {
  const rows: string[] = [];
  for (let i = 0; i < layout.count; i++) {
    rows.push(`${layout.depth[i]}:${profile.frames[layout.frame[i]].name}@${round(layout.start[i])}+${round(layout.width[i])}`);
  }
  return rows;
}

/** Checks the FlameLayout contract: sorted by depth then start, children inside their parent's row span. */
export function layoutIsSorted(layout: FlameLayout): boolean {
  for (let i = 1; i < layout.count; i++) {
    if (layout.depth[i] < layout.depth[i - 1]) return false;
    if (layout.depth[i] === layout.depth[i - 1] && layout.start[i] < layout.start[i - 1] + layout.width[i - 1] - 1e-6) return false;
  }
  return true;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
