// The frame table of a profile under construction: one Frame per distinct name + file + line +
// column, so the same function reached from two places is one row of the sandwich table and one
// colour in the flame graph.
import type { Frame } from './types.js';

export const ANONYMOUS = '(anonymous)';

export function frameKey(name: string, file: string, line: number, column: number): string {
  return `${name}\n${file}:${line}:${column}`;
}

export class FrameTable {
  readonly frames: Frame[] = [];
  /** file → line and column → name → index: no key string is built to look a frame up. */
  private readonly byFile = new Map<string, Map<number, Map<string, number>>>();

  /** The index of the frame, added on first sight. line and column are 1-based, 0 when unknown. */
  intern(name: string, file: string, line: number, column: number): number {
    const frameName = name === '' ? ANONYMOUS : name;
    let byPosition = this.byFile.get(file);
    if (!byPosition) this.byFile.set(file, (byPosition = new Map()));
    // Exact while line < 2^21; past that, two positions may share a slot and are told apart by name only.
    const position = line * 0x100000000 + column;
    let byName = byPosition.get(position);
    if (!byName) byPosition.set(position, (byName = new Map()));
    let index = byName.get(frameName);
    if (index === undefined) {
      index = this.frames.length;
      this.frames.push({ name: frameName, file, line, column, key: frameKey(frameName, file, line, column) });
      byName.set(frameName, index);
    }
    return index;
  }

  /** Adds an existing frame (from another profile) by its key. */
  internFrame(frame: Frame): number {
    return this.intern(frame.name, frame.file, frame.line, frame.column);
  }
}
