// The console's traffic generator: at most one run per node, started and stopped from the UI, and
// stopped when its node stops. Users are created through the node's admin API (traffic-N@domain,
// one password per console process; an account left by an earlier console is re-created).
import { randomBytes } from 'node:crypto';
import { usersCreate, usersDelete } from '../../../embedded-server/admin/contract/users.js';
import { ConsoleCallError } from '../../common/console-errors.js';
import type { NodeChange } from '../../common/node-views.js';
import type { TrafficStartRequest, TrafficStatus } from '../../common/traffic-views.js';
import type { NodeHandle, NodeRegistry } from '../registry/node-registry.js';
import { TrafficRun, type TrafficTarget } from './traffic-run.js';

export const TRAFFIC_LIMITS = { minUsers: 2, maxUsers: 500, minRate: 0.1, maxRate: 5000, maxDurationS: 3600 } as const;

function idle(nodeId: string): TrafficStatus {
  return {
    nodeId,
    running: false,
    phase: 'idle',
    users: 0,
    connected: 0,
    targetRate: 0,
    achievedRate: 0,
    sent: 0,
    received: 0,
    errors: 0,
    lastError: null,
    startedAt: null,
    endedBecause: null,
  };
}

export class TrafficGenerator {
  private readonly runs = new Map<string, TrafficRun>();
  private readonly password = randomBytes(12).toString('base64url');
  /** Accounts made by this process (with this.password), so a second run skips them. */
  private readonly made = new Set<string>();
  private readonly stopWatching: () => void;

  constructor(private readonly registry: NodeRegistry) {
    this.stopWatching = registry.onChange((change) => this.onNodeChange(change));
  }

  /** Starts a run; resolves once its clients are connected and sending (or the run failed). */
  async start(req: TrafficStartRequest): Promise<TrafficStatus> {
    const handle = this.registry.require(req.nodeId);
    const view = handle.view();
    if (view.status !== 'running') throw new ConsoleCallError({ code: 'conflict', message: `node ${view.name} is ${view.status}` });
    if (this.runs.get(req.nodeId)?.running) throw new ConsoleCallError({ code: 'conflict', message: `traffic is already running on ${view.name}` });
    if (view.ports.c2s === null) throw new ConsoleCallError({ code: 'conflict', message: `node ${view.name} has no c2s listener` });
    const run = new TrafficRun(this.target(handle, view.ports.c2s, view.hosts[0] ?? 'localhost'), {
      users: req.users,
      ratePerSec: req.ratePerSec,
      maxDurationS: Math.min(req.maxDurationS ?? TRAFFIC_LIMITS.maxDurationS, TRAFFIC_LIMITS.maxDurationS),
      password: this.password,
    });
    this.runs.set(req.nodeId, run);
    await run.start();
    return run.status();
  }

  async stop(nodeId: string): Promise<TrafficStatus> {
    const run = this.runs.get(nodeId);
    if (run === undefined) return idle(nodeId);
    await run.stop('stopped');
    return run.status();
  }

  status(nodeId: string): TrafficStatus {
    this.registry.require(nodeId);
    return this.runs.get(nodeId)?.status() ?? idle(nodeId);
  }

  async close(): Promise<void> {
    this.stopWatching();
    await Promise.all([...this.runs.values()].map((run) => run.stop('stopped')));
  }

  private onNodeChange(change: NodeChange): void {
    const nodeId = change.kind === 'removed' ? change.nodeId : change.node.id;
    const run = this.runs.get(nodeId);
    if (run === undefined || !run.running) return;
    if (change.kind === 'removed' || (change.node.status !== 'running' && change.node.status !== 'unreachable')) void run.stop('node_stopped');
  }

  private target(handle: NodeHandle, port: number, domain: string): TrafficTarget {
    return {
      nodeId: handle.id,
      host: '127.0.0.1',
      port,
      domain,
      ensureUser: async (jid, password) => {
        const key = `${handle.id}\n${jid}`;
        if (this.made.has(key)) return;
        try {
          await handle.admin.call(usersCreate, { body: { jid, password } });
        } catch (error) {
          const nodeCode = error instanceof ConsoleCallError ? (error.details as { nodeCode?: string } | undefined)?.nodeCode : undefined;
          if (nodeCode !== 'conflict') throw error;
          // Made by an earlier console with another password: make it again with ours.
          await handle.admin.call(usersDelete, { params: { jid } });
          await handle.admin.call(usersCreate, { body: { jid, password } });
        }
        this.made.add(key);
      },
    };
  }
}
