// The profiles.* requests: the node's admin API takes the profile itself (contract profiles.ts); this
// waits for it with a time limit of the capture's duration plus a margin (the admin client's own
// default is seconds), and turns the node's refusals into errors that say what to do: a capture
// already running (busy) and a duration over the node's [profiling] max_duration_s.
import { profilesCpu, profilesHeap, profilesStatus } from '../../../embedded-server/admin/contract/profiles.js';
import { ConsoleCallError } from '../../common/console-errors.js';
import type { CpuProfile, CpuProfileRequest, HeapProfile, HeapProfileRequest, ProfileStatus } from '../../common/profile-views.js';
import type { NodeRegistry } from '../registry/node-registry.js';

/** Time for the node to stop the sampler and send the document after the duration is over. */
export const PROFILE_MARGIN_MS = 30_000;

export function profileTimeoutMs(durationS: number): number {
  return Math.ceil(durationS * 1000) + PROFILE_MARGIN_MS;
}

/** The node's coded refusal (from NodeAdminClient's node_error details), as the console's error. */
export function explainProfileError(error: unknown, nodeId: string, kind: 'CPU' | 'heap'): unknown {
  if (!(error instanceof ConsoleCallError)) return error;
  const details = error.details as { nodeCode?: string } | undefined;
  if (error.code === 'node_error' && details?.nodeCode === 'busy') {
    return new ConsoleCallError({
      code: 'conflict',
      message: `node ${nodeId} is already taking a profile (${error.message}); one runs at a time, so wait for it to end and try again`,
      details: error.details,
    });
  }
  if (error.code === 'node_error' && details?.nodeCode === 'bad_request') {
    const hint = /max_duration_s/.test(error.message) ? "; choose a shorter duration, or raise [profiling] max_duration_s in the node's node.toml" : '';
    return new ConsoleCallError({ code: 'bad_request', message: `node ${nodeId} refused the ${kind} profile: ${error.message}${hint}`, details: error.details });
  }
  if (error.code === 'timeout') {
    return new ConsoleCallError({ code: 'timeout', message: `the ${kind} profile of node ${nodeId} did not come back in time (${error.message}); the node may be overloaded, try a shorter duration` });
  }
  return error;
}

export class ProfileRequests {
  constructor(private readonly registry: NodeRegistry) {}

  async cpu({ nodeId, durationS, samplingIntervalUs }: CpuProfileRequest): Promise<CpuProfile> {
    const admin = this.registry.require(nodeId).admin;
    try {
      return await admin.call(profilesCpu, { body: { duration_s: durationS, sampling_interval_us: samplingIntervalUs } }, { timeoutMs: profileTimeoutMs(durationS) });
    } catch (error) {
      throw explainProfileError(error, nodeId, 'CPU');
    }
  }

  async heap({ nodeId, durationS, samplingIntervalBytes }: HeapProfileRequest): Promise<HeapProfile> {
    const admin = this.registry.require(nodeId).admin;
    try {
      return await admin.call(profilesHeap, { body: { duration_s: durationS, sampling_interval_bytes: samplingIntervalBytes } }, { timeoutMs: profileTimeoutMs(durationS) });
    } catch (error) {
      throw explainProfileError(error, nodeId, 'heap');
    }
  }

  status({ nodeId }: { nodeId: string }): Promise<ProfileStatus> {
    return this.registry.require(nodeId).admin.call(profilesStatus);
  }
}
