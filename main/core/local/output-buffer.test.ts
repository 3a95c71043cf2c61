import { describe, expect, it } from 'vitest';
import { LineSplitter, OutputBuffer } from './output-buffer.js';

describe('OutputBuffer', () => {
  it('keeps the newest lines in order and counts the dropped ones', () => {
    const buffer = new OutputBuffer(3);
    for (let i = 1; i <= 5; i++) buffer.push('stdout', `line ${i}`, i);
    expect(buffer.tail().map((l) => l.text)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(buffer.tail(2).map((l) => l.text)).toEqual(['line 4', 'line 5']);
    expect(buffer.dropped).toBe(2);
  });
});

describe('LineSplitter', () => {
  it('joins lines split across chunks and strips CR', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter();
    splitter.push('a\r\nb', (l) => lines.push(l));
    splitter.push('c\nd', (l) => lines.push(l));
    expect(lines).toEqual(['a', 'bc']);
    splitter.flush((l) => lines.push(l));
    expect(lines).toEqual(['a', 'bc', 'd']);
  });
});
