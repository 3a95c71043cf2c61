// `meerkat-node remote-console` as a real OS process with piped stdin, against a node started with
// `meerkat-node start` (both the compiled CLI: run `npm run build` first).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawConnect, STREAM_HEADER, type RawPeer } from '../support/raw-socket.js';
import { freePort } from '../support/test-node.js';

const BIN = join(import.meta.dirname, '../../bin/meerkat-node.js');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[], stdin?: string): Run {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  if (stdin !== undefined) child.stdin?.end(stdin);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

function writeConfig(dir: string, ports: { c2s: number; ws: number; admin: number }): string {
  const file = join(dir, 'node.toml');
  writeFileSync(
    file,
    `[general]
hosts = ["localhost"]
node_name = "rc1"
data_dir = "./data"
[listen.c2s]
host = "127.0.0.1"
port = ${ports.c2s}
tls_mode = "none"
[listen.websocket]
host = "127.0.0.1"
port = ${ports.ws}
[listen.admin]
host = "127.0.0.1"
port = ${ports.admin}
`,
  );
  return file;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const logLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('meerkat-node remote-console (process)', () => {
  let dir: string;
  let config: string;
  let adminPort: number;
  let node: Run;
  const peers: RawPeer[] = [];

  let started: Promise<void> | undefined;

  /** Starts the node once, for the first test that needs it (a failure then fails each test, visibly). */
  function nodeReady(): Promise<void> {
    started ??= (async () => {
      expect(existsSync(join(import.meta.dirname, '../../dist/embedded-server/cli/main.js')), 'run `npm run build` first').toBe(true);
      dir = mkdtempSync(join(tmpdir(), 'meerkat-rc-'));
      const ports = { c2s: await freePort(), ws: await freePort(), admin: await freePort() };
      adminPort = ports.admin;
      config = writeConfig(dir, ports);
      node = run(['start', '--config', config]);
      const deadline = Date.now() + 20_000;
      while (!(existsSync(join(dir, 'data', 'admin.token')) && (await accepts(ports.admin)))) {
        if (node.child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`the node never served its admin API on 127.0.0.1:${ports.admin} (is the admin server started by \`meerkat-node start\`?); its output:\n${node.stdout()}${node.stderr()}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      // Three client connections, so the node has three c2s processes to rank.
      for (let i = 0; i < 3; i++) {
        const peer = await rawConnect(ports.c2s);
        await peer.write(STREAM_HEADER);
        await peer.waitForText(/<\/stream:features>/);
        peers.push(peer);
      }
    })();
    return started;
  }

  afterAll(async () => {
    for (const p of peers) p.socket.destroy();
    if (node?.child.exitCode === null) {
      node.child.kill('SIGTERM');
      await node.exit;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs piped lines in the node, prints the answers, exits 0, and the node logs each line", async () => {
    await nodeReady();
    const rc = run(['remote-console', '--config', config], "top('mailbox', 3)\n1 + 1\n");
    expect(await rc.exit).toBe(0);
    expect(rc.stderr()).toBe('');
    expect(rc.stdout()).toContain('meerkat(rc1)> ');
    expect(rc.stdout().match(/\bpid: \d+/g)).toHaveLength(3);
    expect(rc.stdout()).toContain("kind: 'c2s'");
    expect(rc.stdout()).toMatch(/> 2\n/);
    await expect.poll(() => logLines(node.stdout()).filter((l) => l.what === 'console_eval').map((l) => l.code)).toEqual(["top('mailbox', 3)", '1 + 1']);
  });

  it('--read-only refuses kick() and arbitrary code', async () => {
    await nodeReady();
    const rc = run(['remote-console', '--config', config, '--read-only'], 'kick("a@localhost")\n1 + 1\nhelp()\n');
    expect(await rc.exit).toBe(0);
    expect(rc.stdout().match(/Refused: this console is read-only/g)).toHaveLength(2);
    expect(rc.stdout()).toContain('top(by = ');
  });

  it('explains a wrong token', async () => {
    await nodeReady();
    const other = join(dir, 'other');
    mkdirSync(join(other, 'data'), { recursive: true });
    writeFileSync(join(other, 'data', 'admin.token'), 'not-the-token-of-this-node-0123456789abcdef\n', { mode: 0o600 });
    const file = writeConfig(other, { c2s: 1, ws: 2, admin: adminPort });
    const rc = run(['remote-console', '--config', file], '');
    expect(await rc.exit).toBe(1);
    expect(rc.stderr()).toContain(`the node at 127.0.0.1:${adminPort} refused the admin token in ${join(other, 'data', 'admin.token')} (401)`);
  });
});

describe('meerkat-node remote-console without a node', () => {
  it('says the node is not running and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meerkat-rc-'));
    try {
      const port = await freePort();
      const file = writeConfig(dir, { c2s: 1, ws: 2, admin: port });
      mkdirSync(join(dir, 'data'));
      writeFileSync(join(dir, 'data', 'admin.token'), 'a-token-of-a-node-that-is-not-running-0123456789\n', { mode: 0o600 });
      const rc = run(['remote-console', '--config', file], '1 + 1\n');
      expect(await rc.exit).toBe(1);
      expect(rc.stderr()).toBe(`meerkat-node: cannot connect to the admin API at 127.0.0.1:${port}: connection refused — is the node running?\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
