// `npm run bench -- flame`: the profiler's flame graph at 100,000 frames in Chromium. A synthetic
// .cpuprofile (the model's own generator) is imported through the profiler view's file input in
// the browser mode, and measured in the page:
// (a) import: the input's change event → the end of the first flame graph draw (reading and
//     parsing in the parse worker, unpacking, layout, React, draw);
// (b) render: the loaded profile clicked in the list → its first frame in "Left heavy" (the view a
//     profile opens in), and the "Time order" tab clicked → its first frame (layout, React, draw),
//     5 times each;
// then ~3 s of wheel zooms and drag pans in each view driven by playwright, with the time of each
// draw (window.__meerkatFlame) and the interval between animation frames. Parse and layouts are
// also timed alone in Node (same model code). Not a timed test: it prints figures (docs/benchmarks.md).
// Run: npm run build && npm run bench -- flame   (or node dist/bench/flame-bench.js [--frames N] [--renderer-dir DIR] [--profile page.cpuprofile])
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { findPackageRoot } from '../main/core/local/node-launcher.js';
import { ConsoleCore } from '../main/core/service/console-core.js';
import { startWebConsole } from '../main/web/web-console.js';
import { leftHeavyLayout, timeOrderLayout } from '../renderer/profiler/model/layout.js';
import { parseProfileFile } from '../renderer/profiler/model/parse-file.js';
import { syntheticProfile } from '../renderer/profiler/model/synthetic.js';
import { CONSOLE_TARGETS } from './bench-report.js';
import { percentile } from './latency-stats.js';


/** Times the loaded profile is selected again for the render figure (b). */
const RENDER_REPEATS = 5;

export interface FlameBenchOptions {
  frames?: number;
  seed?: number;
  /** Seconds of zooming and panning. */
  interactSeconds?: number;
  chromium?: string;
  /** Write a CPU profile of the page during the zooms and pans here (.cpuprofile, for DevTools). */
  profileFile?: string;
  /** The built renderer to serve (default out/renderer). */
  rendererDir?: string;
  progress?: (line: string) => void;
}

export interface InteractionFigure {
  view: string;
  rects: number;
  seconds: number;
  wheel_events: number;
  drags: number;
  draws: number;
  draw_ms: Spread;
  raf_interval_ms: Spread;
  /** Fills of the last frame (rectangles drawn one by one + merged runs). */
  drawn_last_frame: number;
}

export interface FlameFigure {
  frames_requested: number;
  /** Rectangles in the first layout shown (what the canvas holds). */
  rects: number;
  file_mb: number;
  /** The view shown first after the import (the selected tab). */
  first_view: string;
  /** Input change event → end of the first draw of the new layout, in the page. */
  first_frame_ms: number;
  /** Of that: new layout received by the graph → first draw done (row index + draw). */
  graph_first_frame_ms: number;
  /** Of that: the first draw alone. */
  graph_first_draw_ms: number;
  /** The rest: reading the file, parsing, layout, React (first_frame_ms − graph_first_frame_ms). */
  before_graph_ms: number;
  /**
   * Of before_graph_ms, the import's steps as the page measured them (User Timing, profile-parser.ts):
   * in the parse worker, reading the file, parsing (JSON.parse and the model) and packing; in the
   * window, unpacking. The rest is the message's transit, the layout and React.
   */
  import_steps_ms?: { read: number; parse: number; pack: number; unpack: number };
  /** The longest interval between animation frames from the file input to the first frame: the window's longest stall. */
  import_longest_frame_ms?: number;
  /** The same model code timed in Node, for the split of before_graph_ms. */
  node_parse_ms: number;
  node_time_order_layout_ms: number;
  node_left_heavy_layout_ms: number;
  /** Switching to "Left heavy" when the first view is another: click → its first draw (null: it is the first view). */
  left_heavy_switch_ms: number | null;
  left_heavy_rects: number | null;
  /** (b) A loaded profile clicked in the list → its first "Left heavy" frame (ms, over the repeats); absent in older figures. */
  render_left_heavy_ms?: Spread;
  /** (b) Then its "Time order" tab clicked → its first frame. */
  render_time_order_ms?: Spread;
  time_order_rects?: number;
  /** (b) against the < 200 ms aim: both views' median. */
  meets_render_target?: boolean;
  /** Zooming and panning, in the first view and then in "Left heavy". */
  interaction: InteractionFigure[];
  meets_first_frame_target: boolean;
  meets_frame_target: boolean;
  notes: string[];
}

