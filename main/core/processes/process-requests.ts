// The processes.* requests: each one call to the node's admin API (contract processes.ts), with the
// console's camelCase fields turned into the node's snake_case query. Sorting, ranking, filtering
// and the mailbox page all happen on the node; nothing here holds a copy of the table.
import {
  processesInfo,
  processesKill,
  processesList,
  processesResume,
  processesSuspend,
  processesTop,
} from '../../../embedded-server/admin/contract/processes.js';
import type {
  ProcessActionResult,
  ProcessDetail,
  ProcessesListRequest,
  ProcessesTopRequest,
  ProcessInfoRequest,
  ProcessList,
  ProcessRef,
  ProcessTop,
} from '../../common/process-views.js';
import type { NodeRegistry } from '../registry/node-registry.js';

export type ProcessAction = 'suspend' | 'resume' | 'kill';

const ACTIONS = { suspend: processesSuspend, resume: processesResume, kill: processesKill } as const;

export class ProcessRequests {
  constructor(private readonly registry: NodeRegistry) {}

  async list({ nodeId, kind, serves, sort, offset, limit }: ProcessesListRequest): Promise<ProcessList> {
    return this.registry.require(nodeId).admin.call(processesList, { query: { kind, serves: serves === '' ? undefined : serves, sort, offset, limit } });
  }

  async top({ nodeId, by, n, windowMs }: ProcessesTopRequest): Promise<ProcessTop> {
    return this.registry.require(nodeId).admin.call(processesTop, { query: { by, n, window_ms: windowMs } });
  }

  async info({ nodeId, pid, peekOffset, peekLimit }: ProcessInfoRequest): Promise<ProcessDetail> {
    return this.registry.require(nodeId).admin.call(processesInfo, { params: { pid }, query: { peek_offset: peekOffset, peek_limit: peekLimit } });
  }

  async act(action: ProcessAction, { nodeId, pid }: ProcessRef): Promise<ProcessActionResult> {
    return this.registry.require(nodeId).admin.call(ACTIONS[action], { params: { pid } });
  }
}
