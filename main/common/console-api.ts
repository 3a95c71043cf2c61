// The console API: the one typed contract between the renderer and the console core, declared once
// and imported by both sides (Lens-style channels). Pure TypeScript: no DOM, no Node imports.
// Requests are request/response; streams are subscriptions that push events until unsubscribed.
// Both run over a ConsoleTransport: Electron IPC (the preload) or a WebSocket (browser mode).
import type { ConsoleError } from './console-errors.js';
import { ConsoleCallError } from './console-errors.js';
import type { LogsQueryRequest, LogsQueryResult, LogsTailEvent, LogsTailFilter } from './log-views.js';
import type { MetricsHistory, MetricsHistoryRequest, MetricsLiveFilter, MetricsSample, SeriesCatalog } from './metric-views.js';
import type { NodeChange, NodeOutput, NodeOverview, NodeView } from './node-views.js';
import type {
  ProcessActionResult,
  ProcessDetail,
  ProcessesListRequest,
  ProcessesTopRequest,
  ProcessInfoRequest,
  ProcessList,
  ProcessRef,
  ProcessTop,
  ProcessTraceEvent,
  ProcessTraceFilter,
} from './process-views.js';
import type { CpuProfile, CpuProfileRequest, HeapProfile, HeapProfileRequest, ProfileStatus } from './profile-views.js';
import type { TrafficStartRequest, TrafficStatus } from './traffic-views.js';
import type { TraceGetRequest, TraceGetResult, TracesListRequest, TracesListResult } from './trace-views.js';
import type { RemoteConsoleEvent, RemoteConsoleFilter, RemoteConsoleInput } from './remote-console-views.js';

export type * from './console-errors.js';
export type * from './log-views.js';
export type * from './metric-views.js';
export type * from './node-views.js';
export type * from './process-views.js';
export type * from './profile-views.js';
export type * from './traffic-views.js';
export type * from './trace-views.js';
export type * from './remote-console-views.js';
export { CONSOLE_ERRORS, ConsoleCallError, isConsoleError, toConsoleError } from './console-errors.js';
export { LOG_LEVELS } from './log-views.js';
export { OVERVIEW_FIGURES, START_STAGES } from './node-views.js';
export { PROCESS_LIMITS } from './process-views.js';
export { PROFILE_LIMITS } from './profile-views.js';

export interface NodeRef {
  nodeId: string;
}

export interface ConsoleInfo {
  /** Meerkat's version. */
  version: string;
  /** How the renderer is served. */
  mode: 'electron' | 'web';
  /** Where local nodes keep their data. */
  dataDir: string;
}

/** Every request channel: name → request and response types. */
export interface ConsoleRequests {
  'console.info': { req: void; res: ConsoleInfo };
  'nodes.list': { req: void; res: NodeView[] };
  'nodes.get': { req: NodeRef; res: NodeView };
  'nodes.overview': { req: void; res: NodeOverview[] };
  /** A local node's kept stdout/stderr, oldest first (the last `limit` lines, default all kept). */
  'nodes.output': { req: NodeRef & { limit?: number }; res: NodeOutput };
  /** Creates a local node with defaults (free ports, SQLite, a test user) and starts it. */
  'localNodes.create': { req: { name?: string }; res: NodeView };
  'localNodes.start': { req: NodeRef; res: NodeView };
  /** SIGTERM, then SIGKILL after 10 s. Resolves when the process is gone. */
  'localNodes.stop': { req: NodeRef; res: NodeView };
  'localNodes.restart': { req: NodeRef; res: NodeView };
  /** SIGKILL, to rehearse a crash: the node turns `crashed`. */
  'localNodes.kill': { req: NodeRef; res: NodeView };
  'traffic.start': { req: TrafficStartRequest; res: TrafficStatus };
  'traffic.stop': { req: NodeRef; res: TrafficStatus };
  'traffic.status': { req: NodeRef; res: TrafficStatus };
  'logs.query': { req: LogsQueryRequest; res: LogsQueryResult };
  'metrics.catalog': { req: NodeRef; res: SeriesCatalog };
  'metrics.history': { req: MetricsHistoryRequest; res: MetricsHistory };
  /** The node's kept traces, latest start first. */
  'traces.list': { req: TracesListRequest; res: TracesListResult };
  /** One kept trace with all its spans. */
  'traces.get': { req: TraceGetRequest; res: TraceGetResult };
  /** Keystrokes, a resize or end of input for an open remoteConsole.session. */
  'remoteConsole.input': { req: RemoteConsoleInput; res: void };
  /** One page of a node's process table, filtered and ranked on the node. */
  'processes.list': { req: ProcessesListRequest; res: ProcessList };
  /** Top-N by a metric, absolute or by growth over a window. */
  'processes.top': { req: ProcessesTopRequest; res: ProcessTop };
  /** One process with one page of its mailbox. */
  'processes.info': { req: ProcessInfoRequest; res: ProcessDetail };
  'processes.suspend': { req: ProcessRef; res: ProcessActionResult };
  'processes.resume': { req: ProcessRef; res: ProcessActionResult };
  'processes.kill': { req: ProcessRef; res: ProcessActionResult };
  /** Samples the node's JS stacks for durationS seconds (the request lasts that long): a .cpuprofile. */
  'profiles.cpu': { req: CpuProfileRequest; res: CpuProfile };
  /** Samples the node's allocations for durationS seconds: V8's sampling heap profile. */
  'profiles.heap': { req: HeapProfileRequest; res: HeapProfile };
  /** Whether the node is taking a profile now, which kind, since when and for how long. */
  'profiles.status': { req: NodeRef; res: ProfileStatus };
}

