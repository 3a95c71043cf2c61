// The browser mode (main/web) with its console core running one real local node in a temporary
// data folder, and the facts the node card shows (test user, ports, admin URL), for e2e tests that
// need a node to talk to. Read from the UI, as a developer would.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { connect, type TestClient } from '../../support/xmpp-clients.js';
import { openBrowser, screenshotFailures, type TestBrowser } from './browser.js';
import { ensureRendererBuild } from './renderer-build.js';

export const NODE_START_MS = 60_000;

export interface LocalConsole {
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface NodeFacts {
  nodeId: string;
  jid: string;
  password: string;
  c2sPort: number;
  adminUrl: string;
}

export async function serveLocalConsole(): Promise<LocalConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meerkat-e2e-'));
  // The core reads its data folder from the environment when it opens (main/core app-data-dir).
  process.env.MEERKAT_DATA_DIR = dataDir;
  const { serveConsole } = await import('../../../main/web/serve.js');
  const served = await serveConsole({ port: 0, localNodes: true, print: () => {} });
  return {
    url: served.web.url,
    dataDir,
    async close() {
      await served.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits on the overview for the running node, then reads its card. */
export async function readNodeFacts(page: Page, url: string): Promise<NodeFacts> {
  await page.goto(url);
  const running = page.locator('.figures-table tr[data-status="running"]');
  await running.first().waitFor({ timeout: NODE_START_MS });
  const nodeId = (await running.first().getAttribute('data-node'))!;
  const card = page.locator(`article[data-node="${nodeId}"]`);
  await card.locator('.stage-list li[data-state="ok"]').nth(3).waitFor();
  const field = async (name: string) => (await card.locator(`[data-field="${name}"]`).textContent())!;
  return {
    nodeId,
    jid: await field('test user JID'),
    password: await field('test user password'),
    c2sPort: Number((await field('c2s address')).split(':').pop()),
    adminUrl: await field('admin URL'),
  };
}

/** Logs the test user in over c2s (the local node's certificate is self-signed). */
export async function connectTestUser(facts: NodeFacts, resource: string): Promise<TestClient> {
  const [username, domain] = facts.jid.split('@');
  const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  try {
    return await connect({ service: `xmpp://127.0.0.1:${facts.c2sPort}`, domain, username, password: facts.password, resource });
  } finally {
    if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  }
}

export function adminToken(dataDir: string, nodeId: string): string {
  return readFileSync(join(dataDir, 'nodes', nodeId, 'data', 'admin.token'), 'utf8').trim();
}

export interface LocalConsoleSuite {
  readonly local: LocalConsole;
  readonly ui: TestBrowser;
}

/**
 * Registers the hooks of an e2e file against a real local node: the renderer build, the browser mode
 * with its node, a browser, failure screenshots, and the teardown (after `beforeClose`, e.g. stopping
 * the file's XMPP clients).
 */
export function useLocalConsole(timeoutMs: number, beforeClose: () => Promise<void> = async () => {}): LocalConsoleSuite {
  let local: LocalConsole | undefined;
  let ui: TestBrowser | undefined;
  beforeAll(async () => {
    await ensureRendererBuild();
    local = await serveLocalConsole();
    ui = await openBrowser();
  }, timeoutMs);
  screenshotFailures(() => ui);
  afterAll(async () => {
    await beforeClose();
    await ui?.close();
    await local?.close();
  }, timeoutMs);
  return {
    get local() {
      if (local === undefined) throw new Error('the local console is not started yet');
      return local;
    },
    get ui() {
      if (ui === undefined) throw new Error('the browser is not open yet');
      return ui;
    },
  };
}
