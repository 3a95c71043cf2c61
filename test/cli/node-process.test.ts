// The `meerkat-node start` command as a real OS process: listener lines, a port already taken,
// and SIGTERM closing every stream with <system-shutdown/> and exiting 0. Runs the compiled CLI
// (npm test builds it first).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawConnect, STREAM_HEADER } from '../support/raw-socket.js';
import { freePort } from '../support/test-node.js';

const BIN = join(import.meta.dirname, '../../bin/meerkat-node.js');

interface Started {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[]): Started {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ raw: line });
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => stderr, exit };
}

function writeConfig(dir: string, c2sPort: number, wsPort: number): string {
  const file = join(dir, 'node.toml');
  writeFileSync(
    file,
    `[general]
hosts = ["localhost"]
node_name = "cli1"
data_dir = "./data"
[listen.c2s]
host = "127.0.0.1"
port = ${c2sPort}
tls_mode = "starttls"
[listen.websocket]
host = "127.0.0.1"
port = ${wsPort}
[modules.mod_roster]
[modules.mod_presence]
[modules.mod_ping]
`,
  );
  return file;
}

describe('meerkat-node start', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    expect(existsSync(join(import.meta.dirname, '../../dist/embedded-server/cli/main.js')), 'run `npm run build` first').toBe(true);
  });
  afterEach(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs each listener when ready and closes streams with <system-shutdown/> on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'meerkat-cli-'));
    const [c2sPort, wsPort] = [await freePort(), await freePort()];
    const node = run(['start', '--config', writeConfig(dir, c2sPort, wsPort)]);
    children.push(node.child);
    await expect.poll(() => node.lines.filter((l) => l.what === 'listener_ready').length, { timeout: 20_000 }).toBe(2);
    const c2s = node.lines.find((l) => l.what === 'listener_ready' && l.listener === 'c2s');
    expect(c2s).toMatchObject({ node: 'cli1', port: c2sPort, level: 30 });
    expect(node.lines.find((l) => l.what === 'v8_flags_set')).toMatchObject({ v8_flags: ['--no-allocation-site-pretenuring'] });
    expect(existsSync(join(dir, 'data', 'tls-cert.pem'))).toBe(true);

    const peer = await rawConnect(c2sPort);
    await peer.write(STREAM_HEADER);
    await peer.waitForText(/<\/stream:features>/);
    node.child.kill('SIGTERM');
    const all = await peer.closed;
    expect(all).toMatch(/<stream:error><system-shutdown xmlns=['"]urn:ietf:params:xml:ns:xmpp-streams['"]\/>/);
    expect(await node.exit).toBe(0);
    expect(node.lines.some((l) => l.what === 'node_stopped')).toBe(true);
  });

  it('exits non-zero with a clear message when a port is taken', async () => {
    dir = mkdtempSync(join(tmpdir(), 'meerkat-cli-'));
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const node = run(['start', '--config', writeConfig(dir, port, await freePort())]);
      children.push(node.child);
      const code = await node.exit;
      expect(code).not.toBe(0);
      expect(node.stderr()).toContain(`port ${port}`);
      expect(node.stderr()).toContain('already in use');
    } finally {
      blocker.close();
    }
  });

  it('exits with the key and the reason for an invalid config', async () => {
    dir = mkdtempSync(join(tmpdir(), 'meerkat-cli-'));
    const file = join(dir, 'bad.toml');
    writeFileSync(file, '[listen.c2s]\nport = "five"\n');
    const node = run(['start', '--config', file]);
    children.push(node.child);
    expect(await node.exit).not.toBe(0);
    expect(node.stderr()).toContain('listen.c2s.port');
  });
});
