// A trace's spans laid out as a waterfall: rows in tree order (children under their parent, in
// start order), each with its depth and its bar as fractions of the trace's time span, and the
// critical path: from the root, the child that finished last, then, before that child started,
// the child that finished last before it, and so on down each chosen child (Jaeger's reading).
import type { TraceSpan } from '../../main/common/console-api.js';

export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** Bar start and width as fractions of the trace's extent (0..1). */
  left: number;
  width: number;
  /** The span never ended (the bar runs to the trace's end). */
  open: boolean;
  critical: boolean;
}

export interface WaterfallLayout {
  rows: WaterfallRow[];
  startMs: number;
  endMs: number;
  criticalSpanIds: ReadonlySet<string>;
}

function endOf(span: TraceSpan, traceEndMs: number): number {
  return span.endMs ?? traceEndMs;
}

export function criticalPath(spans: readonly TraceSpan[], children: ReadonlyMap<string, TraceSpan[]>, roots: readonly TraceSpan[], traceEndMs: number): Set<string> {
  const path = new Set<string>();
  const walk = (span: TraceSpan): void => {
    path.add(span.spanId);
    const kids = [...(children.get(span.spanId) ?? [])].sort((a, b) => endOf(b, traceEndMs) - endOf(a, traceEndMs));
    let horizon = endOf(span, traceEndMs);
    for (const kid of kids) {
      if (endOf(kid, traceEndMs) > horizon) continue;
      walk(kid);
      horizon = kid.startMs;
    }
  };
  if (spans.length === 0) return path;
  const last = [...roots].sort((a, b) => endOf(b, traceEndMs) - endOf(a, traceEndMs))[0];
  if (last !== undefined) walk(last);
  return path;
}

export function layoutWaterfall(spans: readonly TraceSpan[]): WaterfallLayout {
  if (spans.length === 0) return { rows: [], startMs: 0, endMs: 0, criticalSpanIds: new Set() };
  const ids = new Set(spans.map((s) => s.spanId));
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.endMs ?? s.startMs));
  const extent = Math.max(endMs - startMs, 1e-3);
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  const byStart = [...spans].sort((a, b) => a.startMs - b.startMs);
  for (const span of byStart) {
    // A parent outside this node's part of the trace (a remote caller) makes the span a root here.
    if (span.parentSpanId === null || !ids.has(span.parentSpanId)) roots.push(span);
    else children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
  }
  const critical = criticalPath(spans, children, roots, endMs);
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (span: TraceSpan, depth: number): void => {
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    const end = endOf(span, endMs);
    rows.push({
      span,
      depth,
      left: (span.startMs - startMs) / extent,
      width: Math.max((end - span.startMs) / extent, 0),
      open: span.endMs === null,
      critical: critical.has(span.spanId),
    });
    for (const kid of children.get(span.spanId) ?? []) visit(kid, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return { rows, startMs, endMs, criticalSpanIds: critical };
}
