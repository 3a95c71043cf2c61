// Every node the console knows (local ones it runs; remote ones later), by console id, with the
// admin client to reach each. Views are computed on demand; changes are pushed to listeners as
// NodeChange events (the nodes.changed stream).
import type { NodeInfo } from '../../../embedded-server/admin/contract/node.js';
import { ConsoleCallError } from '../../common/console-errors.js';
import type { NodeChange, NodeView } from '../../common/node-views.js';
import type { NodeAdminClient } from '../admin/node-admin-client.js';
import type { LocalNode } from '../local/local-node.js';

export interface NodeHandle {
  readonly id: string;
  view(): NodeView;
  readonly admin: NodeAdminClient;
  /** The admin API answered (with fresh info) or did not (health checks report here). */
  reachable?(info: NodeInfo | null, error?: ConsoleCallError): void;
  /** Present for nodes this console runs. */
  readonly local?: LocalNode;
}

export function localHandle(node: LocalNode): NodeHandle {
  return {
    id: node.id,
    view: () => node.view(),
    get admin() {
      return node.admin;
    },
    reachable: (info, error) => node.reachable(info, error),
    local: node,
  };
}

export type NodeChangeListener = (change: NodeChange) => void;

export class NodeRegistry {
  private readonly handles = new Map<string, NodeHandle>();
  private readonly listeners = new Set<NodeChangeListener>();

  add(handle: NodeHandle): void {
    this.handles.set(handle.id, handle);
    this.changed(handle.id);
  }

  remove(id: string): void {
    if (!this.handles.delete(id)) return;
    for (const listener of this.listeners) listener({ kind: 'removed', nodeId: id });
  }

  get(id: string): NodeHandle | undefined {
    return this.handles.get(id);
  }

  /** The node, or a not_found error naming the id. */
  require(id: string): NodeHandle {
    const handle = this.handles.get(id);
    if (handle === undefined) throw new ConsoleCallError({ code: 'not_found', message: `no node with id ${id}` });
    return handle;
  }

  list(): NodeHandle[] {
    return [...this.handles.values()];
  }

  views(): NodeView[] {
    return this.list().map((h) => h.view());
  }

  /** Tells listeners the node's view changed. */
  changed(id: string): void {
    const handle = this.handles.get(id);
    if (handle === undefined) return;
    const change: NodeChange = { kind: 'upsert', node: handle.view() };
    for (const listener of this.listeners) listener(change);
  }

  onChange(listener: NodeChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
