// Assembles a chat node from its config: storage, the process runtime, the core (hooks, sessions,
// router), the enabled modules and the listeners. The CLI's `start` and the tests call this.
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { openSqliteStorage } from '../adapters/sqlite/sqlite-storage.js';
import type { C2sDeps } from '../c2s/c2s-deps.js';
import { newC2sCounters } from '../c2s/c2s-deps.js';
import { ListenError, startTcpListener, startWebSocketListener, type ListenerHandle } from '../c2s/listeners.js';
import type { SaslMechanism } from '../c2s/sasl-exchange.js';
import { loadTlsCredentials } from '../c2s/tls-credentials.js';
import { MODULE_SCHEMAS, storagePath, type ModuleId, type NodeConfig } from '../config/index.js';
import { Hooks } from '../core/hooks.js';
import { IqHandlers } from '../core/iq-handlers.js';
import { ModuleHost } from '../core/module-host.js';
import { Router } from '../core/router.js';
import type { ModuleContext } from '../core/server-module.js';
import { SessionTable } from '../core/sessions.js';
import { NO_METRICS, NO_TELEMETRY, type Telemetry } from '../core/telemetry.js';
import { createNodeMetrics, type NodeMetrics } from '../observability/metrics/node-metrics.js';
import { startNodeAdmin, type RunningAdmin } from './admin-wiring.js';
import type { NodeObservability } from './observability.js';
import { MODULES } from '../modules/index.js';
import { Runtime } from '../runtime/index.js';
import type { Storage } from '../storage/storage.js';
import { NODE_VERSION } from './version.js';

export interface RunningNode {
  readonly config: NodeConfig;
  readonly runtime: Runtime;
  readonly sessions: SessionTable;
  readonly router: Router;
  readonly hooks: Hooks;
  readonly storage: Storage;
  readonly listeners: readonly ListenerHandle[];
  readonly c2s: C2sDeps;
  readonly startedAt: number;
  /** The metrics registry and history; undefined when [metrics] enabled = false. */
  readonly metrics: NodeMetrics | undefined;
  /** The admin API server; undefined when there is no [listen.admin]. */
  readonly admin: RunningAdmin | undefined;
  readonly observability: NodeObservability | undefined;
  /** Closes every stream with <system-shutdown/>, stops listeners, modules and storage. */
  stop(reason?: string): Promise<void>;
}