declare const window: {
  __meerkatFlame?: {
    frames(): number[];
    totalDraws(): number;
    firstFrameMs(): number | undefined;
    firstFrameAt(): number | undefined;
    firstDrawMs(): number | undefined;
    rects(): number;
    drawn(): number;
  };
  __benchChangeAt?: number;
  __benchClickAt?: number;
  __benchRaf: { on: boolean; times: number[] };
};
declare const document: { addEventListener(type: string, fn: (e: { target: unknown }) => void, capture: boolean): void };
declare function requestAnimationFrame(cb: (t: number) => void): number;

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export interface Spread {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length === 0 ? Number.NaN : round(percentile(sorted, p)));
  return { count: sorted.length, p50: at(50), p95: at(95), max: at(100) };
}

/** Writes the synthetic profile as a .cpuprofile; returns its path, size, and the Node-side timings. */
function writeProfile(dir: string, frames: number, seed: number) {
  const text = JSON.stringify(syntheticProfile({ frames, seed }));
  const file = join(dir, `synthetic-${frames}.cpuprofile`);
  writeFileSync(file, text);
  // Node-side split: the same parse and layouts the view runs (best of 3, after a warm-up).
  const best = (fn: () => unknown) => {
    let min = Infinity;
    for (let i = 0; i < 4; i++) {
      const t = performance.now();
      fn();
      if (i > 0) min = Math.min(min, performance.now() - t);
    }
    return round(min);
  };
  let parsed = parseProfileFile(file, text, 'bench');
  const parseMs = best(() => (parsed = parseProfileFile(file, text, 'bench')));
  return {
    file,
    mb: round(Buffer.byteLength(text) / 1024 / 1024),
    parseMs,
    timeOrderMs: best(() => timeOrderLayout(parsed)),
    leftHeavyMs: best(() => leftHeavyLayout(parsed.root)),
  };
}

async function waitFirstFrameAfter(page: Page, since: number, timeoutMs: number): Promise<{ at: number; ms: number; drawMs: number; rects: number }> {
  await page.waitForFunction((t) => (window.__meerkatFlame?.firstFrameAt() ?? -1) > t, since, { timeout: timeoutMs, polling: 'raf' });
  return page.evaluate(() => {
    const hooks = window.__meerkatFlame!;
    return { at: hooks.firstFrameAt()!, ms: hooks.firstFrameMs()!, drawMs: hooks.firstDrawMs()!, rects: hooks.rects() };
  });
}

/** The last import's steps, from the User Timing measures the profile parser leaves. */
async function importSteps(page: Page): Promise<{ read: number; parse: number; pack: number; unpack: number }> {
  const last = (await page.evaluate(() => {
    const found: Record<string, number> = {};
    for (const entry of performance.getEntriesByType('measure')) found[entry.name] = entry.duration;
    return found;
  })) as Record<string, number | undefined>;
  const step = (name: string) => round(last[name] ?? Number.NaN);
  return { read: step('profile read'), parse: step('profile parse'), pack: step('profile pack'), unpack: step('profile unpack') };
}

/** Clicks and returns the page's time of the click (capture listener) and the first frame drawn after it. */
async function clickToFirstFrame(page: Page, target: ReturnType<Page['locator']>): Promise<{ ms: number; rects: number }> {
  await page.mouse.move(0, 0);
  await target.click();
  const clickAt = (await page.evaluate(() => window.__benchClickAt)) as number;
  const frame = await waitFirstFrameAfter(page, clickAt, 60_000);
  return { ms: round(frame.at - clickAt), rects: frame.rects };
}

/** ~`seconds` of wheel zooms around moving points and horizontal/vertical drags over the canvas. */
async function interact(page: Page, seconds: number): Promise<{ wheels: number; drags: number }> {
  const box = await page.locator('[data-testid="flame-canvas"]').first().boundingBox();
  if (box === null) throw new Error('the flame canvas has no box on screen');
  const at = (fx: number, fy: number) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
  let wheels = 0;
  let drags = 0;
  const end = Date.now() + seconds * 1000;
  let pass = 0;
  while (Date.now() < end) {
    // Zoom in around a point, pan a little while zoomed, zoom back out: deep and shallow views both.
    const fx = 0.15 + 0.7 * ((pass * 0.37) % 1);
    let p = at(fx, 0.3);
    await page.mouse.move(p.x, p.y);
    for (let i = 0; i < 8; i++, wheels++) await page.mouse.wheel(0, -200);
    p = at(0.5, 0.5);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) {
      const q = at(0.5 + (i % 2 === 0 ? 0.03 : -0.02) * i, 0.5 + 0.01 * i);
      await page.mouse.move(q.x, q.y);
    }
    await page.mouse.up();
    drags++;
    p = at(1 - fx, 0.3);
    await page.mouse.move(p.x, p.y);
    for (let i = 0; i < 8; i++, wheels++) await page.mouse.wheel(0, 220);
    pass++;
  }
  return { wheels, drags };
}

