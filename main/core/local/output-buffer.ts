// A local node's stdout/stderr, kept line by line in a bounded ring so a chatty node cannot grow the
// console's memory: the oldest lines go first and are counted.
import type { OutputLine } from '../../common/node-views.js';

const MAX_LINE_CHARS = 16 * 1024;

export class OutputBuffer {
  private readonly lines: OutputLine[] = [];
  private start = 0;
  dropped = 0;

  constructor(readonly capacity = 5000) {}

  push(stream: OutputLine['stream'], text: string, at = Date.now()): void {
    const line: OutputLine = { stream, at, text: text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}… (${text.length} chars)` : text };
    if (this.lines.length < this.capacity) {
      this.lines.push(line);
      return;
    }
    this.lines[this.start] = line;
    this.start = (this.start + 1) % this.capacity;
    this.dropped++;
  }

  /** The last `limit` lines (all kept by default), oldest first. */
  tail(limit = this.capacity): OutputLine[] {
    const ordered = this.start === 0 ? this.lines.slice() : [...this.lines.slice(this.start), ...this.lines.slice(0, this.start)];
    return limit >= ordered.length ? ordered : ordered.slice(ordered.length - limit);
  }

  clear(): void {
    this.lines.length = 0;
    this.start = 0;
    this.dropped = 0;
  }
}

/** Splits a byte stream into lines, keeping the unfinished last line for the next chunk. */
export class LineSplitter {
  private rest = '';

  push(chunk: string, onLine: (line: string) => void): void {
    const text = this.rest + chunk;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(text.slice(from, end));
      from = nl + 1;
    }
    this.rest = text.slice(from);
    // A line without a newline this long is a runaway write; cut it rather than hold it forever.
    if (this.rest.length > 1024 * 1024) {
      onLine(this.rest);
      this.rest = '';
    }
  }

  flush(onLine: (line: string) => void): void {
    if (this.rest !== '') onLine(this.rest);
    this.rest = '';
  }
}
