// Console bench: a local node logging 20,000 lines/s for 60 s (--quick: 10 s) into the browser mode,
// the merged log tail open and following in Chromium. Measured in the page: the longest main-thread
// task (PerformanceObserver 'longtask', which reports tasks of 50 ms and more), the JS heap over
// time (CDP Runtime.getHeapUsage), the lines that arrived and were dropped, and then the time of a
// full filter pass over the buffered lines through the logs view's own code (window.__meerkat).
// Not a timed test: it prints figures.
// Run: npm run build && node dist/bench/console-bench.js [--quick] [--rate N] [--seconds N] [--profile page.cpuprofile]
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { findPackageRoot, plainNodeLauncher } from '../main/core/local/node-launcher.js';
import { ConsoleCore } from '../main/core/service/console-core.js';
import { startWebConsole } from '../main/web/web-console.js';

export interface ConsoleBenchOptions {
  quick?: boolean;
  /** Lines per second the node writes (default 20,000). */
  rate?: number;
  /** Seconds of logging measured (default 60, quick 10). */
  seconds?: number;
  chromium?: string;
  /** Progress lines (default stderr). */
  progress?: (line: string) => void;
  /** Write a CPU profile of the page over the measured seconds here (.cpuprofile, for DevTools). */
  profileFile?: string;
}

export interface FilterFigure {
  filter: string;
  buffered: number;
  matched: number;
  /** Gap markers (dropped lines) in the result: every filter keeps them. */
  gaps: number;
  ms: number;
}

export interface ConsoleBenchResult {
  rate_lines_per_s: number;
  seconds: number;
  /** Longest task seen by the long-task observer while following; 0 when none reached 50 ms. */
  longest_task_ms: number;
  long_tasks_over_50ms: number;
  long_tasks_over_100ms: number;
  /** Lines that reached the page's buffer during the run, per second. */
  received_lines_per_s: number;
  buffered_lines: number;
  evicted_lines: number;
  stream_dropped_lines: number;
  /**
   * Used JS heap: sampled each second (garbage included, so it saws up and down with the major
   * GCs), and after a forced full GC at the end (what the page really holds).
   */
  heap_used_mb: { at_start: number; max: number; at_end: number; after_gc_at_end: number; samples: { t_s: number; mb: number; lines: number }[] };
  filters: FilterFigure[];
  following_at_end: boolean;
  /** Lines held twice in the buffer (same node, same text); should be 0. */
  duplicate_lines: number;
  notes: string[];
}

interface PageFigures {
  lines: number;
  evicted: number;
  streamDropped: number;
  longest: number;
  over50: number;
  over100: number;
}

declare const window: {
  __meerkat?: {
    logLines(): number;
    logDropped(): { evicted: number; streamDropped: number };
    logDuplicates(): number;
    measureFilter(spec: unknown): { buffered: number; matched: number; gaps: number; ms: number };
  };
  __benchLongTasks: number[];
};
declare const PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => { observe(o: unknown): void };
declare const document: { querySelector(s: string): unknown };

async function ensureRenderer(root: string, progress: (line: string) => void): Promise<string> {
  const dir = join(root, 'out', 'renderer');
  if (existsSync(join(dir, 'index.html'))) return dir;
  progress('console bench: building the renderer (out/renderer is missing)…');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  return dir;
}

async function figures(page: Page): Promise<PageFigures> {
  return page.evaluate(() => {
    const hooks = window.__meerkat!;
    const dropped = hooks.logDropped();
    const tasks = window.__benchLongTasks;
    return {
      lines: hooks.logLines(),
      evicted: dropped.evicted,
      streamDropped: dropped.streamDropped,
      longest: tasks.reduce((m, d) => Math.max(m, d), 0),
      over50: tasks.length,
      over100: tasks.filter((d) => d >= 100).length,
    };
  });
}

