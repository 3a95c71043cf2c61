// End to end: a real local node keeps the trace of a message to a remote domain (bounced with
// remote-server-not-found: an error, and errors are always kept whatever the sampling ratio); its
// waterfall shows the spans, the log line of the bounce opens the trace in one click, and the trace
// opens its log lines. (A message to an unknown local user would do too, but its bounce comes after
// an await, outside the span it belongs to, so that trace is neither marked as an error nor kept.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { xml, type TestClient } from '../support/xmpp-clients.js';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { adminToken, connectTestUser, readNodeFacts, serveLocalConsole, type LocalConsole, type NodeFacts } from './support/local-console.js';
import { ensureRendererBuild } from './support/renderer-build.js';

const TEST_MS = 120_000;

let local: LocalConsole;
let ui: TestBrowser;
let client: TestClient | undefined;
let node: NodeFacts;
let traceId: string;

beforeAll(async () => {
  await ensureRendererBuild();
  local = await serveLocalConsole();
  ui = await openBrowser();
}, TEST_MS);

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || ui === undefined) return;
  const path = await ui.screenshot(`FAILED-${context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
  console.error(`screenshot of the failure: ${path}\npage errors: ${JSON.stringify(ui.errors)}`);
});

afterAll(async () => {
  await client?.stop();
  await ui?.close();
  await local?.close();
}, TEST_MS);

describe('traces in the browser, against a real local node', () => {
  it("opens a bounced message's trace from its log line and shows its spans as a waterfall", async () => {
    const page = ui.page;
    node = await readNodeFacts(page, local.url);
    client = await connectTestUser(node, 'traces');
    // The routed (here: bounced back) stanza is logged at debug only: turn the router's level up.
    const levels = await fetch(`${node.adminUrl}/api/logs/levels`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken(local.dataDir, node.nodeId)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ modules: { router: 'debug' } }),
    });
    expect(levels.status).toBe(200);
    const marker = `e2e-trace-${Date.now()}`;
    const to = `nobody-${marker}@elsewhere.example`;
    await client.xmpp.send(xml('message', { to, type: 'chat', id: marker }, xml('body', {}, 'anyone there?')));
    await client.waitFor((el) => el.is('message') && el.attrs.id === marker && el.attrs.type === 'error', 10_000, 'the bounce');

    await page.goto(`${local.url}#/nodes/${encodeURIComponent(node.nodeId)}/logs`);
    const row = page.locator('.log-row', { hasText: 'stanza_routed' }).filter({ hasText: marker }).first();
    await row.waitFor({ timeout: 30_000 });
    const link = row.locator('.log-trace-link');
    traceId = (await link.getAttribute('data-trace-id'))!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await ui.screenshot('traces-log-line-link');
    await link.click();

    const waterfall = page.locator(`.trace-waterfall[data-trace-id="${traceId}"]`);
    await waterfall.waitFor();
    expect(page.url()).toContain(`/traces/${traceId}`);
    const names = await waterfall.locator('.span-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-span')));
    for (const name of ['c2s.receive', 'router.route', 'c2s.deliver']) expect(names, name).toContain(name);
    // The bounce marks a span as an error; the root is always on the critical path.
    expect(await waterfall.locator('.span-row[data-status="error"]').count()).toBeGreaterThan(0);
    expect(await waterfall.locator('.span-row').first().getAttribute('data-critical')).toBe('true');
    const bar = await waterfall.locator('.span-row').first().locator('.span-bar').boundingBox();
    expect(bar?.width ?? 0).toBeGreaterThan(100);
    await waterfall.locator('.span-row[data-span="router.route"] .span-label').first().click();
    const details = waterfall.locator('.span-details');
    await expect.poll(() => details.textContent()).toContain('xmpp.to');
    expect(await details.textContent()).toContain(to);
    await ui.screenshot('traces-waterfall');

    // The list shows it under "errors only".
    await page.locator('[data-filter="errors-only"]').check();
    await page.locator('.trace-filters button[type="submit"]').click();
    await page.locator(`.trace-list tr[data-trace-id="${traceId}"][data-error="true"]`).waitFor();
    expect(ui.errors).toEqual([]);
  }, TEST_MS);

  it("opens the trace's log lines from the trace", async () => {
    const page = ui.page;
    await page.locator('.trace-waterfall [data-action="trace-logs"]').click();
    await page.locator('.field-chip', { hasText: traceId }).waitFor();
    const rows = page.locator('.log-row:not(.marker)');
    await rows.first().waitFor({ timeout: 30_000 });
    const links = await page.locator('.log-row .log-trace-link').evaluateAll((els) => els.map((e) => e.getAttribute('data-trace-id')));
    expect(links.length).toBeGreaterThan(0);
    expect(new Set(links)).toEqual(new Set([traceId]));
    await ui.screenshot('traces-log-lines');
    expect(ui.errors).toEqual([]);
  }, TEST_MS);
});