/** With no [modules.*] section at all, a node runs every module with its defaults. */
function enabledModules(config: NodeConfig): [ModuleId, unknown][] {
  const entries = Object.entries(config.modules).filter(([, opts]) => opts !== undefined) as [ModuleId, unknown][];
  if (entries.length > 0) return entries;
  return (Object.keys(MODULE_SCHEMAS) as ModuleId[]).map((id) => [id, MODULE_SCHEMAS[id].parse({})]);
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

export interface StartNodeOptions {
  now?: () => number;
  /** Logging and tracing made by createNodeObservability; without it the node has no log ring and no tracer. */
  observability?: NodeObservability;
  /** Replaces the telemetry the node would assemble (tests). */
  telemetry?: Telemetry;
}

export async function startNode(config: NodeConfig, log: Logger, opts: StartNodeOptions = {}): Promise<RunningNode> {
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const hosts = config.general.hosts;
  const observability = opts.observability;
  mkdirSync(config.general.data_dir, { recursive: true });
  const runtime = new Runtime({
    onProcessError: (pid, kind, err) => log.error({ what: 'process_crashed', module: 'runtime', pid, kind, err }),
  });
  const sessions = new SessionTable();
  const metrics = config.metrics.enabled
    ? createNodeMetrics({ nodeName: config.general.node_name, runtime, sessions, historySeconds: config.metrics.history_seconds, now })
    : undefined;
  const rawStorage = openSqliteStorage({ path: storagePath(config) });
  const storage = metrics === undefined ? rawStorage : metrics.instrumentStorage(rawStorage);
  const tracing = observability?.tracing;
  const telemetry: Telemetry = opts.telemetry ?? {
    metrics: metrics?.chat ?? NO_METRICS,
    tracer: tracing?.telemetryTracer ?? NO_TELEMETRY.tracer,
    spans: tracing?.spans ?? NO_TELEMETRY.spans,
    withSpan: tracing === undefined ? NO_TELEMETRY.withSpan : tracing.withSpan,
    activeSpan: tracing === undefined ? NO_TELEMETRY.activeSpan : tracing.activeSpan,
  };
  const moduleLog = (name: string): Logger => observability?.logging.moduleLogger(name) ?? log.child({ module: name });
  const hooks = new Hooks((hook, owner, err) => moduleLog('hooks').error({ what: 'hook_handler_failed', hook, server_module: owner, err }));
  const serverIq = new IqHandlers();
  const accountIq = new IqHandlers();
  const router = new Router({
    hosts: new Set(hosts),
    sessions,
    hooks,
    runtime,
    serverIq,
    accountIq,
    userExists: (bare) => storage.users.exists(bare),
    log: moduleLog('router'),
    telemetry,
  });

  const moduleHost = new ModuleHost(hooks, serverIq, accountIq, log);
  for (const [id, options] of enabledModules(config)) {
    const moduleCtx: ModuleContext = { hosts, storage, hooks, router, sessions, runtime, log: moduleLog(id), nodeName: config.general.node_name, version: NODE_VERSION, metrics: telemetry.metrics, now };
    moduleHost.start(MODULES[id], moduleCtx, options);
  }

  const c2sListen = config.listen.c2s;
  const maxStanzaBytes = c2sListen?.max_stanza_size ?? 65536;
  const c2s: C2sDeps = {
    hosts,
    tlsMode: c2sListen?.tls_mode ?? 'none',
    authMethods: config.auth.methods as SaslMechanism[],
    sessions,
    router,
    hooks,
    runtime,
    storage,
    log: moduleLog('c2s'),
    maxMailbox: config.c2s.max_mailbox,
    counters: newC2sCounters(),
    telemetry,
    now,
  };

  const listeners: ListenerHandle[] = [];
  const stopListeners = () => Promise.all(listeners.map((l) => l.close()));
  try {
    if (c2sListen !== undefined) {
      const tls =
        c2sListen.tls_mode === 'none'
          ? undefined
          : await loadTlsCredentials({ certfile: c2sListen.certfile, keyfile: c2sListen.keyfile }, config.general.data_dir, hosts);
      if (tls?.generated) log.info({ what: 'tls_certificate_generated', path: tls.certPath, hosts });
      const listener = await startTcpListener(c2s, {
        host: c2sListen.host,
        port: c2sListen.port,
        secureContext: tls?.context,
        limits: { maxStanzaBytes },
      });
      listeners.push(listener);
      log.info({ what: 'listener_ready', listener: 'c2s', host: listener.host, port: listener.port, tls_mode: c2sListen.tls_mode });
    }
    const ws = config.listen.websocket;
    if (ws !== undefined) {
      const listener = await startWebSocketListener(c2s, { host: ws.host, port: ws.port, path: ws.path, limits: { maxStanzaBytes } });
      listeners.push(listener);
      log.info({ what: 'listener_ready', listener: 'websocket', host: listener.host, port: listener.port, path: ws.path });
    }
  } catch (err) {
    await stopListeners();
    await moduleHost.stopAll();
    await storage.close();
    metrics?.close();
    throw err;
  }

  const core = { config, runtime, sessions, router, hooks, storage, listeners, c2s, startedAt };
  let admin: RunningAdmin | undefined;
  try {
    admin = await startNodeAdmin({ node: core, metrics, observability, modules: moduleHost.runningModules(), log });
  } catch (err) {
    await stopListeners();
    await moduleHost.stopAll();
    await storage.close();
    metrics?.close();
    const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    const port = config.listen.admin?.port ?? 0;
    throw new ListenError(code, 'listen.admin', port, `listen.admin: cannot listen on ${config.listen.admin?.host}:${port}: ${(err as Error).message}`);
  }

  log.info({
    what: 'node_started',
    version: NODE_VERSION,
    hosts,
    modules: moduleHost.runningModules(),
    data_dir: config.general.data_dir,
  });

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested'): Promise<void> => {
    stopping ??= (async () => {
      log.info({ what: 'node_stopping', reason, sessions: sessions.count() });
      await admin?.close();
      const closed = stopListeners();
      // Every process ends with 'shutdown': c2s processes send <system-shutdown/> and close their streams.
      await runtime.shutdown();
      await withTimeout(closed, 3000);
      await moduleHost.stopAll();
      await storage.close();
      metrics?.close();
      log.info({ what: 'node_stopped' });
    })();
    return stopping;
  };

  return { ...core, metrics, admin, observability, stop };
}
