// The system Chromium driven by playwright-core (it never downloads one), with the flags this
// machine needs: one place for the benches and the end-to-end tests.
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium unless MEERKAT_CHROMIUM names another. */
export const CHROMIUM = process.env.MEERKAT_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export function launchChromium(executablePath: string = CHROMIUM): Promise<Browser> {
  return chromium.launch({ executablePath, args: FLAGS });
}
