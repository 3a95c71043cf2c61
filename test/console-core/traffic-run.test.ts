// The traffic generator's clients against a real node over real sockets: plain and with STARTTLS
// required. The node's admin API is not needed here: users are made in its storage.
import { afterEach, describe, expect, it } from 'vitest';
import { TrafficRun, type TrafficTarget } from '../../main/core/traffic/traffic-run.js';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { waitFor } from './console-test-env.js';

let node: TestNode | undefined;
afterEach(async () => {
  await node?.stop();
  node = undefined;
});

function targetOf(n: TestNode): TrafficTarget {
  return {
    nodeId: 'n1',
    host: '127.0.0.1',
    port: n.tcpPort,
    domain: n.domain,
    ensureUser: async (jid, password) => void (await n.addUser(jid.split('@')[0], password)),
  };
}

describe('TrafficRun', () => {
  it('delivers messages between its users and reports an achieved rate', async () => {
    node = await startTestNode();
    const run = new TrafficRun(targetOf(node), { users: 5, ratePerSec: 50, maxDurationS: 60, password: 'traffic-secret' });
    await run.start();
    expect(run.status()).toMatchObject({ running: true, phase: 'sending', connected: 5, targetRate: 50 });
    const status = await waitFor('an achieved rate', () => {
      const s = run.status();
      return s.received > 20 && s.achievedRate > 0 ? s : undefined;
    });
    expect(status.sent).toBeGreaterThanOrEqual(status.received);
    expect(status.errors).toBe(0);
    await run.stop();
    expect(run.status()).toMatchObject({ running: false, phase: 'stopped', endedBecause: 'stopped', connected: 0 });
  });

  it('negotiates STARTTLS when the node requires it', async () => {
    node = await startTestNode({ tlsMode: 'starttls_required' });
    const run = new TrafficRun(targetOf(node), { users: 2, ratePerSec: 20, maxDurationS: 60, password: 'traffic-secret' });
    await run.start();
    await waitFor('messages over TLS', () => run.status().received > 5);
    await run.stop();
    expect(run.status().lastError).toBeNull();
  });

  it('stops by itself at its maximum duration', async () => {
    node = await startTestNode();
    const run = new TrafficRun(targetOf(node), { users: 2, ratePerSec: 10, maxDurationS: 1, password: 'traffic-secret' });
    await run.start();
    await waitFor('the run to end', () => !run.status().running, 10_000);
    expect(run.status().endedBecause).toBe('max_duration');
  });

  it('ends with node_stopped when the node goes away, and says why it failed to log in', async () => {
    node = await startTestNode();
    const run = new TrafficRun(targetOf(node), { users: 2, ratePerSec: 10, maxDurationS: 60, password: 'traffic-secret' });
    await run.start();
    await node.stop();
    node = undefined;
    await waitFor('the run to notice', () => !run.status().running, 10_000);
    expect(run.status().endedBecause).toBe('node_stopped');

    node = await startTestNode();
    const wrong: TrafficTarget = { ...targetOf(node), ensureUser: async () => {} };
    const failed = new TrafficRun(wrong, { users: 2, ratePerSec: 10, maxDurationS: 60, password: 'nobody' });
    await failed.start();
    expect(failed.status()).toMatchObject({ running: false, endedBecause: 'failed' });
    expect(failed.status().lastError).toMatch(/refused|not-authorized|failure/);
  });
});