/** Draw times and animation-frame intervals over `seconds` of input on the graph on screen. */
async function measureInteraction(page: Page, seconds: number, view: string, rects: number, cdp: CDPSession | undefined): Promise<InteractionFigure> {
  const drawsBefore = (await page.evaluate(() => window.__meerkatFlame!.totalDraws())) as number;
  await page.evaluate(() => {
    window.__benchRaf.times = [];
    window.__benchRaf.on = true;
  });
  await cdp?.send('Profiler.start');
  const started = Date.now();
  const { wheels, drags } = await interact(page, seconds);
  const elapsed = (Date.now() - started) / 1000;
  const after = await page.evaluate(() => {
    window.__benchRaf.on = false;
    const hooks = window.__meerkatFlame!;
    return { total: hooks.totalDraws(), frames: hooks.frames(), drawn: hooks.drawn(), raf: window.__benchRaf.times };
  });
  const drawCount = after.total - drawsBefore;
  const draws = after.frames.slice(Math.max(0, after.frames.length - drawCount));
  return {
    view,
    rects,
    seconds: round(elapsed),
    wheel_events: wheels,
    drags,
    draws: drawCount,
    draw_ms: spread(draws),
    raf_interval_ms: spread(after.raf.slice(1).map((t, i) => t - after.raf[i])),
    drawn_last_frame: after.drawn,
  };
}

