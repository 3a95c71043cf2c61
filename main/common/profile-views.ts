// On-demand profiles as the console carries them: a CPU profile (.cpuprofile) or a sampling heap
// profile of one node, taken by the node itself (admin contract profiles.ts) for durationS seconds.
// The request lasts that long; the console core waits for it with a time limit to match.
import type { CpuProfile as NodeCpuProfile, HeapProfile as NodeHeapProfile, ProfileStatus as NodeProfileStatus } from '../../embedded-server/admin/contract/profiles.js';

export type { CpuProfileNode, HeapProfileNode, ProfileCallFrame } from '../../embedded-server/admin/contract/profiles.js';

export type CpuProfile = NodeCpuProfile;
export type HeapProfile = NodeHeapProfile;
export type ProfileStatus = NodeProfileStatus;

/**
 * Bounds the console applies before asking the node (the node also refuses more than its own
 * [profiling] max_duration_s, 60 s by default). Repeated here so the renderer needs no node import.
 */
export const PROFILE_LIMITS = {
  minDurationS: 0.1,
  maxDurationS: 600,
  minSamplingIntervalUs: 10,
  maxSamplingIntervalUs: 1_000_000,
  minSamplingIntervalBytes: 64,
  maxSamplingIntervalBytes: 64 * 1024 * 1024,
} as const;

export interface CpuProfileRequest {
  nodeId: string;
  durationS: number;
  /** Microseconds between stack samples (node default 1000). */
  samplingIntervalUs?: number;
}

export interface HeapProfileRequest {
  nodeId: string;
  durationS: number;
  /** Mean bytes allocated between samples (node default 32768). */
  samplingIntervalBytes?: number;
}
