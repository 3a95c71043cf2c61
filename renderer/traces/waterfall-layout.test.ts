import { describe, expect, it } from 'vitest';
import type { TraceSpan } from '../../main/common/console-api.js';
import { layoutWaterfall } from './waterfall-layout.js';

function span(spanId: string, parentSpanId: string | null, startMs: number, endMs: number | null): TraceSpan {
  return {
    traceId: 't',
    spanId,
    parentSpanId,
    name: spanId,
    kind: 'internal',
    startMs,
    endMs,
    durationMs: endMs === null ? null : endMs - startMs,
    attributes: {},
    events: [],
    links: [],
    status: { code: 'unset' },
  };
}

describe('waterfall layout', () => {
  it('puts children under their parent in start order, with bars as fractions of the trace', () => {
    const layout = layoutWaterfall([span('b', 'root', 20, 60), span('root', null, 0, 100), span('a', 'root', 10, 30), span('a1', 'a', 12, 14)]);
    expect(layout.rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['root', 0],
      ['a', 1],
      ['a1', 2],
      ['b', 1],
    ]);
    const b = layout.rows.find((r) => r.span.spanId === 'b')!;
    expect(b.left).toBeCloseTo(0.2);
    expect(b.width).toBeCloseTo(0.4);
  });

  it('marks the critical path: the last-finishing child, then what finished before it started', () => {
    // root 0..100; a 5..40 and b 30..90 overlap; c 45..95 ends last; d 0..10 ends before c starts.
    const layout = layoutWaterfall([span('root', null, 0, 100), span('a', 'root', 5, 40), span('c', 'root', 45, 95), span('b', 'root', 30, 90), span('a1', 'a', 6, 39)]);
    expect([...layout.criticalSpanIds].sort()).toEqual(['a', 'a1', 'c', 'root']);
    expect(layout.rows.find((r) => r.span.spanId === 'b')!.critical).toBe(false);
  });

  it('treats a span whose parent is elsewhere as a root, and runs an unended span to the end', () => {
    const layout = layoutWaterfall([span('x', 'remote', 0, 50), span('y', 'x', 10, null)]);
    expect(layout.rows.map((r) => r.depth)).toEqual([0, 1]);
    const y = layout.rows[1]!;
    expect(y.open).toBe(true);
    expect(y.left + y.width).toBeCloseTo(1);
  });
});
