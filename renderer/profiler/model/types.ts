// The profiler's data model, shared by the parsers (model/), the canvas flame graph (flame/) and
// the view (profiler-view). Every source format (.cpuprofile, V8 sampling heap profile, speedscope
// JSON, folded stacks) becomes one Profile: a table of frames and a call tree whose weights are in
// one unit. The flame graph draws a FlameLayout: flat typed arrays of rectangles, built once per
// view (time order, left heavy, callers/callees, diff), so drawing 100,000 frames allocates nothing.

export type ProfileKind = 'cpu' | 'heap';

/** The unit of every weight in a profile. */
export type WeightUnit = 'microseconds' | 'bytes' | 'samples';

export type SourceFormat = 'cpuprofile' | 'heapprofile' | 'speedscope' | 'folded';

export interface Frame {
  /** Function name; '(anonymous)' when the source gave none. */
  name: string;
  /** Script URL or file path; '' when unknown (native, GC, folded stacks). */
  file: string;
  /** 1-based; 0 when unknown. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  /** Identity used for merging and for the sandwich table: name, file, line and column. */
  key: string;
}

/** A node of a call tree. The root is synthetic (frame -1) and holds the whole weight. */
export interface CallNode {
  /** Index into Profile.frames; -1 for the root. */
  frame: number;
  /** Weight spent in this frame itself. */
  self: number;
  /** self + the children's totals. */
  total: number;
  /** In the order the source gave them (first seen first). */
  children: CallNode[];
}

/** One run of identical stacks in time (time-order view); only sources with samples in time have it. */
export interface TimelineSample {
  /** The leaf of the stack, a node of Profile.root. */
  node: CallNode;
  /** Weight of this sample (µs for a .cpuprofile: its time delta). */
  weight: number;
}

export interface Profile {
  /** Unique within the console session. */
  id: string;
  /** Shown in the list: the file name, or "node-1 CPU 5 s 12:03:04". */
  name: string;
  kind: ProfileKind;
  unit: WeightUnit;
  frames: Frame[];
  root: CallNode;
  /** root.total. */
  total: number;
  /** Samples in the order they were taken, when the source has that order. */
  timeline?: TimelineSample[];
  source: SourceFormat;
  /** The document as read (a .cpuprofile or heap profile object), kept for export unchanged. */
  original?: unknown;
  /** The file it was imported from (its bytes are exported unchanged when they are the V8 document). */
  file?: Blob;
  /** Epoch ms when the capture started, when known. */
  capturedAt?: number;
}

/**
 * Rectangles to draw, sorted by depth and then by start. x is in weight units from 0 to `total`;
 * row `depth` 0 is the outermost frame (the synthetic root is not drawn).
 */
export interface FlameLayout {
  count: number;
  /** Weight units covered by the whole graph (the x axis). */
  total: number;
  /** Deepest row + 1. */
  rows: number;
  start: Float64Array;
  width: Float64Array;
  depth: Uint16Array;
  /** Index into Profile.frames. */
  frame: Int32Array;
  /** Self and total weight of the node a rectangle stands for (tooltip). */
  self: Float64Array;
  nodeTotal: Float64Array;
  /**
   * Diff layouts only: the change of the node's share of its profile's total, after minus before,
   * in [-1, 1] (positive: grew). Colours the rectangle instead of its frame's hue.
   */
  delta?: Float64Array;
}
