// The profiler model's public API: parsers, layouts, search, sandwich, diff, export and the
// synthetic profile generator. Pure TypeScript (no DOM, no Node), so it also runs in a worker.
export type { CallNode, FlameLayout, Frame, Profile, ProfileKind, SourceFormat, TimelineSample, WeightUnit } from './types.js';
export type { CpuProfile, CpuProfileNode, HeapProfile, HeapProfileNode, ProfileCallFrame } from './v8-formats.js';
export { ProfileFormatError } from './profile-error.js';
export type { ParseOptions } from './parse-options.js';
export { ACCEPTED_FORMATS, parseProfileFile, parseProfilesInFile, type FilePart, type ParseFileOptions } from './parse-file.js';
export { fromCpuProfile } from './parse-cpuprofile.js';
export { fromHeapProfile } from './parse-heapprofile.js';
export { fromSpeedscope, speedscopeProfileNames, type SpeedscopeOptions } from './parse-speedscope.js';
export { fromFolded } from './parse-folded.js';
export { leftHeavyLayout, MAX_DEPTH, timeOrderLayout, treeLayout, type TreeLayoutOptions } from './layout.js';
export { searchProfile, type SearchResult } from './search.js';
export { calleesTree, callersTree, functionTable, type FunctionRow } from './sandwich.js';
export { diffProfiles, type FrameChange, type ProfileDiff, type VanishedPath } from './diff.js';
export { SAMPLE_INTERVAL_US, toCpuProfile, toHeapProfile } from './export.js';
export { packProfile, unpackProfile, type PackedProfile } from './packed-profile.js';
export { syntheticProfile, type SyntheticOptions } from './synthetic.js';
