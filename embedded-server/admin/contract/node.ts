// Admin API: the node itself: identity, uptime, OS process memory, listeners, enabled modules and
// the headline counts. Implemented by admin/routes/node-routes.ts; times are epoch milliseconds.
import { endpoint } from './define.js';

export interface NodeListenerInfo {
  /** "c2s" | "websocket" | ... */
  name: string;
  host: string;
  port: number;
}

export interface NodeInfo {
  /** [general] node_name */
  node: string;
  /** meerkat-node's version. */
  version: string;
  /** Node.js version running the node, e.g. "v20.19.0". */
  runtime_version: string;
  /** XMPP domains served. */
  hosts: string[];
  started_at_ms: number;
  uptime_s: number;
  /** The operating system's process id (not a runtime pid). */
  os_pid: number;
  memory: {
    rss_bytes: number;
    heap_used_bytes: number;
    heap_total_bytes: number;
    external_bytes: number;
    array_buffers_bytes: number;
  };
  listeners: NodeListenerInfo[];
  /** Module ids running, e.g. "mod_roster". */
  modules: string[];
  counts: {
    /** Bound resources. */
    sessions: number;
    /** Accounts with at least one session. */
    users_online: number;
    /** Runtime processes (c2s connections, router, ...). */
    processes: number;
  };
}

export const nodeInfo = endpoint<NodeInfo>()({
  name: 'node.info',
  method: 'GET',
  path: '/api/node',
  summary: 'The node: name, version, hosts, uptime, OS pid and memory, listeners, modules, session and process counts',
});
