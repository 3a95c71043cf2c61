// The process runtime's public API: import from here, not from the files behind it.
export { Runtime } from './runtime.js';
export { RuntimeError } from './runtime-error.js';
export type { RuntimeErrorCode } from './runtime-error.js';
export { spawnSupervisor, supervisorChildren } from './supervisor.js';
export type { ChildSpec, RestartStrategy, RestartType, SupervisorSpec } from './supervisor.js';
export { formatPid, isSystemMessage, reasonText } from './types.js';
export type {
  ExitReason,
  OverflowPolicy,
  Pid,
  ProcessContext,
  ProcessFilter,
  ProcessInfo,
  ProcessSpec,
  ProcessStatus,
  ProcessSummary,
  RuntimeOptions,
  RuntimeStats,
  SystemMessage,
  TopMetric,
  TraceEvent,
  TraceOptions,
  TraceStopReason,
} from './types.js';
export type { ListOptions } from './introspection.js';