/** Every stream channel: name → subscription filter and pushed event types. */
export interface ConsoleStreams {
  /** Batches of log entries (with their node id) and dropped markers. */
  'logs.tail': { filter: LogsTailFilter; event: LogsTailEvent };
  /** One sample per second of one node. */
  'metrics.live': { filter: MetricsLiveFilter; event: MetricsSample };
  /** Every node status/view change; the first events are the current nodes. */
  'nodes.changed': { filter: void; event: NodeChange };
  /** A REPL inside the node: its output, then exit or lost. */
  'remoteConsole.session': { filter: RemoteConsoleFilter; event: RemoteConsoleEvent };
  /** A rate-limited message trace of one process; the last event is `stopped` (or `error`). */
  'processes.trace': { filter: ProcessTraceFilter; event: ProcessTraceEvent };
}

export type RequestName = keyof ConsoleRequests;
export type StreamName = keyof ConsoleStreams;
export type RequestOf<N extends RequestName> = ConsoleRequests[N]['req'];
export type ResponseOf<N extends RequestName> = ConsoleRequests[N]['res'];
export type FilterOf<N extends StreamName> = ConsoleStreams[N]['filter'];
export type EventOf<N extends StreamName> = ConsoleStreams[N]['event'];

/** The names at run time, so transports can refuse anything else (kept in step by a type test). */
export const REQUEST_NAMES = [
  'console.info',
  'nodes.list',
  'nodes.get',
  'nodes.overview',
  'nodes.output',
  'localNodes.create',
  'localNodes.start',
  'localNodes.stop',
  'localNodes.restart',
  'localNodes.kill',
  'traffic.start',
  'traffic.stop',
  'traffic.status',
  'logs.query',
  'metrics.catalog',
  'metrics.history',
  'traces.list',
  'traces.get',
  'remoteConsole.input',
  'processes.list',
  'processes.top',
  'processes.info',
  'processes.suspend',
  'processes.resume',
  'processes.kill',
  'profiles.cpu',
  'profiles.heap',
  'profiles.status',
] as const satisfies readonly RequestName[];

export const STREAM_NAMES = ['logs.tail', 'metrics.live', 'nodes.changed', 'processes.trace', 'remoteConsole.session'] as const satisfies readonly StreamName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && (REQUEST_NAMES as readonly string[]).includes(name);
}

export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && (STREAM_NAMES as readonly string[]).includes(name);
}

/**
 * How calls travel. Untyped on purpose (the client adds the types); everything passed is plain
 * JSON-safe data so it survives contextBridge and WebSocket alike.
 */
export interface ConsoleTransport {
  /** Resolves with the response; rejects with a ConsoleError-shaped value. */
  request(name: string, req: unknown): Promise<unknown>;
  /**
   * Starts a stream; `onEvent` gets each event, `onError` the error that ended it (the stream is
   * over then). Returns the unsubscribe function (safe to call twice).
   */
  subscribe(name: string, filter: unknown, onEvent: (event: unknown) => void, onError?: (error: ConsoleError) => void): () => void;
}

export interface ConsoleClient {
  request<N extends RequestName>(name: N, ...req: RequestOf<N> extends void ? [] : [RequestOf<N>]): Promise<ResponseOf<N>>;
  subscribe<N extends StreamName>(
    name: N,
    filter: FilterOf<N>,
    onEvent: (event: EventOf<N>) => void,
    onError?: (error: ConsoleCallError) => void,
  ): () => void;
}

export function createConsoleClient(transport: ConsoleTransport): ConsoleClient {
  return {
    async request(name, ...req) {
      try {
        return (await transport.request(name, req[0])) as never;
      } catch (error) {
        throw error instanceof ConsoleCallError ? error : new ConsoleCallError(toCallError(error));
      }
    },
    subscribe(name, filter, onEvent, onError) {
      return transport.subscribe(name, filter, (event) => onEvent(event as never), (error) => onError?.(new ConsoleCallError(toCallError(error))));
    },
  };
}

function toCallError(error: unknown): ConsoleError {
  if (typeof error === 'object' && error !== null && typeof (error as ConsoleError).code === 'string') {
    const { code, message, details } = error as ConsoleError;
    return { code, message: String(message), ...(details === undefined ? {} : { details }) };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
