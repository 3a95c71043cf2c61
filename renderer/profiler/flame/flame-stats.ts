// Figures of the flame graph for the bench and the end-to-end tests, on window.__meerkatFlame: the
// time of recent draws, the time from a new layout to its first drawn frame, how many rectangles
// the layout has and how many the last frame drew, and the search matches. One recorder per page
// (the hook is one per page); with several graphs on screen the figures mix, which a bench that
// shows one graph does not mind. Read-only: nothing here changes what is drawn.

const RECENT_DRAWS = 1000;

export interface FlameMatches {
  /** Rectangles whose frame matches. */
  rects: number;
  /** Share of the graph's x axis under matching rectangles (nested ones counted once), 0..1. */
  share: number;
}

export interface MeerkatFlameHooks {
  /** The most recent draws (up to 1,000), oldest first, ms each. */
  frames(): number[];
  /** Draws since the page loaded: lets a reader take only the draws after a point. */
  totalDraws(): number;
  /** From the latest new layout (index built) to the end of its first draw, ms. */
  firstFrameMs(): number | undefined;
  /** performance.now() at the end of that first draw. */
  firstFrameAt(): number | undefined;
  /** The first draw alone, ms (the rest of firstFrameMs is preparing the layout and React). */
  firstDrawMs(): number | undefined;
  /** Rectangles in the layout drawn last. */
  rects(): number;
  /** Fills the last frame made: rectangles drawn one by one plus merged runs of thin ones. */
  drawn(): number;
  /** Matches of the current highlight, when there is one. */
  matches(): FlameMatches | undefined;
}

declare global {
  interface Window {
    __meerkatFlame?: MeerkatFlameHooks;
  }
}

export class FlameStats {
  private readonly draws = new Float64Array(RECENT_DRAWS);
  private count = 0;
  private first: { ms: number; at: number; drawMs: number } | undefined;
  private rectCount = 0;
  private drawnCount = 0;
  private matchFigure: FlameMatches | undefined;

  recordDraw(ms: number, rects: number, drawn: number): void {
    this.draws[this.count % RECENT_DRAWS] = ms;
    this.count++;
    this.rectCount = rects;
    this.drawnCount = drawn;
  }

  recordFirstFrame(ms: number, at: number, drawMs: number): void {
    this.first = { ms, at, drawMs };
  }

  recordMatches(matches: FlameMatches | undefined): void {
    this.matchFigure = matches;
  }

  hooks(): MeerkatFlameHooks {
    return Object.freeze({
      frames: () => {
        const n = Math.min(this.count, RECENT_DRAWS);
        const out: number[] = [];
        for (let k = this.count - n; k < this.count; k++) out.push(this.draws[k % RECENT_DRAWS]);
        return out;
      },
      totalDraws: () => this.count,
      firstFrameMs: () => this.first?.ms,
      firstFrameAt: () => this.first?.at,
      firstDrawMs: () => this.first?.drawMs,
      rects: () => this.rectCount,
      drawn: () => this.drawnCount,
      matches: () => (this.matchFigure === undefined ? undefined : { ...this.matchFigure }),
    });
  }
}

let pageStats: FlameStats | undefined;

/** The page's recorder, installed as window.__meerkatFlame on first use. */
export function flameStats(): FlameStats {
  if (pageStats === undefined) {
    pageStats = new FlameStats();
    // Not writable, so a test cannot replace it by mistake; configurable, so a module reloaded in
    // development can install its own.
    if (typeof window !== 'undefined') Object.defineProperty(window, '__meerkatFlame', { value: pageStats.hooks(), writable: false, configurable: true });
  }
  return pageStats;
}

/**
 * Matches of a highlight over a layout: in a flame graph two rectangles overlap on the x axis only
 * when one is inside the other, so the union of the matching ranges counts nested matches once.
 */
export function matchesOf(start: Float64Array, width: Float64Array, frame: Int32Array, count: number, total: number, highlight: Uint8Array): FlameMatches {
  const hits: number[] = [];
  for (let i = 0; i < count; i++) if (highlight[frame[i]] !== 0) hits.push(i);
  hits.sort((a, b) => start[a] - start[b]);
  let covered = 0;
  let end = -Infinity;
  for (const i of hits) {
    const s = start[i];
    const e = s + width[i];
    if (e <= end) continue;
    covered += e - Math.max(s, end);
    end = e;
  }
  return { rects: hits.length, share: total > 0 ? covered / total : 0 };
}
