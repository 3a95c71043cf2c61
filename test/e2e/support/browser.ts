// Chromium for the UI tests: the system browser driven by playwright-core (it never downloads one),
// with the flags this machine needs, page errors collected, and screenshots saved under
// test-output/e2e/ (git-ignored) so a person can look at them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { launchChromium } from '../../../bench/chromium.js';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/e2e/', import.meta.url));

export interface TestBrowser {
  browser: Browser;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(options: { width?: number; height?: number; colorScheme?: 'dark' | 'light'; timeoutMs?: number } = {}): Promise<TestBrowser> {
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'dark',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(options.timeoutMs ?? 30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    browser,
    page,
    errors,
    async screenshot(name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    close: () => browser.close(),
  };
}

/** After a failed test, saves a screenshot named after it and prints the page's errors. */
export function screenshotFailures(browser: () => TestBrowser | undefined): void {
  afterEach(async (context) => {
    const ui = browser();
    if (context.task.result?.state !== 'fail' || ui === undefined) return;
    const path = await ui.screenshot(`FAILED-${context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
    console.error(`screenshot of the failure: ${path}\npage errors: ${JSON.stringify(ui.errors)}`);
  });
}
