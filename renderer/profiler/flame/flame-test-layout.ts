// A small FlameLayout for the flame graph's unit tests, from rows of [start, width, frame] triples.
import type { FlameLayout, Frame } from '../model/types.js';

export function testLayout(rows: [number, number, number][][], total: number): FlameLayout {
  const flat = rows.flatMap((row, depth) => row.map(([start, width, frame]) => ({ start, width, frame, depth })));
  return {
    count: flat.length,
    total,
    rows: rows.length,
    start: Float64Array.from(flat, (r) => r.start),
    width: Float64Array.from(flat, (r) => r.width),
    depth: Uint16Array.from(flat, (r) => r.depth),
    frame: Int32Array.from(flat, (r) => r.frame),
    self: Float64Array.from(flat, () => 0),
    nodeTotal: Float64Array.from(flat, (r) => r.width),
  };
}

export function testFrame(name: string, file = ''): Frame {
  return { name, file, line: 0, column: 0, key: `${name}\u0000${file}` };
}
