// End to end: a real local node under load from the console's traffic generator is profiled for
// 5 seconds from its Profiler tab; the flame graph shows (Left heavy first, then Time order), a search for one of the node's own router
// or c2s functions (chosen from the profile the test exported) finds it with a share of the total,
// the tooltip and the Left heavy and Sandwich views work; the exported .cpuprofile imports back with
// the same total; folded-stack and speedscope files import; a bad file shows its error; two
// profiles diff; a capture taken elsewhere disables the button; a heap profile is in bytes; a capture
// whose node dies says so and what to do. Screenshots go to test-output/e2e/.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { adminToken, readNodeFacts, useLocalConsole, type NodeFacts } from './support/local-console.js';

const TEST_MS = 240_000;
const CAPTURE_WAIT_MS = 60_000;

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
  children?: number[];
}

const files = mkdtempSync(join(tmpdir(), 'meerkat-profiles-'));
let node: NodeFacts;
let exported: string;
let searched: string;

// The traffic generator stops with the console core in the suite's teardown.
const suite = useLocalConsole(TEST_MS);

afterAll(() => rmSync(files, { recursive: true, force: true }));

/**
 * The node's own function with the most samples under it, from the router or the c2s layer: a
 * name the search must find, whatever this run's load happened to exercise most.
 */
function busiestNodeFunction(profile: { nodes: CpuProfileNode[] }): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<number, number>();
  const total = (n: CpuProfileNode): number => {
    const known = totals.get(n.id);
    if (known !== undefined) return known;
    const sum = (n.hitCount ?? 0) + (n.children ?? []).reduce((s, c) => s + total(byId.get(c)!), 0);
    totals.set(n.id, sum);
    return sum;
  };
  const weight = new Map<string, number>();
  for (const n of profile.nodes) {
    const { functionName, url } = n.callFrame;
    if (functionName === '' || !/embedded-server\/(core|c2s)\//.test(url)) continue;
    weight.set(functionName, (weight.get(functionName) ?? 0) + total(n));
  }
  const best = [...weight].sort((a, b) => b[1] - a[1])[0];
  if (best === undefined || best[1] === 0) throw new Error(`no sampled router or c2s function in the profile (${profile.nodes.length} nodes)`);
  return best[0];
}

function listItems(page: Page) {
  return page.locator('.profile-items li');
}

async function importFile(page: Page, name: string, text: string): Promise<void> {
  const path = join(files, name);
  writeFileSync(path, text);
  await page.locator('input[data-testid="profile-import-input"]').setInputFiles(path);
}

async function searchFor(page: Page, query: string): Promise<{ count: number; share: number }> {
  await page.getByTestId('profile-search').fill(query);
  const summary = page.getByTestId('profile-search-summary');
  await expect.poll(() => summary.textContent()).toMatch(/match/);
  const text = (await summary.textContent())!;
  const match = /^([\d,]+) frames? match(?:es)? · (<?[\d.]+)% of total$/.exec(text);
  if (match === null) throw new Error(`unexpected search summary: ${text}`);
  return { count: Number(match[1].replace(/,/g, '')), share: Number(match[2].replace('<', '')) };
}

