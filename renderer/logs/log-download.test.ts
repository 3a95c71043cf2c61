import { describe, expect, it } from 'vitest';
import { downloadName, toJsonLines } from './log-download.js';
import { markerRecord, toRecord } from './log-record.js';
import { entry } from './log-test-entries.js';

describe('toJsonLines', () => {
  it('writes each line as the node wrote it and gaps as their own lines', () => {
    const line = toRecord(entry('n1', { what: 'x', msg: 'hi' }), 0);
    const gap = markerRecord('n1', Date.UTC(2026, 0, 1), { kind: 'dropped', count: 7 }, 1);
    const text = toJsonLines([line, gap]);
    const [first, second, rest] = text.split('\n');
    expect(first).toBe(line.line);
    expect(JSON.parse(second)).toMatchObject({ node: 'n1', what: 'meerkat_gap', time: '2026-01-01T00:00:00.000Z' });
    expect(JSON.parse(second).msg).toContain('7 lines dropped');
    expect(rest).toBe('');
  });

  it('names the file after the scope and time, safe for any file system', () => {
    expect(downloadName('local 1/a', 'visible', new Date(Date.UTC(2026, 10, 22, 8, 5, 3)))).toBe('meerkat-logs-local_1_a-visible-2026-11-22T08-05-03.jsonl');
  });
});
