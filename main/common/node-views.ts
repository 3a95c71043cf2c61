// What the console shows of a node: its identity, its lifecycle (with the staged start of a local
// node) and the overview figures. Plain data, JSON-safe; times are epoch milliseconds.

export type NodeKind = 'local' | 'remote';

export type NodeStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'crashed' | 'unreachable';

/** The staged start of a local node, in order. */
export const START_STAGES = ['spawned', 'config_valid', 'listeners_bound', 'admin_ready'] as const;
export type StartStageName = (typeof START_STAGES)[number];

export type StageStatus = 'pending' | 'ok' | 'failed';

export interface StartStage {
  stage: StartStageName;
  status: StageStatus;
  /** When the stage passed or failed; null while pending. */
  at: number | null;
  /** The node's own output lines that decided a failed stage (stderr/stdout, as printed). */
  lines?: string[];
}

export interface NodePorts {
  c2s: number | null;
  websocket: number | null;
  admin: number | null;
}

export interface TestUser {
  jid: string;
  password: string;
}

export interface NodeLastError {
  message: string;
  at: number;
  /** For a local node that exited. */
  exitCode?: number | null;
  signal?: string | null;
}

export interface NodeView {
  id: string;
  name: string;
  kind: NodeKind;
  status: NodeStatus;
  /** Local nodes: the last (or current) start; remote nodes: empty. */
  stages: StartStage[];
  /** The node's software version, once its admin API answered. */
  version: string | null;
  uptime_s: number | null;
  /** XMPP domains the node serves. */
  hosts: string[];
  ports: NodePorts;
  /** Where the core reaches the admin API, e.g. "http://127.0.0.1:5280". */
  adminUrl: string;
  /** Local nodes only: a ready account to log in with. */
  testUser: TestUser | null;
  lastError: NodeLastError | null;
  /** Local nodes: OS pid of the running node process. */
  osPid: number | null;
  /** Local nodes: the node's data folder and config file. */
  dataDir: string | null;
  configFile: string | null;
}

/** Pushed on the `nodes.changed` stream. */
export type NodeChange = { kind: 'upsert'; node: NodeView } | { kind: 'removed'; nodeId: string };

/** One kept line of a local node's stdout/stderr. */
export interface OutputLine {
  stream: 'stdout' | 'stderr';
  at: number;
  text: string;
}

export interface NodeOutput {
  lines: OutputLine[];
  /** Lines discarded because the kept output is bounded. */
  dropped: number;
}

/** The figures of the cluster overview, with their units and normal ranges (declared once). */
export const OVERVIEW_FIGURES = {
  sessions: { label: 'Sessions', unit: 'count' },
  stanzasInPerS: { label: 'Stanzas in/s', unit: 'per_second' },
  stanzasOutPerS: { label: 'Stanzas out/s', unit: 'per_second' },
  mailboxTotal: { label: 'Mailbox total', unit: 'messages', warnAbove: 10_000 },
  mailboxMax: { label: 'Mailbox max', unit: 'messages', warnAbove: 1_000 },
  eventLoopDelayP99Ms: { label: 'Event-loop delay p99', unit: 'ms', warnAbove: 100 },
  elu: { label: 'Event-loop utilization', unit: 'ratio', warnAbove: 0.9 },
  heapMb: { label: 'Heap', unit: 'MB', warnAbove: 1_536 },
  processCount: { label: 'Processes', unit: 'count' },
} as const satisfies Record<string, { label: string; unit: string; warnAbove?: number }>;

export type OverviewFigureName = keyof typeof OVERVIEW_FIGURES;

export interface OverviewFigure {
  /** Null when unknown (node down, series not sampled yet). */
  value: number | null;
  /** True when the value is outside its normal range (OVERVIEW_FIGURES[name].warnAbove). */
  warn: boolean;
}

export interface NodeOverview {
  nodeId: string;
  name: string;
  status: NodeStatus;
  version: string | null;
  uptime_s: number | null;
  /** When the figures were sampled. */
  at: number | null;
  figures: Record<OverviewFigureName, OverviewFigure>;
  /** Any figure warns. */
  warn: boolean;
}
