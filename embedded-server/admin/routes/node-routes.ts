// Admin API handler for the node overview (contract: admin/contract/node.ts).
import { MODULE_SCHEMAS } from '../../config/index.js';
import { NODE_VERSION } from '../../node/version.js';
import { nodeInfo, type NodeInfo } from '../contract/node.js';
import type { RouteTable } from '../server/route-table.js';

export interface NodeRoutesDeps {
  config: {
    general: { node_name: string; hosts: readonly string[] };
    /** [modules.*]: a section present means the module runs. */
    modules: Readonly<Record<string, unknown>>;
  };
  runtime: { count(): number };
  sessions: { count(): number; userCount(): number };
  listeners: readonly { name: string; host: string; port: number }[];
  /** ms since the epoch */
  startedAt: number;
  /** The modules actually running; defaults to what the config enables (start-node's rule). */
  modules?: readonly string[];
  now?: () => number;
}

/** start-node's rule: with no [modules.*] section at all, every module runs with its defaults. */
export function enabledModuleIds(modules: Readonly<Record<string, unknown>>): string[] {
  const configured = Object.entries(modules)
    .filter(([, opts]) => opts !== undefined)
    .map(([id]) => id);
  return configured.length > 0 ? configured : Object.keys(MODULE_SCHEMAS);
}

export function registerNodeRoutes(routes: RouteTable, deps: NodeRoutesDeps): void {
  const now = deps.now ?? Date.now;
  const modules = [...(deps.modules ?? enabledModuleIds(deps.config.modules))];
  routes.add(nodeInfo, (): NodeInfo => {
    const memory = process.memoryUsage();
    return {
      node: deps.config.general.node_name,
      version: NODE_VERSION,
      runtime_version: process.version,
      hosts: [...deps.config.general.hosts],
      started_at_ms: deps.startedAt,
      uptime_s: Math.max(0, Math.floor((now() - deps.startedAt) / 1000)),
      os_pid: process.pid,
      memory: {
        rss_bytes: memory.rss,
        heap_used_bytes: memory.heapUsed,
        heap_total_bytes: memory.heapTotal,
        external_bytes: memory.external,
        array_buffers_bytes: memory.arrayBuffers,
      },
      listeners: deps.listeners.map((l) => ({ name: l.name, host: l.host, port: l.port })),
      modules,
      counts: {
        sessions: deps.sessions.count(),
        users_online: deps.sessions.userCount(),
        processes: deps.runtime.count(),
      },
    };
  });
}
