// Starts a real chat node in the test process (real sockets, real SQLite in a temp dir) and collects
// its structured log lines, so tests can drive it with real XMPP clients and read what it logged.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveScramCredentialsSync } from '../../embedded-server/base/sasl/scram-credentials.js';
import { defaultConfig, type NodeConfigInput } from '../../embedded-server/config/index.js';
import { ensureAdminToken } from '../../embedded-server/admin/server/admin-token.js';
import { createNodeObservability, type NodeObservability } from '../../embedded-server/node/observability.js';
import { startNode, type RunningNode } from '../../embedded-server/node/start-node.js';

export interface LogLine {
  level: number;
  what?: string;
  [key: string]: unknown;
}

export interface TestNode {
  node: RunningNode;
  dataDir: string;
  logs: LogLine[];
  tcpPort: number;
  wsPort: number;
  adminPort: number;
  /** The node's admin token (Bearer). */
  adminToken: string;
  /** http://127.0.0.1:<adminPort> */
  adminUrl: string;
  observability: NodeObservability;
  domain: string;
  tcpService: string;
  wsService: string;
  addUser(local: string, password: string): Promise<string>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

type DeepPartialInput = {
  [K in keyof NodeConfigInput]?: NodeConfigInput[K] extends object ? Partial<NodeConfigInput[K]> : NodeConfigInput[K];
};

export async function startTestNode(overrides: DeepPartialInput & { tlsMode?: 'none' | 'starttls' | 'starttls_required' } = {}): Promise<TestNode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meerkat-node-'));
  const tcpPort = await freePort();
  const wsPort = await freePort();
  const adminPort = await freePort();
  const { tlsMode, ...rest } = overrides;
  const config = defaultConfig({
    ...rest,
    general: { hosts: ['localhost'], node_name: 'test1', data_dir: dataDir, loglevel: 'debug', ...(rest.general ?? {}) },
    listen: {
      c2s: { host: '127.0.0.1', port: tcpPort, tls_mode: tlsMode ?? 'none' },
      websocket: { host: '127.0.0.1', port: wsPort },
      admin: { host: '127.0.0.1', port: adminPort },
      ...(rest.listen ?? {}),
    },
  } as NodeConfigInput);
  const logs: LogLine[] = [];
  const observability = createNodeObservability(config, { stdout: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) } });
  const node = await startNode(config, observability.logging.log, { observability });
  const adminToken = ensureAdminToken(dataDir).token;
  return {
    node,
    dataDir,
    logs,
    tcpPort,
    wsPort,
    adminPort,
    adminToken,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    observability,
    domain: 'localhost',
    tcpService: `xmpp://127.0.0.1:${tcpPort}`,
    wsService: `ws://127.0.0.1:${wsPort}/xmpp-websocket`,
    async addUser(local, password) {
      const jid = `${local}@localhost`;
      await node.storage.users.create({
        jid,
        credentials: {
          scramSha1: deriveScramCredentialsSync(password, 'sha1'),
          scramSha256: deriveScramCredentialsSync(password, 'sha256'),
        },
      });
      return jid;
    },
    async stop() {
      await node.stop('test finished');
      await observability.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