describe('the profiler in the browser, against a real local node', () => {
  it('profiles the node under load for 5 s and finds a node function in the flame graph', async () => {
    const page = suite.ui.page;
    node = await readNodeFacts(page, suite.local.url);
    await page.goto(`${suite.local.url}#/nodes/${encodeURIComponent(node.nodeId)}`);
    await page.getByLabel('Users').fill('100');
    await page.getByLabel('Messages/s').fill('4000');
    await page.getByRole('button', { name: 'Start traffic' }).click();
    await page.locator('.traffic-status[data-phase="sending"]').waitFor({ timeout: 30_000 });

    await page.locator('.tabs a', { hasText: 'Profiler' }).click();
    await page.getByTestId('profile-empty').waitFor();
    await suite.ui.screenshot('profiler-empty');
    expect(await page.getByTestId('profile-duration').inputValue()).toBe('5');
    await page.getByRole('button', { name: 'Profile this node' }).click();
    await page.getByTestId('capture-progress').waitFor();
    await suite.ui.screenshot('profiler-capturing');
    const canvas = page.getByTestId('flame-canvas');
    await canvas.first().waitFor({ timeout: CAPTURE_WAIT_MS });
    expect(await listItems(page).count()).toBe(1);
    // A profile opens in Left heavy (where the time goes); Time order is one click away.
    expect(await page.getByRole('tab', { name: 'Left heavy' }).getAttribute('aria-selected')).toBe('true');
    await page.locator('.flame-pane[data-view="left-heavy"] [data-testid="flame-canvas"]').waitFor();
    await page.getByRole('tab', { name: 'Time order' }).click();
    await page.locator('.flame-pane[data-view="time-order"] [data-testid="flame-canvas"]').waitFor();
    await suite.ui.screenshot('profiler-time-order');

    // The exported .cpuprofile is what the node sent: choose the function to search for from it.
    const downloading = page.waitForEvent('download');
    await page.locator('[data-action="export"]').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.cpuprofile$/);
    exported = join(files, download.suggestedFilename());
    await download.saveAs(exported);
    searched = busiestNodeFunction(JSON.parse(readFileSync(exported, 'utf8')) as { nodes: CpuProfileNode[] });

    const found = await searchFor(page, searched);
    expect(found.count, searched).toBeGreaterThan(0);
    expect(found.share, searched).toBeGreaterThan(0);
    await suite.ui.screenshot('profiler-search');

    // The tooltip of the outermost frame (the top row, across the whole width).
    const box = (await canvas.first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 8);
    const tooltip = page.getByTestId('flame-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toMatch(/self/i);
    expect(await tooltip.textContent()).toMatch(/total/i);
    await suite.ui.screenshot('profiler-tooltip');
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('switches to Left heavy and Sandwich (a clicked frame opens there), with callers and callees of the searched function', async () => {
    const page = suite.ui.page;
    await page.getByRole('tab', { name: 'Left heavy' }).click();
    const leftHeavy = page.locator('.flame-pane[data-view="left-heavy"] [data-testid="flame-canvas"]');
    await leftHeavy.waitFor();
    await suite.ui.screenshot('profiler-left-heavy');

    // A frame clicked in the graph opens in the Sandwich.
    const graph = (await leftHeavy.boundingBox())!;
    await page.mouse.click(graph.x + 10, graph.y + 8);
    const open = page.getByRole('button', { name: / in Sandwich →$/ });
    await open.waitFor();
    const clicked = (await open.textContent())!.replace(/ in Sandwich →$/, '');
    await open.click();
    await expect.poll(() => page.locator('.graph-title').first().textContent()).toBe(`Callers of ${clicked}`);
    await page.getByRole('tab', { name: 'Left heavy' }).click();
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: 'Sandwich' }).click();
    const rows = page.locator('[data-testid="sandwich-table"] tbody tr');
    // The search is still on: the table lists the matching functions only.
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    // Other functions' names may contain it ("handle", "handleStanza"): the row whose name is exactly it.
    const exactly = new RegExp(`^${searched.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const row = rows.filter({ has: page.locator('.fn-name', { hasText: exactly }) }).first();
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await page.locator('.flame-pane[data-graph="callers"] [data-testid="flame-canvas"]').waitFor();
    await page.locator('.flame-pane[data-graph="callees"] [data-testid="flame-canvas"]').waitFor();
    expect(await page.locator('.graph-title').first().textContent()).toBe(`Callers of ${searched}`);
    // The callees graph's top row is the function itself: its tooltip has its self and total time.
    const callees = (await page.locator('.flame-pane[data-graph="callees"] [data-testid="flame-canvas"]').boundingBox())!;
    await page.mouse.move(callees.x + callees.width / 2, callees.y + 8);
    const tooltip = page.getByTestId('flame-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.locator('.flame-tooltip-name').textContent()).toBe(searched);
    expect(await tooltip.textContent()).toMatch(/Self\s*[\d.]+ (µs|ms|s)/);
    await suite.ui.screenshot('profiler-sandwich-tooltip');
    await page.mouse.move(0, 0);
    // Sorting by name puts the rows in order.
    await page.locator('.sandwich-table th button', { hasText: 'Function' }).click();
    const names = await rows.locator('.fn-name').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await suite.ui.screenshot('profiler-sandwich');
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('imports the exported .cpuprofile back with the same total, folded and speedscope files (button and drop), and says what is wrong with a bad one', async () => {
    const page = suite.ui.page;
    const captured = listItems(page).first();
    const capturedTotal = await captured.locator('[data-field="total"]').textContent();
    await page.locator('input[data-testid="profile-import-input"]').setInputFiles(exported);
    await expect.poll(() => listItems(page).count()).toBe(2);
    const reimported = listItems(page).first();
    expect(await reimported.locator('.profile-name').textContent()).toBe(exported.split('/').pop());
    expect(await reimported.locator('[data-field="total"]').textContent()).toBe(capturedTotal);

    await importFile(page, 'stacks.folded', ['main;serve;handleStanza;route 40', 'main;serve;handleStanza;deliver 25', 'main;gc 5', ''].join('\n'));
    await expect.poll(() => listItems(page).count()).toBe(3);
    await page.getByTestId('flame-canvas').first().waitFor();
    const folded = await searchFor(page, 'handleStanza');
    expect(folded.count).toBe(1);
    expect(folded.share).toBeCloseTo((65 / 70) * 100, 0);
    await suite.ui.screenshot('profiler-folded');

    const speedscope = {
      $schema: 'https://www.speedscope.app/file-format-schema.json',
      shared: { frames: [{ name: 'main' }, { name: 'parseXml', file: 'parser.js', line: 12 }, { name: 'writeSocket' }] },
      profiles: [{ type: 'sampled', name: 'e2e', unit: 'milliseconds', startValue: 0, endValue: 30, samples: [[0, 1], [0, 1], [0, 2]], weights: [10, 10, 10] }],
    };
    await importFile(page, 'trace.speedscope.json', JSON.stringify(speedscope));
    await expect.poll(() => listItems(page).count()).toBe(4);
    expect(await listItems(page).first().locator('[data-field="total"]').textContent()).toBe('30 ms');
    const parse = await searchFor(page, 'parseXml');
    expect(parse.share).toBeCloseTo(66.7, 0);
    await suite.ui.screenshot('profiler-speedscope');

    await importFile(page, 'notes.json', JSON.stringify({ hello: 'world' }));
    const problems = page.getByTestId('profile-import-errors');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('notes.json');
    expect(await listItems(page).count()).toBe(4);
    await suite.ui.screenshot('profiler-import-error');

    // A file dropped on the workspace imports too (and the previous import's error goes).
    // A string, as it runs in the page (this file is type-checked without the DOM's names).
    await page.evaluate(`(() => {
      const files = new DataTransfer();
      files.items.add(new File(['main;dropped 5\\n'], 'dropped.folded'));
      const workspace = document.querySelector('.profile-workspace');
      for (const type of ['dragover', 'drop']) workspace.dispatchEvent(new DragEvent(type, { dataTransfer: files, bubbles: true, cancelable: true }));
    })()`);
    await expect.poll(() => listItems(page).count()).toBe(5);
    expect(await listItems(page).first().locator('.profile-name').textContent()).toBe('dropped.folded');
    expect(await problems.count()).toBe(0);
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('diffs two profiles: what grew is red, what shrank is blue, with the table of changes', async () => {
    const page = suite.ui.page;
    await importFile(page, 'before.folded', ['main;parse 10', 'main;route 30', 'main;write 20'].join('\n'));
    await importFile(page, 'after.folded', ['main;parse 40', 'main;route 10', 'main;write 10'].join('\n'));
    await expect.poll(() => listItems(page).count()).toBe(7);
    const compare = page.getByTestId('profile-compare');
    await compare.selectOption({ label: 'before.folded' });
    const grew = page.locator('[data-testid="diff-grew"] tbody tr');
    const shrank = page.locator('[data-testid="diff-shrank"] tbody tr');
    await expect.poll(() => grew.count()).toBeGreaterThan(0);
    expect(await grew.first().locator('.fn-name').textContent()).toBe('parse');
    expect(await shrank.first().locator('.fn-name').textContent()).toBe('route');
    await page.locator('.diff-panel [data-testid="flame-canvas"]').waitFor();
    await suite.ui.screenshot('profiler-diff');

    // The same view in the light theme (system → light → dark → system).
    const themeButton = page.getByRole('button', { name: /^Theme:/ });
    await themeButton.click();
    await page.locator('button', { hasText: 'Theme: light' }).waitFor();
    await suite.ui.screenshot('profiler-diff-light');
    await page.getByRole('button', { name: 'Stop comparing' }).click();
    await page.getByRole('tab', { name: 'Left heavy' }).click();
    await suite.ui.screenshot('profiler-left-heavy-light');
    await themeButton.click();
    await themeButton.click();

    // #/profiles shows the same session's profiles.
    await page.locator('.sidebar a', { hasText: 'Profiles' }).click();
    await expect.poll(() => listItems(page).count()).toBe(7);
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('says when the node is busy with a profile taken elsewhere, and enables the button after it', async () => {
    const page = suite.ui.page;
    await page.goto(`${suite.local.url}#/nodes/${encodeURIComponent(node.nodeId)}/profiler`);
    const button = page.getByRole('button', { name: 'Profile this node' });
    await expect.poll(() => button.isEnabled()).toBe(true);
    // Someone else (here: curl's equivalent on the admin API) takes a 3 s profile.
    const elsewhere = fetch(`${node.adminUrl}/api/profiles/cpu`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken(suite.local.dataDir, node.nodeId)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ duration_s: 3 }),
    });
    const busy = page.locator('.capture-form [role="status"]', { hasText: 'already taking a CPU profile' });
    await busy.waitFor({ timeout: 5000 });
    expect(await button.isDisabled()).toBe(true);
    await suite.ui.screenshot('profiler-node-busy');
    expect((await elsewhere).status).toBe(200);
    await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('takes a heap profile in bytes, and a second CPU profile that diffs against the first', async () => {
    const page = suite.ui.page;
    await page.goto(`${suite.local.url}#/nodes/${encodeURIComponent(node.nodeId)}/profiler`);
    await page.getByRole('radio', { name: 'Heap' }).click();
    await page.getByTestId('profile-duration').fill('2');
    await page.getByRole('button', { name: 'Profile this node' }).click();
    await expect.poll(() => listItems(page).count(), { timeout: CAPTURE_WAIT_MS }).toBe(8);
    const heap = listItems(page).first();
    expect(await heap.getAttribute('data-kind')).toBe('heap');
    expect(await heap.locator('[data-field="total"]').textContent()).toMatch(/^[\d.,]+ (B|KB|MB|GB)$/);
    await page.locator('.flame-pane [data-testid="flame-canvas"]').waitFor();
    // A heap profile is a tree without an order in time.
    expect(await page.getByRole('tab', { name: 'Time order' }).isDisabled()).toBe(true);
    const downloading = page.waitForEvent('download');
    await page.locator('[data-action="export"]').click();
    expect((await downloading).suggestedFilename()).toMatch(/\.heapprofile$/);
    await suite.ui.screenshot('profiler-heap');

    await page.getByRole('radio', { name: 'CPU' }).click();
    await page.getByRole('button', { name: 'Profile this node' }).click();
    await expect.poll(() => listItems(page).count(), { timeout: CAPTURE_WAIT_MS }).toBe(9);
    const first = (await listItems(page).last().locator('.profile-name').textContent())!;
    await page.getByTestId('profile-compare').selectOption({ label: first });
    // The heap profile is not offered: only profiles of the same kind compare.
    const offered = await page.getByTestId('profile-compare').locator('option').allTextContents();
    expect(offered.some((o) => /Heap/.test(o))).toBe(false);
    const changed = page.locator('[data-testid="diff-grew"] tbody tr, [data-testid="diff-shrank"] tbody tr');
    await expect.poll(() => changed.count()).toBeGreaterThan(0);
    await suite.ui.screenshot('profiler-diff-cpu');
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('keeps a capture running across tabs, and shows why it failed and what to do when the node dies', async () => {
    const page = suite.ui.page;
    await page.getByTestId('profile-duration').fill('20');
    await page.getByRole('button', { name: 'Profile this node' }).click();
    await page.getByTestId('capture-progress').waitFor();
    await page.locator('.tabs a', { hasText: 'Details' }).click();
    await page.getByRole('button', { name: 'Kill', exact: true }).click();
    await page.locator('dialog.dialog[open]').getByRole('button', { name: 'Kill with SIGKILL' }).click();
    await page.locator('.tabs a', { hasText: 'Profiler' }).click();
    const error = page.getByTestId('capture-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toMatch(/The CPU profile failed: .*Is the node still running\?/);
    // Nothing else is lost.
    expect(await listItems(page).count()).toBe(9);
    await suite.ui.screenshot('profiler-capture-error');
    await error.getByRole('button', { name: 'Dismiss' }).click();
    expect(await error.count()).toBe(0);

    // A profile is removed from the session on its own.
    await page.getByRole('button', { name: 'Remove dropped.folded' }).click();
    await expect.poll(() => listItems(page).count()).toBe(8);
    expect(await page.locator('.profile-items .profile-name').allTextContents()).not.toContain('dropped.folded');
  }, TEST_MS);
});
