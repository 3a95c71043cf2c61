// The V8 documents the node's admin API returns, as the console contract gives them
// (main/common/profile-views.ts): Chrome DevTools .cpuprofile (Profiler.Profile) and the sampling
// heap profile (HeapProfiler.SamplingHeapProfile).
// V8 numbers lines and columns from 0 (-1 when unknown); Frame numbers them from 1 (0 when unknown).
import type {
  CpuProfile as NodeCpuProfile,
  CpuProfileNode as NodeCpuProfileNode,
  HeapProfile,
  HeapProfileNode,
  ProfileCallFrame,
} from '../../../main/common/profile-views.js';
import type { FrameTable } from './frames.js';
import type { Frame } from './types.js';

export type { HeapProfile, HeapProfileNode, ProfileCallFrame };

/** Chrome trace "ProfileChunk" nodes name their parent instead of their children. */
export interface CpuProfileNode extends NodeCpuProfileNode {
  parent?: number;
}

/** The contract's .cpuprofile, read leniently: nodes may also come from a Chrome trace. */
export interface CpuProfile extends Omit<NodeCpuProfile, 'nodes'> {
  nodes: CpuProfileNode[];
}

interface SeenFrame {
  name: unknown;
  url: unknown;
  index: number;
}

/**
 * Interns V8 call frames into a FrameTable. V8 gives every node its own call frame, so a profile of
 * 100,000 nodes brings 100,000 name and URL strings, and hashing them all (FrameTable's lookup) was
 * the parser's largest cost. A script id and position are cheap to hash and nearly always the same
 * function: the frame last seen there is tried first, its name and URL compared rather than hashed.
 */
export class CallFrameInterner {
  private readonly seen = new Map<unknown, Map<number, SeenFrame>>();

  constructor(private readonly table: FrameTable) {}

  intern(callFrame: ProfileCallFrame): number {
    const line = typeof callFrame.lineNumber === 'number' && callFrame.lineNumber >= 0 ? callFrame.lineNumber + 1 : 0;
    const column = typeof callFrame.columnNumber === 'number' && callFrame.columnNumber >= 0 ? callFrame.columnNumber + 1 : 0;
    let byPosition = this.seen.get(callFrame.scriptId);
    if (byPosition === undefined) this.seen.set(callFrame.scriptId, (byPosition = new Map()));
    const position = positionKey(line, column);
    const last = byPosition.get(position);
    if (last !== undefined && last.name === callFrame.functionName && last.url === callFrame.url) return last.index;
    const index = this.table.intern(String(callFrame.functionName ?? ''), String(callFrame.url ?? ''), line, column);
    byPosition.set(position, { name: callFrame.functionName, url: callFrame.url, index });
    return index;
  }
}

/**
 * One number per line and column: a small integer for ordinary positions (V8 keys a Map on those
 * without boxing or hashing a double, twice as fast on a cold parse), a negative double otherwise
 * (a minified bundle's long lines), so the two ranges never meet.
 */
function positionKey(line: number, column: number): number {
  return line < 0x4000 && column < 0x10000 ? line * 0x10000 + column : -(line * 0x100000000 + column) - 1;
}

/** The V8 call frame of a Frame (no script id: '0', as V8 gives native frames). */
export function toCallFrame(frame: Frame | undefined): ProfileCallFrame {
  if (!frame) return { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 };
  return {
    functionName: frame.name === '(anonymous)' ? '' : frame.name,
    scriptId: '0',
    url: frame.file,
    lineNumber: frame.line - 1,
    columnNumber: frame.column - 1,
  };
}