export async function runFlameBench(options: FlameBenchOptions = {}): Promise<FlameFigure> {
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const frames = options.frames ?? 100_000;
  const seconds = options.interactSeconds ?? 3;
  const notes: string[] = [];
  const root = findPackageRoot();
  const rendererDir = options.rendererDir ?? join(root, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`${rendererDir} has no index.html: run \`npm run build\` first (the bench drives the built profiler view)`);
  const dir = mkdtempSync(join(tmpdir(), 'meerkat-flame-bench-'));
  progress(`bench: flame — generating a ${frames.toLocaleString('en-US')}-frame profile…`);
  const written = writeProfile(dir, frames, options.seed ?? 1);
  const core = await ConsoleCore.open({ mode: 'web', dataDir: join(dir, 'console'), startLocalNodes: false });
  const web = await startWebConsole({ backend: core.backend, rendererDir, port: 0 });
  const browser = await launchChromium(options.chromium);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript(() => {
      window.__benchRaf = { on: false, times: [] };
      const tick = (t: number) => {
        if (window.__benchRaf.on) window.__benchRaf.times.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      // Capture phase on the document: runs before the view's own change handler.
      document.addEventListener('change', () => (window.__benchChangeAt = performance.now()), true);
      document.addEventListener('click', () => (window.__benchClickAt = performance.now()), true);
    });
    await page.goto(`${web.url}#/profiles`);
    const input = page.locator('input[data-testid="profile-import-input"]');
    await input.waitFor({ state: 'attached', timeout: 30_000 });
    progress(`bench: flame — importing ${written.mb} MB through the profiler view…`);
    // Animation frames during the import: how long the window's thread was held at once.
    await page.evaluate(() => {
      window.__benchRaf.times = [];
      window.__benchRaf.on = true;
    });
    await input.setInputFiles(written.file);
    const changeAt = await page.waitForFunction(() => window.__benchChangeAt, undefined, { timeout: 10_000 }).then((h) => h.jsonValue() as Promise<number>);
    const first = await waitFirstFrameAfter(page, changeAt, 120_000);
    const importRaf = (await page.evaluate(() => {
      window.__benchRaf.on = false;
      return window.__benchRaf.times;
    })) as number[];
    const importLongestFrame = round(Math.max(0, ...importRaf.slice(1).map((t, i) => t - importRaf[i])));
    const firstView = (await page.locator('[role="tab"][aria-selected="true"]').first().textContent({ timeout: 5000 }).catch(() => null)) ?? '(no tab selected)';
    progress(`  first frame ${round(first.at - changeAt)} ms after the file input changed (${first.rects.toLocaleString('en-US')} rectangles)`);
    const steps = await importSteps(page);
    progress(`  longest animation frame meanwhile ${importLongestFrame} ms (the window's thread held at once)`);
    progress(`  of which read ${steps.read} ms, parse ${steps.parse} ms, pack ${steps.pack} ms (in the worker), unpack ${steps.unpack} ms, the graph ${round(first.ms)} ms`);

    const interaction: InteractionFigure[] = [];
    const cdp = options.profileFile === undefined ? undefined : await page.context().newCDPSession(page);
    if (cdp !== undefined) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    }
    const measure = async (view: string, rects: number) => {
      progress(`bench: flame — ${seconds} s of wheel zooms and drags in "${view}"…`);
      await page.waitForTimeout(300);
      const figure = await measureInteraction(page, seconds, view, rects, cdp);
      if (figure.draws > 1000) notes.push(`${view}: only the last 1,000 of ${figure.draws} draws were kept by the page`);
      interaction.push(figure);
    };
    await measure(firstView.trim(), first.rects);

    let leftHeavySwitch: number | null = null;
    let leftHeavyRects: number | null = null;
    const leftHeavy = page.getByRole('tab', { name: 'Left heavy' });
    const timeOrder = page.getByRole('tab', { name: 'Time order' });
    if (!/left heavy/i.test(firstView)) {
      const switched = await clickToFirstFrame(page, leftHeavy);
      leftHeavySwitch = switched.ms;
      leftHeavyRects = switched.rects;
    }

    // (b) The render alone: a small profile is imported so that the big one can be selected again.
    progress(`bench: flame — selecting the loaded profile ${RENDER_REPEATS} times (Left heavy, then Time order)…`);
    const small = join(dir, 'small.folded');
    writeFileSync(small, 'main;work 3\nmain;idle 1\n');
    const smallChange = (await page.evaluate(() => performance.now())) as number;
    await input.setInputFiles(small);
    await waitFirstFrameAfter(page, smallChange, 30_000);
    const bigItem = page.locator('.profile-item', { hasText: basename(written.file) });
    const smallItem = page.locator('.profile-item', { hasText: 'small.folded' });
    const leftHeavyRenders: number[] = [];
    const timeOrderRenders: number[] = [];
    let timeOrderRects = 0;
    for (let i = 0; i < RENDER_REPEATS; i++) {
      const selected = await clickToFirstFrame(page, bigItem);
      leftHeavyRenders.push(selected.ms);
      const ordered = await clickToFirstFrame(page, timeOrder);
      timeOrderRenders.push(ordered.ms);
      timeOrderRects = ordered.rects;
      if (i < RENDER_REPEATS - 1) await clickToFirstFrame(page, smallItem);
    }
    const renderLeftHeavy = spread(leftHeavyRenders);
    const renderTimeOrder = spread(timeOrderRenders);
    progress(`  Left heavy: list click → first frame p50 ${renderLeftHeavy.p50} ms (max ${renderLeftHeavy.max}); Time order: tab click → first frame p50 ${renderTimeOrder.p50} ms (max ${renderTimeOrder.max}), ${timeOrderRects.toLocaleString('en-US')} rectangles`);
    await measure('Time order', timeOrderRects);
    if (cdp !== undefined && options.profileFile !== undefined) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      writeFileSync(options.profileFile, JSON.stringify(profile));
      notes.push(`page CPU profile of the zooms and pans: ${options.profileFile}`);
    }
    if (pageErrors.length > 0) notes.push(`page errors: ${pageErrors.slice(0, 3).join(' | ')}`);
    const firstFrame = round(first.at - changeAt);
    return {
      frames_requested: frames,
      rects: first.rects,
      file_mb: written.mb,
      first_view: firstView.trim(),
      first_frame_ms: firstFrame,
      graph_first_frame_ms: round(first.ms),
      graph_first_draw_ms: round(first.drawMs),
      before_graph_ms: round(first.at - changeAt - first.ms),
      import_steps_ms: steps,
      import_longest_frame_ms: importLongestFrame,
      node_parse_ms: written.parseMs,
      node_time_order_layout_ms: written.timeOrderMs,
      node_left_heavy_layout_ms: written.leftHeavyMs,
      left_heavy_switch_ms: leftHeavySwitch,
      left_heavy_rects: leftHeavyRects,
      render_left_heavy_ms: renderLeftHeavy,
      render_time_order_ms: renderTimeOrder,
      time_order_rects: timeOrderRects,
      meets_render_target: renderLeftHeavy.p50 < CONSOLE_TARGETS.flame_first_frame_ms && renderTimeOrder.p50 < CONSOLE_TARGETS.flame_first_frame_ms,
      interaction,
      meets_first_frame_target: firstFrame < CONSOLE_TARGETS.flame_first_frame_ms,
      meets_frame_target: interaction.every((f) => f.draw_ms.p95 < CONSOLE_TARGETS.flame_frame_ms),
      notes,
    };
  } finally {
    await browser.close();
    await web.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at === -1 ? undefined : argv[at + 1];
  };
  const frames = value('--frames');
  const result = await runFlameBench({ frames: frames === undefined ? undefined : Number(frames), rendererDir: value('--renderer-dir'), profileFile: value('--profile') });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
