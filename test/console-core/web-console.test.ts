// The browser mode's server on a real socket: the token on every request and upgrade, Host and
// Origin checks, the renderer files, and the console API over /api/ws through the shared client.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createConsoleClient, type ConsoleClient } from '../../main/common/console-api.js';
import { createSocketTransport } from '../../main/common/console-wire.js';
import { ConsoleCore } from '../../main/core/service/console-core.js';
import { startWebConsole, type WebConsole } from '../../main/web/web-console.js';
import { tempConsoleDir, type TempDir } from './console-test-env.js';

let dir: TempDir;
let renderer: string;
let core: ConsoleCore;
let web: WebConsole;

beforeAll(async () => {
  dir = tempConsoleDir();
  renderer = mkdtempSync(join(tmpdir(), 'meerkat-renderer-'));
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Meerkat console</title>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'export {}');
  core = await ConsoleCore.open({ mode: 'web', dataDir: dir.path, startLocalNodes: false });
  web = await startWebConsole({ backend: core.backend, rendererDir: renderer, port: 0 });
});

afterAll(async () => {
  await web?.close();
  await core?.close();
  dir?.remove();
  rmSync(renderer, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function upgradeStatus(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}${path}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });
}

async function connect(): Promise<{ client: ConsoleClient; ws: WebSocket }> {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api/ws?token=${web.token}`, { headers: { origin: `http://127.0.0.1:${web.port}` } });
  const client = createConsoleClient(createSocketTransport(ws));
  return { client, ws };
}

describe('web console server', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${web.token}`);
    expect(web.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses pages without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/assets/index-abc.js')).status).toBe(401);
  });

  it('serves the renderer with its CSP, then accepts the cookie it set', async () => {
    const page = await get(`/?token=${web.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Meerkat console');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    const asset = await get('/assets/index-abc.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect((await get('/assets/missing.js', { cookie })).status).toBe(404);
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    expect((await get(`/?token=${web.token}`, { host: `evil.example:${web.port}` })).status).toBe(421);
  });

  it('refuses WebSocket upgrades without the token or from another origin', async () => {
    expect(await upgradeStatus('/api/ws')).toBe(401);
    expect(await upgradeStatus('/api/ws?token=nope')).toBe(401);
    expect(await upgradeStatus(`/api/ws?token=${web.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`/api/ws?token=${web.token}`, { origin: `http://127.0.0.1:${web.port}` })).toBe(101);
  });

  it('serves the console API over /api/ws', async () => {
    const { client, ws } = await connect();
    try {
      const info = await client.request('console.info');
      expect(info).toMatchObject({ mode: 'web', dataDir: dir.path });
      expect(await client.request('nodes.list')).toEqual([]);
      await expect(client.request('nodes.get', { nodeId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(client.request('traffic.start', { nodeId: 'x', users: 1, ratePerSec: 1 })).rejects.toMatchObject({ code: 'bad_request' });
      // A channel the contract does not name is refused with a code, not ignored.
      await expect((client.request as (name: string) => Promise<unknown>)('nodes.destroyEverything')).rejects.toMatchObject({ code: 'unknown_channel' });
    } finally {
      ws.close();
    }
  });

  it('pushes node changes on the nodes.changed stream', async () => {
    const { client, ws } = await connect();
    try {
      const seen: string[] = [];
      const unsubscribe = client.subscribe('nodes.changed', undefined, (change) => seen.push(change.kind === 'upsert' ? change.node.name : change.nodeId));
      await client.request('nodes.list');
      await core.supervisor.create({ name: 'pushed' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toContain('pushed');
      unsubscribe();
    } finally {
      ws.close();
    }
  });
});
