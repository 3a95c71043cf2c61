// End to end: a real local node through the browser mode. A real client logs in and its c2s process
// is suspended from the Processes view (with the confirmation); a second client of the same user
// floods it with messages. The process rises to the top of the table ranked by mailbox, its
// sparkline grows, its mailbox pages 20 at a time, and a message trace with max 5 events stops at
// that limit and says so. Screenshots go to test-output/e2e/.
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { xml, type TestClient } from '../support/xmpp-clients.js';
import { connectTestUser, readNodeFacts, useLocalConsole, type NodeFacts } from './support/local-console.js';

const TEST_MS = 180_000;
const REFRESH_WAIT_MS = 15_000;

let victim: TestClient | undefined;
let sender: TestClient | undefined;
let node: NodeFacts;
let victimPid: string;
const marker = `flood-${Date.now()}`;
let sent = 0;

async function flood(count: number): Promise<void> {
  for (let i = 0; i < count; i++, sent++) {
    await sender!.xmpp.send(xml('message', { to: victim!.jid, type: 'chat', id: `${marker}-${sent}` }, xml('body', {}, `message ${sent} of the flood`)));
  }
}

async function sparklineValues(row: Locator): Promise<number[]> {
  const values = (await row.locator('svg.sparkline').getAttribute('data-values')) ?? '';
  return values === '' ? [] : values.split(',').map(Number);
}

const suite = useLocalConsole(TEST_MS, async () => {
  await sender?.stop();
  await victim?.stop().catch(() => {});
});

describe('processes and mailboxes in the browser, against a real local node', () => {
  it('suspends a client’s c2s process from the UI; flooded, it tops the table with a growing sparkline', async () => {
    const page = suite.ui.page;
    node = await readNodeFacts(page, suite.local.url);
    const flooded = await connectTestUser(node, 'victim');
    victim = flooded;
    sender = await connectTestUser(node, 'sender');

    await page.goto(`${suite.local.url}#/nodes/${encodeURIComponent(node.nodeId)}/processes`);
    await page.getByLabel('Filter by JID').fill(flooded.jid);
    const filtered = page.locator('.process-table tbody tr');
    await expect.poll(() => filtered.count(), { timeout: REFRESH_WAIT_MS }).toBe(1);
    victimPid = (await filtered.first().getAttribute('data-pid'))!;
    await filtered.first().click();
    const detail = page.locator(`.process-detail[data-detail-pid="${victimPid}"]`);
    await detail.getByRole('button', { name: 'Suspend' }).click();
    const dialog = page.locator('dialog.dialog[open]');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await detail.locator('dd[data-status="suspended"]').waitFor({ timeout: REFRESH_WAIT_MS });
    await page.getByLabel('Filter by JID').fill('');

    const row = page.locator(`.process-table tbody tr[data-pid="${victimPid}"]`);
    await flood(25);
    await expect.poll(async () => Number(await row.getAttribute('data-mailbox')), { timeout: REFRESH_WAIT_MS }).toBeGreaterThanOrEqual(25);
    const early = await sparklineValues(row);
    await flood(25);
    await expect.poll(async () => Number(await row.getAttribute('data-mailbox')), { timeout: REFRESH_WAIT_MS }).toBeGreaterThanOrEqual(50);
    // One more refresh, so the sparkline holds a sample of each step.
    await expect.poll(async () => (await sparklineValues(row)).length, { timeout: REFRESH_WAIT_MS }).toBeGreaterThan(early.length + 1);

    const first = page.locator('.process-table tbody tr').first();
    expect(await first.getAttribute('data-pid')).toBe(victimPid);
    const values = await sparklineValues(row);
    expect(values[values.length - 1]).toBeGreaterThanOrEqual(50);
    expect(values[values.length - 1]).toBeGreaterThan(values[0]);
    expect(await row.locator('svg.sparkline').getAttribute('class')).toContain('rising');
    await row.scrollIntoViewIfNeeded();
    await suite.ui.screenshot('processes-table-flooded');
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('pages the flooded mailbox 20 messages at a time, as readable XML', async () => {
    const page = suite.ui.page;
    const mailbox = page.locator(`.process-detail[data-detail-pid="${victimPid}"] .mailbox`);
    await expect.poll(async () => Number(await mailbox.getAttribute('data-mailbox-total')), { timeout: REFRESH_WAIT_MS }).toBeGreaterThanOrEqual(50);
    const items = mailbox.locator('.mailbox-messages li');
    await expect.poll(() => items.count()).toBe(20);
    expect(await mailbox.getAttribute('data-mailbox-offset')).toBe('0');
    expect(await mailbox.locator('[data-mailbox-range]').textContent()).toMatch(/^messages 1–20 of \d+/);
    const firstText = (await items.first().locator('pre.xml').textContent())!;
    expect(firstText).toContain(`${marker}-0`);
    // Pretty-printed: the stanza spans lines, children indented.
    expect(firstText.split('\n').length).toBeGreaterThan(1);
    expect(firstText).toMatch(/\n {2}</);
    await mailbox.scrollIntoViewIfNeeded();
    await suite.ui.screenshot('processes-mailbox-first-20');

    await mailbox.getByRole('button', { name: 'Next 20' }).click();
    await expect.poll(() => mailbox.getAttribute('data-mailbox-offset')).toBe('20');
    await expect.poll(() => items.count()).toBe(20);
    expect(await mailbox.locator('[data-mailbox-range]').textContent()).toMatch(/^messages 21–40 of \d+/);
    expect(await items.first().getAttribute('data-mailbox-index')).toBe('20');
    expect(await items.first().locator('pre.xml').textContent()).toContain(`${marker}-20`);
    await suite.ui.screenshot('processes-mailbox-next-20');
    // The same page in the light theme (system → light → dark → system).
    const themeButton = page.getByRole('button', { name: /^Theme:/ });
    await themeButton.click();
    await page.locator('button', { hasText: 'Theme: light' }).waitFor();
    await suite.ui.screenshot('processes-mailbox-next-20-light');
    await themeButton.click();
    await themeButton.click();
    await page.locator('button', { hasText: 'Theme: system' }).waitFor();

    await mailbox.getByRole('button', { name: 'First 20' }).click();
    await expect.poll(() => mailbox.getAttribute('data-mailbox-offset')).toBe('0');
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('traces the process’s messages live and stops at max_events=5, saying why', async () => {
    const page = suite.ui.page;
    const trace = page.locator(`.process-detail[data-detail-pid="${victimPid}"] .process-trace`);
    await trace.getByLabel('Max events').fill('5');
    await trace.getByRole('button', { name: 'Start trace' }).click();
    await trace.locator('[data-trace-status]').filter({ hasText: 'Tracing' }).waitFor();
    await flood(12);
    await expect.poll(() => trace.getAttribute('data-trace-phase'), { timeout: REFRESH_WAIT_MS }).toBe('stopped');
    expect(await trace.locator('[data-trace-status]').textContent()).toMatch(/Stopped after 5 events: reached its maximum number of events/);
    expect(await trace.locator('li[data-trace-event="received"]').count()).toBe(5);
    expect(await trace.locator('li[data-trace-event]').first().locator('pre.xml').textContent()).toContain(marker);
    await trace.scrollIntoViewIfNeeded();
    await suite.ui.screenshot('processes-trace-stopped');
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);
});
