// The profiles.* channels to a real admin server serving the node's own profiles routes over the
// node's real profiler (node:inspector in this process): a CPU and a heap profile come back whole,
// status shows the running capture, and the node's refusals (busy, over max_duration_s) arrive as
// coded errors that say what to do.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerProfilesRoutes } from '../../../embedded-server/admin/routes/profiles-routes.js';
import { startAdminServer, type AdminServer } from '../../../embedded-server/admin/server/admin-server.js';
import { RouteTable } from '../../../embedded-server/admin/server/route-table.js';
import { createProfiler } from '../../../embedded-server/observability/profiling/profiler.js';
import { NodeAdminClient } from '../admin/node-admin-client.js';
import { NodeRegistry } from '../registry/node-registry.js';
import { REQUEST_SCHEMAS } from '../service/request-schemas.js';
import { PROFILE_MARGIN_MS, ProfileRequests, profileTimeoutMs } from './profile-requests.js';

const TOKEN = 'q'.repeat(40);
const MAX_DURATION_S = 3;
let server: AdminServer;
let requests: ProfileRequests;
const registry = new NodeRegistry();

/** Something for the sampler to see. */
function spin(ms: number): number {
  let x = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
}

beforeAll(async () => {
  const log = pino({ level: 'silent' });
  const routes = new RouteTable();
  registerProfilesRoutes(routes, { profiler: createProfiler({ maxDurationS: MAX_DURATION_S, log }), nodeName: 'node1' });
  server = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log });
  // A short default time limit: the profile requests must not be bound by it.
  const admin = new NodeAdminClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: TOKEN, timeoutMs: 500 });
  registry.add({ id: 'n1', admin, view: () => ({ id: 'n1' }) as never });
  requests = new ProfileRequests(registry);
});

afterAll(async () => {
  await server.close();
});

describe('profiles requests', () => {
  it('returns a whole .cpuprofile after the duration, longer than the client default time limit', async () => {
    const pending = requests.cpu({ nodeId: 'n1', durationS: 1, samplingIntervalUs: 500 });
    const timer = setInterval(() => spin(20), 25);
    const profile = await pending.finally(() => clearInterval(timer));
    expect(profile.nodes.length).toBeGreaterThan(1);
    expect(profile.nodes[0].callFrame.functionName).toBe('(root)');
    expect(profile.samples?.length).toBeGreaterThan(0);
    expect(profile.timeDeltas).toHaveLength(profile.samples!.length);
    expect(profile.nodes.map((n) => n.callFrame.functionName)).toContain('spin');
    expect(profile.endTime - profile.startTime).toBeGreaterThan(900_000);
  });

  it('returns a sampling heap profile', async () => {
    const pending = requests.heap({ nodeId: 'n1', durationS: 0.6, samplingIntervalBytes: 1024 });
    const kept: number[][] = [];
    const timer = setInterval(() => kept.push(Array.from({ length: 5000 }, (_, i) => i)), 20);
    const profile = await pending.finally(() => clearInterval(timer));
    expect(profile.head.callFrame.functionName).toBe('(root)');
    expect(profile.head.children.length).toBeGreaterThan(0);
    expect(kept.length).toBeGreaterThan(0);
  });

  it('shows the running capture in status and refuses a second one as a conflict that says to wait', async () => {
    const first = requests.cpu({ nodeId: 'n1', durationS: 1 });
    await expect.poll(() => requests.status({ nodeId: 'n1' })).toMatchObject({ running: true, kind: 'cpu', durationS: 1 });
    const second = await requests.heap({ nodeId: 'n1', durationS: 0.5 }).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already taking a profile.*wait for it to end/) });
    await first;
    expect(await requests.status({ nodeId: 'n1' })).toEqual({ running: false });
  });

  it("refuses a duration over the node's max_duration_s and names the setting", async () => {
    const error = await requests.cpu({ nodeId: 'n1', durationS: MAX_DURATION_S + 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('[profiling] max_duration_s') });
    await expect(requests.cpu({ nodeId: 'nope', durationS: 1 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('waits the duration plus a margin, and checks the bounds before asking the node', () => {
    expect(profileTimeoutMs(5)).toBe(5000 + PROFILE_MARGIN_MS);
    expect(REQUEST_SCHEMAS['profiles.cpu'].safeParse({ nodeId: 'n1', durationS: 0 }).success).toBe(false);
    expect(REQUEST_SCHEMAS['profiles.heap'].safeParse({ nodeId: 'n1', durationS: 5, samplingIntervalBytes: 1 }).success).toBe(false);
    expect(REQUEST_SCHEMAS['profiles.cpu'].safeParse({ nodeId: 'n1', durationS: 5, samplingIntervalUs: 100 }).success).toBe(true);
  });
});
