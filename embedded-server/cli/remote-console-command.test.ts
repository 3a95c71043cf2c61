import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleDeps } from '../admin/console/console-helpers.js';
import { registerConsoleRoutes } from '../admin/routes/console-routes.js';
import { startAdminServer, type AdminServer } from '../admin/server/admin-server.js';
import { RouteTable } from '../admin/server/route-table.js';
import { newC2sCounters } from '../c2s/c2s-deps.js';
import { loadConfig } from '../config/load-config.js';
import { SessionTable } from '../core/sessions.js';
import { Runtime } from '../runtime/index.js';
import type { Storage } from '../storage/storage.js';
import { fakeCli } from './fake-cli-context.js';
import { main } from './main.js';
import { remoteConsole, type ConsoleIo } from './remote-console-command.js';

const TOKEN = 'cli-console-token-0123456789abcdefghijklmnopqrstuvw';

function fakeIo(tty: boolean): ConsoleIo & { out(): string; rawModes: boolean[]; stdin: PassThrough } {
  let out = '';
  const rawModes: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), { isTTY: tty, setRawMode: (raw: boolean) => rawModes.push(raw) });
  const stdout = Object.assign(new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString()), done()) }), { isTTY: tty, columns: 100, rows: 30 });
  return { stdin, stdout, out: () => out, rawModes };
}

describe('meerkat-node remote-console', () => {
  let admin: AdminServer;
  let dir: string;
  const logs: Record<string, unknown>[] = [];

  /** A node.toml whose [listen.admin] is `port` and whose data_dir holds `token` (if any). */
  function configFor(port: number, token: string | undefined, name: string): string {
    const data = join(dir, name);
    mkdirSync(data, { recursive: true });
    if (token !== undefined) writeFileSync(join(data, 'admin.token'), `${token}\n`, { mode: 0o600 });
    const file = join(dir, `${name}.toml`);
    writeFileSync(file, `[general]\nnode_name = "cli1"\ndata_dir = "${name}"\n[listen.admin]\nhost = "127.0.0.1"\nport = ${port}\n`);
    return file;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meerkat-remote-console-'));
    const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
    const runtime = new Runtime();
    const deps: ConsoleDeps = {
      nodeName: 'cli1',
      runtime,
      sessions: new SessionTable(),
      storage: { users: { list: async () => ['alice@localhost'] } } as unknown as Storage,
      c2sCounters: newC2sCounters(),
      kick: () => 0,
      log,
    };
    for (let i = 0; i < 4; i++) runtime.spawn({ kind: 'worker', handle: () => {} });
    const routes = new RouteTable();
    registerConsoleRoutes(routes, deps);
    admin = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log });
  });
  afterAll(async () => {
    await admin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends piped lines, prints the answers and exits 0 when stdin ends', async () => {
    const cli = fakeCli();
    const io = fakeIo(false);
    const done = remoteConsole(cli.ctx, loadConfig(configFor(admin.port, TOKEN, 'piped')), { readOnly: false }, io);
    io.stdin.end("1 + 1\ntop('mailbox', 3).length\n");
    expect(await done).toBe(0);
    expect(io.out()).toContain('meerkat(cli1)> 2\n');
    expect(io.out()).toContain('meerkat(cli1)> 3\n');
    expect(io.rawModes).toEqual([]);
    expect(logs.filter((l) => l.what === 'console_eval').map((l) => l.code)).toEqual(expect.arrayContaining(['1 + 1', "top('mailbox', 3).length"]));
  });

  it('--read-only asks for a read-only console', async () => {
    const cli = fakeCli();
    const io = fakeIo(false);
    const done = remoteConsole(cli.ctx, loadConfig(configFor(admin.port, TOKEN, 'readonly')), { readOnly: true }, io);
    io.stdin.end('kick("alice@localhost")\nusers(1)\n');
    expect(await done).toBe(0);
    expect(io.out()).toContain('(read-only)');
    expect(io.out()).toContain('Refused: this console is read-only');
    expect(io.out()).toContain("[ 'alice@localhost' ]");
  });

  it('puts a TTY in raw mode, carries keystrokes (TAB completion on the node) and restores it', async () => {
    const cli = fakeCli();
    const io = fakeIo(true);
    const done = remoteConsole(cli.ctx, loadConfig(configFor(admin.port, TOKEN, 'tty')), { readOnly: false }, io);
    const waitFor = async (fragment: string) => {
      for (let i = 0; i < 300 && !io.out().includes(fragment); i++) await new Promise((r) => setTimeout(r, 10));
      expect(io.out()).toContain(fragment);
    };
    await waitFor('meerkat(cli1)> ');
    io.stdin.write('hel');
    io.stdin.write('\t');
    await waitFor('help');
    io.stdout.columns = 120;
    io.stdout.emit('resize');
    io.stdin.write('()\r');
    await waitFor('top(by = ');
    io.stdin.write('\x04');
    expect(await done).toBe(0);
    expect(io.rawModes).toEqual([true, false]);
    expect(cli.stderr()).toBe('');
  });

  it('explains a node that is not running', async () => {
    const closed = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes: new RouteTable(), log: pino({ level: 'silent' }) });
    const port = closed.port;
    await closed.close();
    const cli = fakeCli();
    expect(await main(['remote-console', '--config', configFor(port, TOKEN, 'down')], cli.ctx)).toBe(1);
    expect(cli.stderr()).toBe(`meerkat-node: cannot connect to the admin API at 127.0.0.1:${port}: connection refused — is the node running?\n`);
  });

  it('explains a wrong or missing token', async () => {
    const wrong = fakeCli();
    expect(await main(['remote-console', '--config', configFor(admin.port, 'x'.repeat(43), 'wrong')], wrong.ctx)).toBe(1);
    expect(wrong.stderr()).toContain(`the node at 127.0.0.1:${admin.port} refused the admin token in ${join(dir, 'wrong', 'admin.token')} (401)`);
    const missing = fakeCli();
    expect(await main(['remote-console', '--config', configFor(admin.port, undefined, 'missing')], missing.ctx)).toBe(1);
    expect(missing.stderr()).toContain(`no admin token at ${join(dir, 'missing', 'admin.token')}`);
  });

  it('is listed in the help', async () => {
    const cli = fakeCli();
    expect(await main(['--help'], cli.ctx)).toBe(0);
    expect(cli.stdout()).toContain('remote-console [options]');
  });
});