export async function runConsoleBench(options: ConsoleBenchOptions = {}): Promise<ConsoleBenchResult> {
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rate = options.rate ?? 20_000;
  const seconds = options.seconds ?? (options.quick ? 10 : 60);
  const root = findPackageRoot();
  const rendererDir = await ensureRenderer(root, progress);
  const chattyNode = fileURLToPath(new URL('./chatty-node.js', import.meta.url));
  const dataDir = mkdtempSync(join(tmpdir(), 'meerkat-console-bench-'));
  const notes: string[] = [];
  const core = await ConsoleCore.open({
    mode: 'web',
    dataDir,
    launcher: plainNodeLauncher({ cliPath: chattyNode, env: { ...process.env, MEERKAT_BENCH_LOG_RATE: String(rate) } }),
  });
  const web = await startWebConsole({ backend: core.backend, rendererDir, port: 0 });
  const browser = await launchChromium(options.chromium);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(() => {
      window.__benchLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__benchLongTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const cdp = await page.context().newCDPSession(page);
    const heapMb = async () => ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / (1024 * 1024);

    progress(`console bench: node logging ${rate} lines/s; waiting for the first lines in the page…`);
    await page.goto(`${web.url}#/logs`);
    await page.waitForFunction(() => (window.__meerkat?.logLines() ?? 0) > 1000, undefined, { timeout: 120_000, polling: 250 });
    // Start the clock from here: long tasks of the page load and of the node's start are not the tail's.
    await page.evaluate(() => (window.__benchLongTasks = []));
    const start = await figures(page);
    const startedAt = Date.now();
    const samples: { t_s: number; mb: number; lines: number }[] = [];
    const heapAtStart = await heapMb();
    if (options.profileFile !== undefined) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    for (let s = 1; s <= seconds; s++) {
      await page.waitForTimeout(Math.max(0, startedAt + s * 1000 - Date.now()));
      const f = await figures(page);
      samples.push({ t_s: s, mb: round(await heapMb()), lines: f.lines });
      if (s % 10 === 0 || s === seconds) progress(`  ${s} s: ${f.lines} lines buffered, heap ${samples[samples.length - 1].mb} MB, longest task ${round(f.longest)} ms`);
    }
    const end = await figures(page);
    if (options.profileFile !== undefined) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      writeFileSync(options.profileFile, JSON.stringify(profile));
      notes.push(`page CPU profile: ${options.profileFile}`);
    }
    const elapsed = (Date.now() - startedAt) / 1000;
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGc = await heapMb();
    const following = (await page.evaluate(() => document.querySelector('.new-lines') === null)) as boolean;
    const duplicates = (await page.evaluate(() => window.__meerkat!.logDuplicates())) as number;
    const received = end.lines + end.evicted - (start.lines + start.evicted);

    // Stop the flood's effect on the measurement: leave the tail page, then time filter passes over
    // everything buffered (the flood keeps going in the node; the store is no longer painted).
    const filters: FilterFigure[] = [];
    for (const [label, spec] of [
      ['text "user42@"', { text: 'user42@' }],
      ['field what = roster_push', { fields: [{ key: 'what', value: 'roster_push' }] }],
      ['field jid = user7@localhost', { fields: [{ key: 'jid', value: 'user7@localhost' }] }],
      ['levels warn and above', { levels: ['warn', 'error', 'fatal'] }],
      ['any other field: seq_in_bench = 12345', { fields: [{ key: 'seq_in_bench', value: '12345' }] }],
    ] as const) {
      const result = await page.evaluate((s) => window.__meerkat!.measureFilter(s), spec as unknown);
      filters.push({ filter: label, buffered: result.buffered, matched: result.matched, gaps: result.gaps, ms: round(result.ms) });
    }
    if (end.lines < 200_000) notes.push(`only ${end.lines} lines were buffered (fewer than 200,000): the filter figures are for that many`);
    const mbs = samples.map((x) => x.mb);
    return {
      rate_lines_per_s: rate,
      seconds,
      longest_task_ms: round(end.longest),
      long_tasks_over_50ms: end.over50,
      long_tasks_over_100ms: end.over100,
      received_lines_per_s: Math.round(received / elapsed),
      buffered_lines: end.lines,
      evicted_lines: end.evicted,
      stream_dropped_lines: end.streamDropped,
      heap_used_mb: { at_start: round(heapAtStart), max: Math.max(...mbs), at_end: mbs[mbs.length - 1], after_gc_at_end: round(heapAfterGc), samples },
      filters,
      following_at_end: following,
      duplicate_lines: duplicates,
      notes,
    };
  } finally {
    await browser.close();
    await web.close();
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at === -1 ? undefined : argv[at + 1];
  };
  const number = (flag: string) => (value(flag) === undefined ? undefined : Number(value(flag)));
  const result = await runConsoleBench({ quick: argv.includes('--quick'), rate: number('--rate'), seconds: number('--seconds'), profileFile: value('--profile') });
  const { samples, ...heap } = result.heap_used_mb;
  process.stdout.write(`${JSON.stringify({ ...result, heap_used_mb: { ...heap, samples: samples.length } })}\n`);
  process.stdout.write(`${JSON.stringify({ heap_samples: samples })}\n`);
}
