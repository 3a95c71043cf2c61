import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { RosterItem, RosterStore, Storage } from '../../storage/storage.js';
import { StorageMetrics } from './storage-metrics.js';

/** A store whose methods live on its prototype and read `this`, like a class-based adapter would. */
class CountingRosterStore implements RosterStore {
  calls = 0;
  async get(user: string) {
    this.calls++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { version: '1', items: [{ jid: `${user}-contact`, subscription: 'both' as const, askOut: false, pendingIn: false, approved: false, groups: [] }] };
  }
  async getItem(): Promise<RosterItem | undefined> {
    throw new Error('disk on fire');
  }
  async setItem() {
    return '2';
  }
  async removeItem() {
    return undefined;
  }
}

function fakeStorage(rosters: CountingRosterStore): Storage {
  return {
    backend: 'fake',
    users: {
      create: async () => {},
      createMany: async (users) => users.length,
      delete: async () => true,
      exists: async (jid) => jid === 'alice@localhost',
      getCredentials: async () => undefined,
      setCredentials: async () => true,
      list: async () => [],
      count: async () => 1,
    },
    rosters,
    offline: { store: async () => {}, count: async () => 0, takeAll: async () => [] },
    vcards: { get: async () => undefined, set: async () => {} },
    privateStorage: { get: async () => undefined, set: async () => {} },
    blocklists: { get: async () => [], add: async (_u, jids) => jids, remove: async () => [], clear: async () => [] },
    close: async () => {},
  };
}

async function values(registry: Registry, name: string) {
  return (await registry.getSingleMetric(name)!.get()).values as { value: number; labels: Record<string, string | number>; metricName?: string }[];
}

describe('StorageMetrics.instrument', () => {
  it('times every store method by "store.method" and passes results, errors and `this` through', async () => {
    const registry = new Registry();
    const rosters = new CountingRosterStore();
    const storage = new StorageMetrics(registry).instrument(fakeStorage(rosters));

    expect(storage.backend).toBe('fake');
    expect(await storage.users.exists('alice@localhost')).toBe(true);
    expect(await storage.users.exists('bob@localhost')).toBe(false);
    const roster = await storage.rosters.get('alice@localhost');
    expect(roster.items[0].jid).toBe('alice@localhost-contact');
    expect(rosters.calls).toBe(1);
    await expect(storage.rosters.getItem('a', 'b')).rejects.toThrow('disk on fire');

    const durations = await values(registry, 'storage_query_duration_seconds');
    const count = (op: string) => durations.find((v) => v.metricName === 'storage_query_duration_seconds_count' && v.labels.op === op)?.value;
    const sum = (op: string) => durations.find((v) => v.metricName === 'storage_query_duration_seconds_sum' && v.labels.op === op)?.value;
    expect(count('users.exists')).toBe(2);
    expect(count('rosters.get')).toBe(1);
    expect(count('rosters.getItem')).toBe(1);
    // rosters.get waited ~5 ms: timing runs until the promise settles, not until the call returns.
    expect(sum('rosters.get')).toBeGreaterThan(0.003);
    // Operations never called are not listed.
    expect(count('vcards.get')).toBeUndefined();

    const errors = await values(registry, 'storage_query_errors_total');
    expect(errors).toEqual([{ value: 1, labels: { op: 'rosters.getItem' } }]);
  });

  it('counts synchronous throws as errors too', async () => {
    const registry = new Registry();
    const base = fakeStorage(new CountingRosterStore());
    const storage = new StorageMetrics(registry).instrument({
      ...base,
      vcards: {
        get: () => {
          throw new Error('bad argument');
        },
        set: async () => {},
      },
    });
    expect(() => storage.vcards.get('x')).toThrow('bad argument');
    expect(await values(registry, 'storage_query_errors_total')).toEqual([{ value: 1, labels: { op: 'vcards.get' } }]);
  });

  it('close and other top-level members still reach the original storage', async () => {
    let closed = false;
    const base = fakeStorage(new CountingRosterStore());
    const storage = new StorageMetrics(new Registry()).instrument({ ...base, close: async () => void (closed = true) });
    await storage.close();
    expect(closed).toBe(true);
  });
});
