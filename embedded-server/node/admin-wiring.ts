// The admin API of a running node: every area's routes in one table, served on [listen.admin] with
// the node's token. Order matters where paths overlap (/api/processes/top before /api/processes/:pid,
// /api/traces/stats before /api/traces/:traceId): each area registers its own fixed paths first.
import type { Logger } from 'pino';
import { parseJid } from '../base/jid.js';
import { startAdminServer, type AdminServer } from '../admin/server/admin-server.js';
import { ensureAdminToken } from '../admin/server/admin-token.js';
import { RouteTable } from '../admin/server/route-table.js';
import { registerConsoleRoutes } from '../admin/routes/console-routes.js';
import { registerLogsRoutes } from '../admin/routes/logs-routes.js';
import { registerMetricsRoutes } from '../admin/routes/metrics-routes.js';
import { registerNodeRoutes } from '../admin/routes/node-routes.js';
import { registerProcessesRoutes } from '../admin/routes/processes-routes.js';
import { registerProfilesRoutes } from '../admin/routes/profiles-routes.js';
import { kickSessions, registerSessionsRoutes } from '../admin/routes/sessions-routes.js';
import { registerTracesRoutes } from '../admin/routes/traces-routes.js';
import { registerUsersRoutes } from '../admin/routes/users-routes.js';
import type { Session } from '../core/sessions.js';
import type { NodeMetrics } from '../observability/metrics/node-metrics.js';
import { createProfiler, type Profiler } from '../observability/profiling/profiler.js';
import type { NodeObservability } from './observability.js';
import type { RunningNode } from './start-node.js';

export type NodeCore = Omit<RunningNode, 'admin' | 'stop' | 'metrics' | 'observability'>;

export interface AdminParts {
  node: NodeCore;
  /** Undefined when [metrics] enabled = false: /metrics and the history endpoints are then absent. */
  metrics: NodeMetrics | undefined;
  observability: NodeObservability | undefined;
  modules: readonly string[];
  log: Logger;
}

export function buildAdminRoutes(parts: AdminParts, profiler: Profiler): RouteTable {
  const { node, metrics, observability, log } = parts;
  const { config, runtime, sessions, storage, router, hooks, listeners, startedAt, c2s } = node;
  const routes = new RouteTable();
  registerNodeRoutes(routes, { config, runtime, sessions, listeners, startedAt, modules: parts.modules });
  registerSessionsRoutes(routes, { config, sessions, runtime, router, log });
  registerUsersRoutes(routes, { config, storage, sessions, runtime, hooks, log });
  registerProcessesRoutes(routes, { runtime, log });
  if (metrics !== undefined) registerMetricsRoutes(routes, { registry: metrics.registry, history: metrics.history });
  if (observability !== undefined) {
    registerLogsRoutes(routes, { ring: observability.logging.ring, levels: observability.logging.levels });
    if (observability.tracing !== undefined) registerTracesRoutes(routes, { tracing: observability.tracing });
  }
  registerProfilesRoutes(routes, { profiler, nodeName: config.general.node_name });
  registerConsoleRoutes(routes, {
    nodeName: config.general.node_name,
    runtime,
    sessions,
    storage,
    c2sCounters: c2s.counters,
    log,
    kick: (jid) => {
      const target = parseJid(jid);
      const bare = target.bareString();
      const found: Session[] =
        target.resource === '' ? [...sessions.resources(bare)] : [sessions.get(bare, target.resource)].filter((s): s is Session => s !== undefined);
      return kickSessions({ runtime, log }, found, 'console').kicked.length;
    },
    metrics: () => (metrics === undefined ? { enabled: false } : { history_points: metrics.history.size, series: metrics.history.series().length }),
  });
  return routes;
}

export interface RunningAdmin {
  server: AdminServer;
  routes: RouteTable;
  tokenPath: string;
  profiler: Profiler;
  close(): Promise<void>;
}

export async function startNodeAdmin(parts: AdminParts): Promise<RunningAdmin | undefined> {
  const listen = parts.node.config.listen.admin;
  if (listen === undefined) return undefined;
  const { token, path, created } = ensureAdminToken(parts.node.config.general.data_dir);
  const profiler = createProfiler({ maxDurationS: parts.node.config.profiling.max_duration_s, log: parts.log });
  const routes = buildAdminRoutes(parts, profiler);
  const server = await startAdminServer({ host: listen.host, port: listen.port, token, routes, log: parts.log });
  if (created) parts.log.info({ what: 'admin_token_created', path });
  parts.log.info({ what: 'listener_ready', listener: 'admin', host: server.host, port: server.port, token_file: path });
  return {
    server,
    routes,
    tokenPath: path,
    profiler,
    async close() {
      profiler.finishEarly();
      await server.close();
    },
  };
}
