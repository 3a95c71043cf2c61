// Admin API handlers for on-demand profiles (contract: admin/contract/profiles.ts).
import { profilesCpu, profilesHeap, profilesStatus } from '../contract/profiles.js';
import type { Profiler } from '../../observability/profiling/profiler.js';
import { ProfilerError } from '../../observability/profiling/profiler.js';
import { AdminError } from '../server/admin-error.js';
import { RawResponse, type RouteTable } from '../server/route-table.js';

export interface ProfilesRoutesDeps {
  profiler: Profiler;
  /** Names the downloaded file, e.g. "node1". */
  nodeName: string;
  now?: () => number;
}

function asAdminError(err: unknown): unknown {
  return err instanceof ProfilerError ? new AdminError(err.code, err.message) : err;
}

/** "node1-20261122T084701Z.cpuprofile": sorts by time and opens in DevTools by its extension. */
export function profileFileName(nodeName: string, kind: 'cpu' | 'heap', at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${nodeName}-${stamp}.${kind === 'cpu' ? 'cpuprofile' : 'heapprofile'}`;
}

function attachment(body: unknown, fileName: string): RawResponse {
  return new RawResponse(JSON.stringify(body), 'application/json; charset=utf-8', 200, {
    'content-disposition': `attachment; filename="${fileName}"`,
  });
}

export function registerProfilesRoutes(routes: RouteTable, deps: ProfilesRoutesDeps): void {
  const now = deps.now ?? Date.now;
  routes.add(profilesCpu, async ({ body }) => {
    const startedAt = now();
    try {
      const profile = await deps.profiler.cpu(body.duration_s, { samplingIntervalUs: body.sampling_interval_us });
      return attachment(profile, profileFileName(deps.nodeName, 'cpu', startedAt));
    } catch (err) {
      throw asAdminError(err);
    }
  });
  routes.add(profilesHeap, async ({ body }) => {
    const startedAt = now();
    try {
      const profile = await deps.profiler.heap(body.duration_s, { samplingInterval: body.sampling_interval_bytes });
      return attachment(profile, profileFileName(deps.nodeName, 'heap', startedAt));
    } catch (err) {
      throw asAdminError(err);
    }
  });
  routes.add(profilesStatus, () => deps.profiler.status());
}
