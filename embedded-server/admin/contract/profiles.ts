// Admin API: on-demand profiles of the live node. A CPU profile is a Chrome DevTools .cpuprofile
// document (open it in Chrome DevTools, speedscope or VS Code); a heap profile is V8's sampling
// heap profile (allocations still live at the end, sampled). One capture runs at a time (busy
// otherwise), for at most [profiling] max_duration_s.
import * as z from 'zod';
import { endpoint } from './define.js';

export interface ProfileCallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  /** 0-based. */
  lineNumber: number;
  /** 0-based. */
  columnNumber: number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: ProfileCallFrame;
  hitCount?: number;
  children?: number[];
  deoptReason?: string;
  positionTicks?: { line: number; ticks: number }[];
}

/** The .cpuprofile format: a call tree, the node id of each sample and the µs between samples. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  /** Microseconds, on V8's monotonic clock. */
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HeapProfileNode {
  callFrame: ProfileCallFrame;
  /** Bytes allocated by this frame itself and still sampled live at the end. */
  selfSize: number;
  id?: number;
  children: HeapProfileNode[];
}

export interface HeapProfile {
  head: HeapProfileNode;
  samples?: { size: number; nodeId: number; ordinal: number }[];
}

export type ProfileKind = 'cpu' | 'heap';

export interface ProfileStatus {
  running: boolean;
  kind?: ProfileKind;
  /** Epoch milliseconds. */
  startedAt?: number;
  /** The duration the running capture asked for. */
  durationS?: number;
}

/** Seconds; fractions allowed. The node refuses more than [profiling] max_duration_s. */
const durationS = z.number({ error: 'expected duration_s, a number of seconds' }).positive({ error: 'expected a positive duration_s' });

export const cpuProfileBody = z.strictObject({
  duration_s: durationS,
  /** Microseconds between stack samples (default 1000); smaller is finer and costs more. */
  sampling_interval_us: z.number().int().min(10).max(1_000_000).optional(),
});

export const heapProfileBody = z.strictObject({
  duration_s: durationS,
  /** Mean bytes allocated between samples (default 32768). */
  sampling_interval_bytes: z.number().int().min(64).max(64 * 1024 * 1024).optional(),
});

export const profilesCpu = endpoint<CpuProfile>()({
  name: 'profiles.cpu',
  method: 'POST',
  path: '/api/profiles/cpu',
  summary: 'Samples the node for duration_s seconds and returns a .cpuprofile (as an attachment)',
  body: cpuProfileBody,
});

export const profilesHeap = endpoint<HeapProfile>()({
  name: 'profiles.heap',
  method: 'POST',
  path: '/api/profiles/heap',
  summary: 'Samples allocations for duration_s seconds and returns the sampling heap profile (as an attachment)',
  body: heapProfileBody,
});

export const profilesStatus = endpoint<ProfileStatus>()({
  name: 'profiles.status',
  method: 'GET',
  path: '/api/profiles/status',
  summary: 'Whether a profile is being taken, which kind, since when and for how long',
});
