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
  private readonly byKey = new Map<string, number>();

  /** The index of the frame, added on first sight. line and column are 1-based, 0 when unknown. */
  intern(name: string, file: string, line: number, column: number): number {
    const frameName = name === '' ? ANONYMOUS : name;
    const key = frameKey(frameName, file, line, column);
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.frames.length;
      this.frames.push({ name: frameName, file, line, column, key });
      this.byKey.set(key, index);
    }
    return index;
  }

  /** Adds an existing frame (from another profile) by its key. */
  internFrame(frame: Frame): number {
    return this.intern(frame.name, frame.file, frame.line, frame.column);
  }
}
