// The console core: nodes (local ones it runs), their overview, the merged log tail, metrics, the
// traffic generator, processes, traces and profiles, behind one ConsoleBackend. Plain Node; the
// Electron shell and the browser-mode server each create one and connect a transport to `backend`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricsHistory, metricsSeries } from '../../../embedded-server/admin/contract/metrics.js';
import type { ConsoleInfo } from '../../common/console-api.js';
import { ConsoleCallError } from '../../common/console-errors.js';
import type { NodeChange } from '../../common/node-views.js';
import { consoleDataDir } from '../local/app-data-dir.js';
import type { LocalNode } from '../local/local-node.js';
import { LocalNodeSupervisor } from '../local/local-node-supervisor.js';
import { findPackageRoot, type NodeLauncher } from '../local/node-launcher.js';
import { adminLogApi } from '../logs/admin-log-api.js';
import { LogFanIn } from '../logs/log-fan-in.js';
import type { NodeLogApi } from '../logs/node-log-api.js';
import { metricsLive } from '../metrics/metrics-live.js';
import { OverviewPoller } from '../overview/overview-poller.js';
import { ProcessRequests } from '../processes/process-requests.js';
import { processTraceStream } from '../processes/process-trace.js';
import { ProfileRequests } from '../profiles/profile-requests.js';
import { localHandle, NodeRegistry } from '../registry/node-registry.js';
import { TrafficGenerator } from '../traffic/traffic-generator.js';
import { getTrace, listTraces } from '../traces/trace-api.js';
import { RemoteConsoleSessions } from '../console/remote-console-sessions.js';
import { createConsoleBackend, type ConsoleBackend, type RequestHandlers, type StreamHandlers } from './console-backend.js';

