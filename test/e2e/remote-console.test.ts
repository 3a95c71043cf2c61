// End to end: the remote console (xterm.js in the browser mode) attached to a real local node's
// REPL: it evaluates `1 + 1` and `top('mailbox', 3)`; a read-only connection refuses kick(); when
// the node goes away the terminal says so on a marker line.
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestClient } from '../support/xmpp-clients.js';
import { connectTestUser, readNodeFacts, useLocalConsole, type NodeFacts } from './support/local-console.js';

const TEST_MS = 120_000;
/** The REPL's prompt on a screen line (trailing blanks trimmed). */
const PROMPT = /^meerkat\(.*\)>( |$)/;

let client: TestClient | undefined;
let node: NodeFacts;

const suite = useLocalConsole(TEST_MS, async () => {
  await client?.stop();
});

/** The terminal's screen as text lines (the DOM renderer keeps one div per row). */
function screenLines(page: Page): Promise<string[]> {
  return page.locator('.remote-console-terminal .xterm-rows > div').evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

/** What the REPL printed after the last echo of `input`, up to the next prompt. */
async function outputAfter(page: Page, input: string): Promise<string> {
  const lines = await screenLines(page);
  let at = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.endsWith(`> ${input}`)) {
      at = i;
      break;
    }
  }
  if (at < 0) return '';
  const after: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (PROMPT.test(line)) break;
    after.push(line);
  }
  return after.join('\n');
}

async function run(page: Page, input: string, expected: RegExp): Promise<string> {
  await page.locator('.remote-console-terminal .xterm').click();
  await page.keyboard.type(input);
  await page.keyboard.press('Enter');
  await expect.poll(() => outputAfter(page, input), { timeout: 15_000 }).toMatch(expected);
  return outputAfter(page, input);
}

async function nodesRequest(url: string, name: string, req: unknown): Promise<unknown> {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/api/ws${u.search}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ t: 'req', id: 1, name, req }));
  const reply = await new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
  ws.close();
  return reply;
}

describe('the remote console in the browser, against a real local node', () => {
  it('evaluates 1 + 1 and top(\'mailbox\', 3)', async () => {
    const page = suite.ui.page;
    node = await readNodeFacts(page, suite.local.url);
    // A logged-in client, so the process table has a c2s process to rank.
    client = await connectTestUser(node, 'console');
    await page.goto(`${suite.local.url}#/nodes/${encodeURIComponent(node.nodeId)}/console`);
    await page.locator('.remote-console[data-state="open"]').waitFor();
    await expect.poll(async () => (await screenLines(page)).some((l) => PROMPT.test(l))).toBe(true);
    expect((await run(page, '1 + 1', /^2$/m)).trim()).toBe('2');
    await run(page, "top('mailbox', 3)", /kind: 'c2s'/);
    await suite.ui.screenshot('remote-console');
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('refuses kick() on a read-only connection, and still runs the inspection helpers', async () => {
    const page = suite.ui.page;
    await page.locator('[data-control="console-mode"]').selectOption('read_only');
    await page.locator('.remote-console[data-mode="read_only"][data-state="open"]').waitFor();
    await expect.poll(async () => (await screenLines(page)).join('\n')).toContain('read-only');
    await run(page, 'kick("x@localhost")', /Refused: this console is read-only/);
    await run(page, "top('mailbox', 3)", /kind: 'c2s'/);
    await suite.ui.screenshot('remote-console-read-only');
    expect(suite.ui.errors).toEqual([]);
  }, TEST_MS);

  it('marks the end when the node goes away', async () => {
    const page = suite.ui.page;
    const reply = (await nodesRequest(suite.local.url, 'localNodes.kill', { nodeId: node.nodeId })) as { t: string };
    expect(reply.t).toBe('res');
    await page.locator('.remote-console[data-state="lost"]').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await screenLines(page)).join('\n')).toMatch(/── node gone: .* ──/);
    await suite.ui.screenshot('remote-console-node-gone');
  }, TEST_MS);
});
