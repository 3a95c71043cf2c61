// The console's local nodes: remembered in <console data>/nodes.json, each in its own folder under
// <console data>/nodes/<id>/. On first start it creates one node with defaults (free loopback ports,
// SQLite, optional STARTTLS, a test user with a generated password) so there is something to see.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConsoleCallError } from '../../common/console-errors.js';
import { probeFreePorts } from './free-port.js';
import { LocalNode } from './local-node.js';
import { LocalNodeStore, writeNodeConfig, type LocalNodeSpec } from './local-node-spec.js';
import { plainNodeLauncher, type NodeLauncher } from './node-launcher.js';

export interface LocalNodeSupervisorOptions {
  /** The console's data folder (consoleDataDir()). */
  dataDir: string;
  launcher?: NodeLauncher;
  /** Any change of a node's status, stages or spec. */
  onChange(node: LocalNode): void;
  adminReadyTimeoutMs?: number;
  stopTimeoutMs?: number;
}

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export class LocalNodeSupervisor {
  private readonly nodes = new Map<string, LocalNode>();
  private readonly store: LocalNodeStore;
  private readonly launcher: NodeLauncher;

  constructor(private readonly options: LocalNodeSupervisorOptions) {
    this.store = new LocalNodeStore(join(options.dataDir, 'nodes.json'));
    this.launcher = options.launcher ?? plainNodeLauncher();
    for (const spec of this.store.load()) this.nodes.set(spec.id, this.instance(spec));
  }

  list(): LocalNode[] {
    return [...this.nodes.values()];
  }

  get(id: string): LocalNode | undefined {
    return this.nodes.get(id);
  }

  /** Creates the default node when there is none yet; returns it (not started). */
  async ensureDefaultNode(): Promise<LocalNode | undefined> {
    if (this.nodes.size > 0) return undefined;
    return this.create({});
  }

  /** A new local node with free ports and a test user (created in it at its first start). */
  async create(opts: { name?: string }): Promise<LocalNode> {
    const id = this.nextId();
    const name = opts.name ?? id;
    if (!NAME_PATTERN.test(name)) {
      throw new ConsoleCallError({ code: 'bad_request', message: 'a node name is 1 to 64 letters, digits, ".", "_" or "-"' });
    }
    if (this.list().some((n) => n.spec.name === name)) throw new ConsoleCallError({ code: 'conflict', message: `a local node named ${name} exists` });
    const [c2s, websocket, admin] = await probeFreePorts(3);
    const host = 'localhost';
    const spec: LocalNodeSpec = {
      id,
      name,
      dir: join(this.options.dataDir, 'nodes', id),
      host,
      ports: { c2s, websocket, admin },
      testUser: { jid: `test@${host}`, password: randomBytes(9).toString('base64url') },
      testUserCreated: false,
      createdAt: Date.now(),
    };
    // Written now so it can be edited before the first start.
    writeNodeConfig(spec);
    const node = this.instance(spec);
    this.nodes.set(id, node);
    this.persist();
    this.options.onChange(node);
    return node;
  }

  /** Stops every running node (console shutdown). */
  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((node) => node.stop().catch(() => {})));
  }

  private instance(spec: LocalNodeSpec): LocalNode {
    return new LocalNode(spec, {
      launcher: this.launcher,
      onChange: (node) => this.options.onChange(node),
      onSpecChange: () => this.persist(),
      adminReadyTimeoutMs: this.options.adminReadyTimeoutMs,
      stopTimeoutMs: this.options.stopTimeoutMs,
    });
  }

  private persist(): void {
    this.store.save(this.list().map((n) => n.spec));
  }

  private nextId(): string {
    for (let n = 1; ; n++) if (!this.nodes.has(`local-${n}`)) return `local-${n}`;
  }
}
