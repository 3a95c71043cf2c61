// End to end: a real local node keeps the trace of a message to a remote domain (bounced with
// remote-server-not-found: an error, and errors are always kept whatever the sampling ratio); its
// waterfall shows the spans, the log line of the bounce opens the trace in one click, and the trace
// opens its log lines.
import { describe, expect, it } from 'vitest';
import { xml, type TestClient } from '../support/xmpp-clients.js';
import { adminToken, connectTestUser, readNodeFacts, useLocalConsole, type NodeFacts } from './support/local-console.js';

const TEST_MS = 120_000;

let client: TestClient | undefined;
let node: NodeFacts;
let traceId: string;

const suite = useLocalConsole(TEST_MS, async () => {
  await client?.stop();
});

describe('traces in the browser, against a real local node', () => {
  it("opens a bounced message's trace from its log line and shows its spans as a waterfall", async () => {
    const page = suite.ui.page;
    node = await readNodeFacts(page, suite.local.url);
    client = await connectTestUser(node, 'traces');
    // The routed (here: bounced back) stanza is logged at debug only: turn the router's level up.
    const levels = await fetch(`${node.adminUrl}/api/logs/levels`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken(suite.local.dataDir, node.nodeId)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ modules: { router: 'debug' } }),
    });
    expect(levels.status).toBe(200);
    const marker = `e2e-trace-${Date.now()}`;
    const to = `nobody-${marker}@elsewhere.example`;
    await client.xmpp.send(xml('message', { to, type: 'chat', id: marker }, xml('body', {}, 'anyone there?')));
    await client.waitFor((el) => el.is('message') && el.attrs.id === marker && el.attrs.type === 'error', 10_000, 'the bounce');

    await page.goto(`${suite.local.url}#/nodes/${encodeURIComponent(node.nodeId)}/logs`);
    const row = page.locator('.log-row', { hasText: 'stanza_routed' }).filter({ hasText: marker }).first();
    await row.waitFor({ timeout: 30_000 });
    const link = row.locator('.log-trace-link');
    traceId = (await link.getAttribute('data-trace-id'))!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await suite.ui.screenshot('traces-log-line-link');
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
    await suite.ui.screenshot('traces-waterfall');

    // The list shows it under "errors only".
    await page.locator('[data-filter="errors-only"]').check();
    await page.locator('.trace-filters button[type="submit"]').click();
    await page.locator(`.trace-list tr[data-trace-id="${traceId}"][data-error="true"]`).waitFor();
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it("opens the trace's log lines from the trace", async () => {
    const page = suite.ui.page;
    await page.locator('.trace-waterfall [data-action="trace-logs"]').click();
    await page.locator('.field-chip', { hasText: traceId }).waitFor();
    const rows = page.locator('.log-row:not(.marker)');
    await rows.first().waitFor({ timeout: 30_000 });
    const links = await page.locator('.log-row .log-trace-link').evaluateAll((els) => els.map((e) => e.getAttribute('data-trace-id')));
    expect(links.length).toBeGreaterThan(0);
    expect(new Set(links)).toEqual(new Set([traceId]));
    await suite.ui.screenshot('traces-log-lines');
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);
});
