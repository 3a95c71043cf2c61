// End to end, with real processes: the browser mode (main/web) with its console core, which starts
// a real local meerkat-node in a temporary data folder; Chromium drives the UI; a real XMPP client
// logs in with the test user the UI shows. Screenshots go to test-output/e2e/.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, xml, type TestClient } from '../support/xmpp-clients.js';
import { openBrowser, screenshotFailures, type TestBrowser } from './support/browser.js';
import { ensureRendererBuild } from './support/renderer-build.js';

/** Starting a node and waiting for samples takes seconds, more on a busy machine. */
const TEST_MS = 120_000;
const NODE_START_MS = 60_000;

interface Served {
  web: { url: string };
  close(): Promise<void>;
}

let dataDir: string;
let adminUrl: string;
let served: Served;
let ui: TestBrowser;
let client: TestClient | undefined;
let nodeId: string;
let testUser: { jid: string; password: string };
let c2sPort: number;

beforeAll(async () => {
  await ensureRendererBuild();
  dataDir = mkdtempSync(join(tmpdir(), 'meerkat-e2e-'));
  // The core reads its data folder from the environment when it opens (main/core app-data-dir).
  process.env.MEERKAT_DATA_DIR = dataDir;
  const { serveConsole } = await import('../../main/web/serve.js');
  served = await serveConsole({ port: 0, localNodes: true, print: () => {} });
  ui = await openBrowser();
}, TEST_MS);

screenshotFailures(() => ui);

afterAll(async () => {
  await client?.stop();
  await ui?.close();
  await served?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, TEST_MS);

describe('the console in the browser, against a real local node', () => {
  it('shows the started node on the overview, with its test user and ports', async () => {
    const page = ui.page;
    await page.goto(served.web.url);
    const running = page.locator('.figures-table tr[data-status="running"]');
    await running.first().waitFor({ timeout: NODE_START_MS });
    nodeId = (await running.first().getAttribute('data-node'))!;
    const card = page.locator(`article[data-node="${nodeId}"]`);
    await card.locator('.stage-list li[data-state="ok"]').nth(3).waitFor();
    testUser = {
      jid: (await card.locator('[data-field="test user JID"]').textContent())!,
      password: (await card.locator('[data-field="test user password"]').textContent())!,
    };
    const address = (await card.locator('[data-field="c2s address"]').textContent())!;
    c2sPort = Number(address.split(':').pop());
    adminUrl = (await card.locator('[data-field="admin URL"]').textContent())!;
    expect(testUser.jid).toMatch(/^[^@]+@[^/]+$/);
    expect(testUser.password.length).toBeGreaterThan(0);
    expect(c2sPort).toBeGreaterThan(0);
    // Figures arrive with the first overview sample.
    await page.locator(`.figures-table tr[data-node="${nodeId}"] td[data-figure="sessions"]`).filter({ hasText: /^\d/ }).waitFor();
    await ui.screenshot('console-overview');
    expect(ui.errors).toEqual([]);
  }, TEST_MS);

  it("shows a real client's login and messages in the log tail and the stanza-rate chart", async () => {
    const page = ui.page;
    await page.goto(`${served.web.url}#/nodes/${encodeURIComponent(nodeId)}/metrics`);
    const chart = page.locator('figure[data-chart="stanzas-in"]');
    await chart.waitFor();
    const before = Number(await chart.getAttribute('data-max'));

    const [username, domain] = testUser.jid.split('@');
    // The local node made itself a self-signed certificate; the client is told to accept it, as the UI tells a developer.
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      client = await connect({ service: `xmpp://127.0.0.1:${c2sPort}`, domain, username, password: testUser.password, resource: 'e2e' });
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
    }
    // The node logs each routed stanza only with its router at debug: turn it on through the node's admin API.
    const token = readFileSync(join(dataDir, 'nodes', nodeId, 'data', 'admin.token'), 'utf8').trim();
    const levels = await fetch(`${adminUrl}/api/logs/levels`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ modules: { router: 'debug' } }),
    });
    expect(levels.status).toBe(200);
    const marker = `e2e-${Date.now()}`;
    for (let i = 0; i < 20; i++) await client.xmpp.send(xml('message', { to: testUser.jid, type: 'chat', id: `${marker}-${i}` }, xml('body', {}, `hello ${i}`)));
    await client.waitFor((el) => el.is('message') && el.attrs.id === `${marker}-19`, 10_000, 'the last message echoed back');

    await page.waitForFunction(
      ({ selector, floor }) => Number((globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector(selector)?.getAttribute('data-max')) > floor,
      { selector: 'figure[data-chart="stanzas-in"]', floor: before },
      { timeout: 30_000 },
    );
    await ui.screenshot('console-metrics-after-messages');

    await page.goto(`${served.web.url}#/nodes/${encodeURIComponent(nodeId)}/logs`);
    const login = page.locator('.log-row', { hasText: 'session_opened' }).filter({ hasText: `${testUser.jid}/e2e` });
    await login.first().waitFor({ timeout: 30_000 });
    const routed = page.locator('.log-row', { hasText: 'stanza_routed' }).filter({ hasText: `${marker}-19` });
    await routed.first().waitFor({ timeout: 30_000 });
    await ui.screenshot('console-logs');
    expect(ui.errors).toEqual([]);
  }, TEST_MS);

  it('narrows the tail to the lines of one field value when the value is clicked', async () => {
    const page = ui.page;
    const notes = page.locator('.buffer-notes');
    const counts = async () => {
      const m = /Showing ([\d,]+) of ([\d,]+) lines/.exec((await notes.textContent()) ?? '');
      return m ? { shown: Number(m[1].replace(/,/g, '')), held: Number(m[2].replace(/,/g, '')) } : { shown: -1, held: -1 };
    };
    const all = await counts();
    expect(all.shown).toBe(all.held);
    const row = page.locator('.log-row', { hasText: 'session_opened' }).filter({ hasText: `${testUser.jid}/e2e` }).first();
    await row.locator('.log-what').click();
    await page.locator('.field-chip', { hasText: 'session_opened' }).waitFor();
    const narrowed = await counts();
    expect(narrowed.shown).toBeGreaterThan(0);
    expect(narrowed.shown).toBeLessThan(narrowed.held);
    const whats = await page.locator('.log-row:not(.marker) .log-what').allTextContents();
    expect(new Set(whats)).toEqual(new Set(['session_opened']));
    await ui.screenshot('console-logs-filtered');
  }, TEST_MS);

  it('turns a killed node red, and a restart brings it back', async () => {
    const page = ui.page;
    await page.goto(`${served.web.url}#/nodes/${encodeURIComponent(nodeId)}`);
    const card = page.locator(`article[data-node="${nodeId}"]`);
    await card.getByRole('button', { name: 'Kill', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Kill with SIGKILL' }).click();
    await page.locator(`article[data-node="${nodeId}"][data-status="crashed"]`).waitFor();
    const dot = page.locator(`.sidebar .status-dot.status-crashed`);
    await dot.waitFor();
    const red = await dot.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    const [r, g, b] = red.match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(100);
    expect(b).toBeLessThan(100);
    await ui.screenshot('console-node-killed');

    await card.getByRole('button', { name: 'Restart', exact: true }).click();
    await page.locator(`article[data-node="${nodeId}"][data-status="running"]`).waitFor({ timeout: NODE_START_MS });
    await page.locator('.sidebar .status-dot.status-running').waitFor();
    await ui.screenshot('console-node-restarted');
    expect(ui.errors).toEqual([]);
  }, TEST_MS);
});
