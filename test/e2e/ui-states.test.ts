// The renderer in Chromium against a stand-in console (support/fake-cluster.ts): the states real
// nodes reach rarely — a start that failed at a stage, figures out of range, a dropped console
// connection — and the interactions (kill confirmation, field filters, follow/pause). The same
// build, the same wire protocol as the browser mode; only the data is made up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { createFakeCluster, type FakeCluster } from './support/fake-cluster.js';
import { startFrameServer, type FrameServer } from './support/frame-server.js';
import { ensureRendererBuild } from './support/renderer-build.js';

/** The machine may be shared and busy: generous limits, no timing asserts. */
const TEST_MS = 90_000;

let server: FrameServer;
let cluster: FakeCluster;
let ui: TestBrowser;

beforeAll(async () => {
  const dir = await ensureRendererBuild();
  cluster = createFakeCluster();
  server = await startFrameServer(dir, cluster.handlers);
  ui = await openBrowser();
}, 120_000);

afterAll(async () => {
  await ui?.close();
  await server?.close();
});

async function open(hash: string): Promise<void> {
  await ui.page.goto(`${server.url}${hash}`);
}

describe('renderer against a stand-in console', () => {
  it('shows every node with its status, the failed stage with its own lines, and out-of-range figures', async () => {
    await open('#/');
    const page = ui.page;
    await page.locator('.figures-table tr[data-node="node1"]').waitFor();
    expect(await page.locator('.figures-table tr[data-node="node1"]').getAttribute('data-status')).toBe('running');
    expect(await page.locator('.figures-table tr[data-node="node2"]').getAttribute('data-status')).toBe('crashed');
    const warnCells = page.locator('.figures-table tr[data-node="edge-3"] td[data-warn]');
    await warnCells.first().waitFor();
    expect(await warnCells.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-figure')))).toEqual(['mailboxTotal', 'mailboxMax', 'eventLoopDelayP99Ms']);
    const failure = page.locator('article[data-node="node2"] .stage-failure');
    await expect(failure.textContent()).resolves.toContain('Config valid failed');
    await expect(failure.locator('pre').textContent()).resolves.toContain('listen.c2s.port: expected a number');
    await expect(page.locator('article[data-node="node1"] [data-field="test user JID"]').textContent()).resolves.toBe('test@localhost');
    await expect(page.locator('article[data-node="node1"] [data-field="test user password"]').textContent()).resolves.toBe('meerkat-7f3a91');
    await ui.screenshot('ui-overview-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme === 'light');
    await ui.screenshot('ui-overview-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(ui.errors).toEqual([]);
  }, TEST_MS);

  it('asks before killing a node, and does nothing on cancel', async () => {
    await open('#/nodes/node1');
    const page = ui.page;
    const card = page.locator('article[data-node="node1"]');
    await card.getByRole('button', { name: 'Kill', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await ui.screenshot('ui-kill-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(cluster.calls.filter((c) => c.name === 'localNodes.kill')).toEqual([]);
    await card.getByRole('button', { name: 'Kill', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Kill with SIGKILL' }).click();
    await page.locator('article[data-node="node1"][data-status="crashed"]').waitFor();
    expect(cluster.calls.filter((c) => c.name === 'localNodes.kill')).toEqual([{ name: 'localNodes.kill', req: { nodeId: 'node1' } }]);
    await card.getByRole('button', { name: 'Start', exact: true }).click();
    await page.locator('article[data-node="node1"][data-status="running"]').waitFor();
  }, TEST_MS);

  it('tails logs, narrows them by a clicked field value, and pauses follow when scrolled up', async () => {
    cluster.setLogRate(400);
    await open('#/logs');
    const page = ui.page;
    const rows = page.locator('.log-row:not(.marker)');
    await page.waitForFunction(() => (globalThis as unknown as { __meerkat: { logLines(): number } }).__meerkat.logLines() > 300);
    await ui.screenshot('ui-logs-merged');
    // Lines move while following; like a reader, scroll up a little (which pauses follow) and click.
    await page.locator('.log-list').hover();
    await page.mouse.wheel(0, -200);
    await page.locator('.new-lines').waitFor();
    await rows.locator('.log-what', { hasText: 'roster_push' }).first().click();
    await page.locator('.field-chip', { hasText: 'roster_push' }).waitFor();
    await page.waitForTimeout(300);
    const whats = await page.locator('.log-row:not(.marker) .log-what').allTextContents();
    expect(whats.length).toBeGreaterThan(0);
    expect(new Set(whats)).toEqual(new Set(['roster_push']));
    await page.locator('.log-list').hover();
    await page.mouse.wheel(0, -600);
    const jump = page.locator('.new-lines');
    await jump.waitFor();
    await page.waitForFunction(() => /new line/.test(String((globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('.new-lines')?.textContent)));
    await ui.screenshot('ui-logs-paused');
    await jump.click();
    await jump.waitFor({ state: 'detached' });
    cluster.setLogRate(20);
  }, TEST_MS);

  it('draws the metrics from history at once and keeps them live', async () => {
    await open('#/nodes/node1/metrics');
    const page = ui.page;
    const chart = page.locator('figure[data-chart="stanzas-in"]');
    await chart.waitFor();
    const points = Number(await chart.getAttribute('data-points'));
    expect(points).toBeGreaterThan(50);
    await page.locator('.live-note.live').waitFor();
    await ui.screenshot('ui-metrics');
  }, TEST_MS);

  it('says the connection is lost, marks the view stale, and recovers', async () => {
    await open('#/');
    const page = ui.page;
    await page.locator('.live-pill.live').waitFor();
    server.refuse(true);
    server.dropConnections();
    await page.getByRole('alert').filter({ hasText: 'Connection to the console lost' }).waitFor();
    await page.locator('.live-pill.stale').waitFor();
    await ui.screenshot('ui-connection-lost');
    server.refuse(false);
    await page.locator('.live-pill.live').waitFor();
    expect(await page.locator('.banner').count()).toBe(0);
  });
});

describe('renderer themes and log display options', () => {
  it('switches theme from the top bar and wraps long lines on request', async () => {
    await open('#/logs');
    const page = ui.page;
    await page.locator('.log-row:not(.marker)').first().waitFor();
    const themeButton = page.getByRole('button', { name: /^Theme:/ });
    await themeButton.click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme === 'light');
    await expect(themeButton.textContent()).resolves.toBe('Theme: light');
    await page.getByLabel('Wrap').check();
    await page.locator('.log-row.wrap').first().waitFor();
    await ui.screenshot('ui-logs-light-wrapped');
    await themeButton.click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme === 'dark');
    await themeButton.click();
    await expect(themeButton.textContent()).resolves.toBe('Theme: system');
    await page.locator('.log-list').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.log-details').waitFor();
    await ui.screenshot('ui-logs-keyboard-details');
    await page.keyboard.press('Escape');
    await page.locator('.log-details').waitFor({ state: 'detached' });
    expect(ui.errors).toEqual([]);
  }, TEST_MS);
});