export interface ConsoleCoreOptions {
  mode: ConsoleInfo['mode'];
  /** Default: consoleDataDir() (MEERKAT_DATA_DIR, else the platform's app-data folder). */
  dataDir?: string;
  launcher?: NodeLauncher;
  /** Create (on first start) and start the default local node. Default true. */
  startLocalNodes?: boolean;
  logApi?: NodeLogApi;
  overviewIntervalMs?: number;
  adminReadyTimeoutMs?: number;
  /** Where the core reports its own failures (default: stderr). */
  report?: (line: string) => void;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(findPackageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export class ConsoleCore {
  readonly registry = new NodeRegistry();
  readonly supervisor: LocalNodeSupervisor;
  readonly overview: OverviewPoller;
  readonly logs: LogFanIn;
  readonly traffic: TrafficGenerator;
  readonly remoteConsoles: RemoteConsoleSessions;
  readonly processes: ProcessRequests;
  readonly profiles: ProfileRequests;
  readonly backend: ConsoleBackend;
  readonly dataDir: string;
  private readonly report: (line: string) => void;

  private constructor(private readonly options: ConsoleCoreOptions) {
    this.dataDir = options.dataDir ?? consoleDataDir();
    this.report = options.report ?? ((line) => process.stderr.write(`meerkat-console: ${line}\n`));
    this.supervisor = new LocalNodeSupervisor({
      dataDir: this.dataDir,
      launcher: options.launcher,
      adminReadyTimeoutMs: options.adminReadyTimeoutMs,
      onChange: (node) => {
        if (this.registry.get(node.id) === undefined) this.registry.add(localHandle(node));
        else this.registry.changed(node.id);
      },
    });
    for (const node of this.supervisor.list()) this.registry.add(localHandle(node));
    this.overview = new OverviewPoller(this.registry, { intervalMs: options.overviewIntervalMs });
    this.logs = new LogFanIn(this.registry, options.logApi ?? adminLogApi);
    this.traffic = new TrafficGenerator(this.registry);
    this.remoteConsoles = new RemoteConsoleSessions(this.registry);
    this.processes = new ProcessRequests(this.registry);
    this.profiles = new ProfileRequests(this.registry);
    this.backend = createConsoleBackend(this.requestHandlers(), this.streamHandlers(), (name, error) =>
      this.report(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
  }

  /** Opens the core; on first start creates the default local node, and starts the local nodes (in the background). */
  static async open(options: ConsoleCoreOptions): Promise<ConsoleCore> {
    const core = new ConsoleCore(options);
    core.overview.start();
    if (options.startLocalNodes !== false) {
      await core.supervisor.ensureDefaultNode();
      for (const node of core.supervisor.list()) core.startInBackground(node);
    }
    return core;
  }

  /** Stops traffic, polling and every local node. */
  async close(): Promise<void> {
    this.overview.stop();
    await this.traffic.close();
    await this.supervisor.stopAll();
  }

  private startInBackground(node: LocalNode): void {
    node.start().catch((error: unknown) => this.report(`starting ${node.spec.name} failed: ${(error as Error).message}`));
  }

  private local(nodeId: string): LocalNode {
    const handle = this.registry.require(nodeId);
    if (handle.local === undefined) throw new ConsoleCallError({ code: 'conflict', message: `node ${nodeId} is not a local node` });
    return handle.local;
  }

  private requestHandlers(): RequestHandlers {
    return {
      'console.info': () => ({ version: packageVersion(), mode: this.options.mode, dataDir: this.dataDir }),
      'nodes.list': () => this.registry.views(),
      'nodes.get': ({ nodeId }) => this.registry.require(nodeId).view(),
      'nodes.overview': () => this.overview.overview(),
      'nodes.output': ({ nodeId, limit }) => {
        const node = this.local(nodeId);
        return { lines: node.output.tail(limit), dropped: node.output.dropped };
      },
      'localNodes.create': async ({ name }) => {
        const node = await this.supervisor.create({ name });
        await node.start();
        return node.view();
      },
      'localNodes.start': async ({ nodeId }) => {
        const node = this.local(nodeId);
        await node.start();
        return node.view();
      },
      'localNodes.stop': async ({ nodeId }) => {
        const node = this.local(nodeId);
        await node.stop();
        return node.view();
      },
      'localNodes.restart': async ({ nodeId }) => {
        const node = this.local(nodeId);
        await node.restart();
        return node.view();
      },
      'localNodes.kill': async ({ nodeId }) => {
        const node = this.local(nodeId);
        await node.kill();
        return node.view();
      },
      'traffic.start': (req) => this.traffic.start(req),
      'traffic.stop': ({ nodeId }) => this.traffic.stop(nodeId),
      'traffic.status': ({ nodeId }) => this.traffic.status(nodeId),
      'logs.query': (req) => this.logs.query(req),
      'traces.list': (req) => listTraces(this.registry, req),
      'traces.get': (req) => getTrace(this.registry, req),
      'remoteConsole.input': (req) => this.remoteConsoles.input(req),
      'metrics.catalog': ({ nodeId }) => this.registry.require(nodeId).admin.call(metricsSeries),
      'metrics.history': ({ nodeId, series, fromMs, toMs, maxPoints }) =>
        this.registry.require(nodeId).admin.call(metricsHistory, { query: { series, from: fromMs, to: toMs, max_points: maxPoints } }),
      'processes.list': (req) => this.processes.list(req),
      'processes.top': (req) => this.processes.top(req),
      'processes.info': (req) => this.processes.info(req),
      'processes.suspend': (req) => this.processes.act('suspend', req),
      'processes.resume': (req) => this.processes.act('resume', req),
      'processes.kill': (req) => this.processes.act('kill', req),
      'profiles.cpu': (req) => this.profiles.cpu(req),
      'profiles.heap': (req) => this.profiles.heap(req),
      'profiles.status': (req) => this.profiles.status(req),
    };
  }

  private streamHandlers(): StreamHandlers {
    return {
      'logs.tail': (filter, sink) => this.logs.subscribe(filter, (event) => sink.event(event)),
      'metrics.live': (filter, sink) => metricsLive(this.registry, filter, sink),
      'remoteConsole.session': (filter, sink) => this.remoteConsoles.open(filter, sink),
      'processes.trace': (filter, sink) => processTraceStream(this.registry, filter, sink),
      'nodes.changed': (_filter, sink) => {
        for (const node of this.registry.views()) sink.event({ kind: 'upsert', node } satisfies NodeChange);
        return this.registry.onChange((change) => void sink.event(change));
      },
    };
  }
}
