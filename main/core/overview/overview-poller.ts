// Keeps the overview fresh: every interval, for each node that should be up, one GET /api/node
// (health, uptime, version) and one read of the last seconds of its metrics history. A node that
// stops answering is reported unreachable to its handle; one that answers again, running.
import { nodeInfo } from '../../../embedded-server/admin/contract/node.js';
import { metricsHistory } from '../../../embedded-server/admin/contract/metrics.js';
import { ConsoleCallError } from '../../common/console-errors.js';
import type { NodeOverview } from '../../common/node-views.js';
import type { NodeHandle, NodeRegistry } from '../registry/node-registry.js';
import { OVERVIEW_SERIES, overviewOf, type OverviewSample } from './overview-figures.js';

export interface OverviewPollerOptions {
  intervalMs?: number;
  now?: () => number;
}

function lastSample(timestamps: number[], series: Record<string, (number | null)[]>): OverviewSample | undefined {
  const i = timestamps.length - 1;
  if (i < 0) return undefined;
  const values: OverviewSample['values'] = {};
  for (const [name, column] of Object.entries(series)) values[name] = column[i];
  return { timestamp: timestamps[i], values };
}

export class OverviewPoller {
  private readonly samples = new Map<string, OverviewSample>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly now: () => number;

  constructor(
    private readonly registry: NodeRegistry,
    private readonly options: OverviewPollerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.pollAll(), this.options.intervalMs ?? 1500);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  overview(): NodeOverview[] {
    return this.registry.list().map((handle) => overviewOf(handle.view(), this.samples.get(handle.id)));
  }

  /** One round over every node (also what the timer runs). */
  async pollAll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      await Promise.all(this.registry.list().map((handle) => this.poll(handle)));
    } finally {
      this.polling = false;
    }
  }

  private async poll(handle: NodeHandle): Promise<void> {
    const status = handle.view().status;
    if (status !== 'running' && status !== 'unreachable') {
      this.samples.delete(handle.id);
      return;
    }
    try {
      const [info, history] = await Promise.all([
        handle.admin.call(nodeInfo, {}, { timeoutMs: 3000 }),
        handle.admin.call(metricsHistory, { query: { series: [...OVERVIEW_SERIES], from: Math.max(0, this.now() - 5000), max_points: 10 } }, { timeoutMs: 3000 }),
      ]);
      const sample = lastSample(history.timestamps, history.series);
      if (sample !== undefined) this.samples.set(handle.id, sample);
      const wasUnreachable = status === 'unreachable';
      handle.reachable?.(info);
      if (wasUnreachable || sample !== undefined) this.registry.changed(handle.id);
    } catch (error) {
      // A node mid-stop or mid-crash is not "unreachable"; only a running one that went silent is.
      if (handle.view().status !== 'running') return;
      handle.reachable?.(null, error instanceof ConsoleCallError ? error : new ConsoleCallError({ code: 'node_unreachable', message: String(error) }));
      this.registry.changed(handle.id);
    }
  }
}
