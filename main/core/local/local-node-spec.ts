// A local node as the console remembers it between runs (nodes.json in the console's data folder):
// where it lives, its ports and its test user. The node's own config file is written from this.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'smol-toml';
import type { NodePorts, TestUser } from '../../common/node-views.js';

export interface LocalNodeSpec {
  id: string;
  name: string;
  /** The node's folder: node.toml and data/. */
  dir: string;
  /** XMPP domain served. */
  host: string;
  ports: { c2s: number; websocket: number; admin: number };
  testUser: TestUser;
  /** Set once the test user exists in the node's database. */
  testUserCreated: boolean;
  createdAt: number;
}

export function configPath(spec: LocalNodeSpec): string {
  return join(spec.dir, 'node.toml');
}

export function nodeDataDir(spec: LocalNodeSpec): string {
  return join(spec.dir, 'data');
}

export function specPorts(spec: LocalNodeSpec): NodePorts {
  return { ...spec.ports };
}

/**
 * The node's config: SQLite, everything bound to loopback, optional STARTTLS (a self-signed
 * certificate is generated) so plain and TLS clients both work, and the admin API on its own port.
 */
export function nodeConfigToml(spec: LocalNodeSpec): string {
  const document = {
    general: { hosts: [spec.host], node_name: spec.name, data_dir: nodeDataDir(spec), loglevel: 'info' },
    listen: {
      c2s: { port: spec.ports.c2s, host: '127.0.0.1', tls_mode: 'starttls' },
      websocket: { port: spec.ports.websocket, host: '127.0.0.1' },
      admin: { port: spec.ports.admin, host: '127.0.0.1' },
    },
    storage: { backend: 'sqlite' },
  };
  return `# Written by the Meerkat console for its local node "${spec.name}"; edits are kept (a port found taken is moved).\n${stringify(document)}\n`;
}

export function writeNodeConfig(spec: LocalNodeSpec): string {
  const path = configPath(spec);
  mkdirSync(nodeDataDir(spec), { recursive: true });
  writeFileSync(path, nodeConfigToml(spec), { mode: 0o600 });
  return path;
}

/** The list of local nodes, persisted atomically (write then rename). */
export class LocalNodeStore {
  constructor(private readonly file: string) {}

  load(): LocalNodeSpec[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const parsed = JSON.parse(text) as { nodes?: LocalNodeSpec[] };
    return Array.isArray(parsed.nodes) ? parsed.nodes : [];
  }

  save(specs: readonly LocalNodeSpec[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    // The file holds test-user passwords: readable by the user only.
    writeFileSync(tmp, JSON.stringify({ nodes: specs }, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
