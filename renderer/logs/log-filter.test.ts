import { describe, expect, it } from 'vitest';
import { compileFilter, EMPTY_FILTER, escapeRegExp, withField, type LogFilter } from './log-filter.js';
import { markerRecord, toRecord } from './log-record.js';
import { entry } from './log-test-entries.js';

const records = [
  toRecord(entry('n1', { level: 30, what: 'session_opened', jid: 'alice@localhost/phone', pid: 12, msg: 'Hello' }), 0),
  toRecord(entry('n1', { level: 50, what: 'roster_iq_failed', jid: 'bob@localhost/pc', trace_id: 'abc' }), 1),
  toRecord(entry('n2', { level: 20, what: 'session_opened', to_jid: 'alice@localhost', peer: '127.0.0.1:4000' }), 2),
  toRecord(entry('n2', { level: 35, what: 'custom_level' }), 3),
];

function pass(filter: LogFilter): number[] {
  const test = compileFilter(filter);
  return records.filter(test).map((r) => r.order);
}

describe('compileFilter', () => {
  it('keeps everything with the empty filter', () => {
    expect(pass(EMPTY_FILTER)).toEqual([0, 1, 2, 3]);
  });

  it('filters by level, rounding custom levels down', () => {
    expect(pass({ ...EMPTY_FILTER, levels: ['error'] })).toEqual([1]);
    expect(pass({ ...EMPTY_FILTER, levels: ['info', 'debug'] })).toEqual([0, 2, 3]);
  });

  it('filters by known fields; a bare JID matches its full JIDs in jid, from_jid and to_jid', () => {
    expect(pass(withField(EMPTY_FILTER, { key: 'what', value: 'session_opened' }))).toEqual([0, 2]);
    expect(pass(withField(EMPTY_FILTER, { key: 'jid', value: 'alice@localhost' }))).toEqual([0, 2]);
    expect(pass(withField(EMPTY_FILTER, { key: 'jid', value: 'alice@localhost/phone' }))).toEqual([0]);
    expect(pass(withField(EMPTY_FILTER, { key: 'jid', value: 'alice@local' }))).toEqual([]);
    expect(pass(withField(EMPTY_FILTER, { key: 'pid', value: '12' }))).toEqual([0]);
    expect(pass(withField(EMPTY_FILTER, { key: 'trace_id', value: 'abc' }))).toEqual([1]);
    expect(pass(withField(EMPTY_FILTER, { key: 'node', value: 'n2' }))).toEqual([2, 3]);
  });

  it('filters by any other field of the line', () => {
    expect(pass(withField(EMPTY_FILTER, { key: 'peer', value: '127.0.0.1:4000' }))).toEqual([2]);
    expect(pass(withField(EMPTY_FILTER, { key: 'peer', value: '127.0.0.1:4001' }))).toEqual([]);
  });

  it('finds numbers and booleans of other fields without taking a longer number for them', () => {
    const lines = [
      toRecord(entry('n1', { count: 12, ok: true }), 0),
      toRecord(entry('n1', { count: 123, ok: false }), 1),
      toRecord(entry('n1', { nested: { count: 12 }, count: 7 }), 2),
      toRecord(entry('n1', { Peer: 'Host-A' }), 3),
    ];
    const orders = (key: string, value: string) => lines.filter(compileFilter(withField(EMPTY_FILTER, { key, value }))).map((r) => r.order);
    expect(orders('count', '12')).toEqual([0]);
    expect(orders('count', '123')).toEqual([1]);
    expect(orders('count', '7')).toEqual([2]);
    expect(orders('ok', 'false')).toEqual([1]);
    expect(orders('Peer', 'Host-A')).toEqual([3]);
    expect(orders('Peer', 'host-a')).toEqual([]);
  });

  it('excludes a field value', () => {
    expect(pass(withField(EMPTY_FILTER, { key: 'what', value: 'session_opened', exclude: true }))).toEqual([1, 3]);
  });

  it('replaces the opposite filter on the same field and value', () => {
    const once = withField(EMPTY_FILTER, { key: 'what', value: 'x' });
    expect(withField(once, { key: 'what', value: 'x', exclude: true }).fields).toEqual([{ key: 'what', value: 'x', exclude: true }]);
  });

  it('matches text case-insensitively anywhere in the line, and combines filters with AND', () => {
    expect(pass({ ...EMPTY_FILTER, text: 'HELLO' })).toEqual([0]);
    expect(pass({ ...EMPTY_FILTER, text: 'session' })).toEqual([0, 2]);
    expect(pass({ ...withField(EMPTY_FILTER, { key: 'node', value: 'n2' }), text: 'session' })).toEqual([2]);
  });

  it('never filters away a gap marker, except by node', () => {
    const gap = markerRecord('n1', 0, { kind: 'dropped', count: 3 }, 9);
    expect(compileFilter({ ...EMPTY_FILTER, text: 'nothing matches this' })(gap)).toBe(true);
    expect(compileFilter(withField(EMPTY_FILTER, { key: 'node', value: 'n2' }))(gap)).toBe(false);
  });
});

describe('escapeRegExp', () => {
  it('makes any text match itself literally', () => {
    for (const text of ['a.b', 'x*y+z?', '(1|2)', '[a]{2}', 'c:\\path', '$^/']) {
      expect(new RegExp(escapeRegExp(text)).test(`before ${text} after`)).toBe(true);
      expect(new RegExp(`^${escapeRegExp(text)}$`).test(text.replace(/./, '_'))).toBe(false);
    }
  });
});

describe('text filter', () => {
  it('treats regular-expression characters in the text as plain characters', () => {
    const r = toRecord(entry('n1', { msg: 'took (12.5 ms) [slow]' }), 0);
    expect(compileFilter({ ...EMPTY_FILTER, text: '(12.5 MS) [SLOW]' })(r)).toBe(true);
    expect(compileFilter({ ...EMPTY_FILTER, text: '(12x5' })(r)).toBe(false);
  });
});
