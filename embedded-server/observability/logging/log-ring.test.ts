import { describe, expect, it } from 'vitest';
import { blankFields, type LogFields } from './log-filter.js';
import { queryRing, queryRingInSlices } from './log-query.js';
import { LogRing } from './log-ring.js';

function fields(overrides: Partial<LogFields>): LogFields {
  return { ...blankFields(), time: 1_700_000_000_000, level: 30, ...overrides };
}

function line(obj: Record<string, unknown>): string {
  return JSON.stringify(obj) + '\n';
}

/** Appends n info lines numbered from `from`; each line's `n` is its number. */
function fill(ring: LogRing, n: number, from = 1, padding = ''): void {
  for (let i = from; i < from + n; i++) ring.append(fields({ what: 'tick', pid: i }), line({ level: 30, what: 'tick', n: i, padding }));
}

describe('LogRing storage', () => {
  it('keeps the newest `capacity` entries with contiguous sequence numbers after wrapping around', () => {
    const ring = new LogRing({ capacity: 100 });
    fill(ring, 250);
    expect(ring.size).toBe(100);
    expect(ring.oldestSeq).toBe(151);
    expect(ring.newestSeq).toBe(250);
    expect(ring.get(150)).toBeUndefined();
    expect(JSON.parse(ring.get(151)!.line)).toMatchObject({ n: 151 });
    expect(JSON.parse(ring.get(250)!.line)).toMatchObject({ n: 250 });
    const newest = ring.query({ limit: 1000 }).entries;
    expect(newest.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 250 - i));
    expect(newest.every((e) => JSON.parse(e.line).n === e.seq)).toBe(true);
  });

  it('bounds the bytes of text it keeps, evicting the oldest lines, and returns every kept line intact', () => {
    const maxBytes = 64 * 1024;
    const ring = new LogRing({ capacity: 100_000, maxBytes });
    const padding = 'x'.repeat(1000);
    fill(ring, 500, 1, padding);
    const stats = ring.stats();
    expect(stats.bytes).toBeLessThanOrEqual(maxBytes);
    expect(stats.entries).toBeLessThan(500);
    expect(stats.entries).toBeGreaterThan(40);
    expect(ring.newestSeq).toBe(500);
    for (let seq = ring.oldestSeq; seq <= ring.newestSeq; seq++) expect(JSON.parse(ring.get(seq)!.line)).toEqual({ level: 30, what: 'tick', n: seq, padding });
  });

  it('round-trips multi-byte text through the byte buffer', () => {
    const ring = new LogRing({ capacity: 10, maxBytes: 4096 });
    const text = 'Grüße, 你好, emoji 🦦 and a quote "';
    for (let i = 0; i < 40; i++) ring.append(fields({ what: 'said' }), line({ what: 'said', text, i }));
    expect(ring.size).toBeGreaterThan(0);
    for (const entry of ring.query({ limit: 100 }).entries) expect(JSON.parse(entry.line)).toMatchObject({ text });
  });

  it('keeps a stand-in with the filter fields for a line too long for the ring', () => {
    const ring = new LogRing({ capacity: 10, maxBytes: 4096 });
    ring.append(fields({ what: 'huge_stanza', jid: 'a@localhost/r', pid: 7 }), line({ what: 'huge_stanza', xml: 'y'.repeat(10_000) }));
    const entry = ring.get(1)!;
    expect(JSON.parse(entry.line)).toMatchObject({ what: 'huge_stanza', jid: 'a@localhost/r', pid: 7 });
    expect(JSON.parse(entry.line).ring_line_omitted_chars).toBeGreaterThan(10_000);
    expect(entry.what).toBe('huge_stanza');
  });

  it('answers "after since" oldest first and counts what was evicted past `since` as missed', () => {
    const ring = new LogRing({ capacity: 100 });
    fill(ring, 250);
    const after = ring.query({ sinceSeq: 240, limit: 5 });
    expect(after.entries.map((e) => e.seq)).toEqual([241, 242, 243, 244, 245]);
    expect(after.missed).toBe(0);
    const stale = ring.query({ sinceSeq: 100, limit: 3 });
    expect(stale.missed).toBe(50);
    expect(stale.entries.map((e) => e.seq)).toEqual([151, 152, 153]);
    expect(ring.query({ sinceSeq: 250, limit: 10 }).entries).toEqual([]);
  });

  it('counts lines written without a `what`', () => {
    const ring = new LogRing({ capacity: 10 });
    ring.append(fields({ what: undefined }), line({ msg: 'no what' }));
    ring.append(fields({ what: 'fine' }), line({ what: 'fine' }));
    expect(ring.stats().withoutWhat).toBe(1);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new LogRing({ capacity: 0 })).toThrow(RangeError);
  });
});

describe('LogRing filters', () => {
  const ring = new LogRing({ capacity: 1000 });
  const add = (f: Partial<LogFields>, extra: Record<string, unknown> = {}) => ring.append(fields(f), line({ ...f, ...extra }));
  add({ level: 20, what: 'c2s_stanza_in', module: 'c2s', jid: 'alice@localhost/phone', pid: 11 });
  add({ level: 30, what: 'session_opened', module: 'c2s', jid: 'alice@localhost/laptop', pid: 12, trace_id: 'aaaa' });
  add({ level: 30, what: 'message_routed', module: 'router', from_jid: 'bob@localhost/x', to_jid: 'alice@localhost', trace_id: 'aaaa' });
  add({ level: 40, what: 'c2s_stream_error', module: 'c2s', jid: 'carol@localhost/r', pid: 13 }, { text: 'Too MANY failures' });
  add({ level: 50, what: 'hook_handler_failed', module: 'hooks' });
  add({ level: 30, what: 'session_opened', module: 'c2s', jid: 'alice@localhost.evil/r', pid: 14 });

  const whats = (q: Parameters<LogRing['query']>[0]) =>
    ring
      .query(q)
      .entries.map((e) => e.what)
      .reverse();

  it('by minimum level', () => {
    expect(whats({ limit: 100, minLevel: 40 })).toEqual(['c2s_stream_error', 'hook_handler_failed']);
  });

  it('by what: exact values and prefixes', () => {
    expect(whats({ limit: 100, what: ['session_opened'] })).toEqual(['session_opened', 'session_opened']);
    expect(whats({ limit: 100, what: ['c2s_*', 'hook_handler_failed'] })).toEqual(['c2s_stanza_in', 'c2s_stream_error', 'hook_handler_failed']);
  });

  it('by module', () => {
    expect(whats({ limit: 100, module: ['router', 'hooks'] })).toEqual(['message_routed', 'hook_handler_failed']);
  });

  it('by jid: a bare JID matches its full JIDs in jid, from_jid and to_jid, and nothing else', () => {
    expect(whats({ limit: 100, jid: 'alice@localhost' })).toEqual(['c2s_stanza_in', 'session_opened', 'message_routed']);
    expect(whats({ limit: 100, jid: 'alice@localhost/laptop' })).toEqual(['session_opened']);
    expect(whats({ limit: 100, jid: 'bob@localhost' })).toEqual(['message_routed']);
  });

  it('by pid and trace_id', () => {
    expect(whats({ limit: 100, pid: 13 })).toEqual(['c2s_stream_error']);
    expect(whats({ limit: 100, trace_id: 'aaaa' })).toEqual(['session_opened', 'message_routed']);
  });

  it('by text, case-insensitively and literally', () => {
    expect(whats({ limit: 100, text: 'too many' })).toEqual(['c2s_stream_error']);
    expect(whats({ limit: 100, text: 'alice@localhost.evil' })).toEqual(['session_opened']);
    expect(whats({ limit: 100, text: '.*' })).toEqual([]);
  });

  it('combined, newest first, up to the limit', () => {
    const entries = ring.query({ limit: 1, module: ['c2s'], minLevel: 30 }).entries;
    expect(entries.map((e) => e.pid)).toEqual([14]);
  });
});

describe('LogRing text buffer', () => {
  it('grows with the lines it keeps up to maxBytes, keeping every line intact across growth and wraparound', () => {
    const maxBytes = 8 * 1024 * 1024;
    const ring = new LogRing({ capacity: 100_000, maxBytes });
    expect(ring.stats().bufferBytes).toBe(1024 * 1024);
    fill(ring, 20_000, 1, 'p'.repeat(500));
    const stats = ring.stats();
    expect(stats.bufferBytes).toBe(maxBytes);
    expect(stats.bytes).toBeLessThanOrEqual(maxBytes);
    expect(ring.newestSeq).toBe(20_000);
    for (let seq = ring.oldestSeq; seq <= ring.newestSeq; seq++) expect(JSON.parse(ring.get(seq)!.line).n).toBe(seq);
  });

  it('stays small when the count bound keeps few bytes', () => {
    const ring = new LogRing({ capacity: 1000, maxBytes: 64 * 1024 * 1024 });
    fill(ring, 50_000, 1, 'p'.repeat(100));
    expect(ring.stats().bufferBytes).toBe(1024 * 1024);
    expect(ring.size).toBe(1000);
    expect(JSON.parse(ring.get(50_000)!.line).n).toBe(50_000);
  });
});

describe('queryRingInSlices', () => {
  it('finds what queryRing finds', async () => {
    const ring = new LogRing({ capacity: 50_000 });
    fill(ring, 50_000);
    ring.append(fields({ what: 'needle' }), line({ what: 'needle', note: 'Find ME' }));
    fill(ring, 10_000, 50_002);
    for (const q of [{ limit: 5, text: 'find me' }, { limit: 3, what: ['needle', 'tick'] }, { limit: 100, sinceSeq: 30_000, text: '"n":3' }]) {
      const sliced = await queryRingInSlices(ring, q);
      expect(sliced.entries.map((e) => e.seq)).toEqual(queryRing(ring, q).entries.map((e) => e.seq));
      expect(sliced.entries.length).toBeGreaterThan(0);
    }
  });

  it('lets lines be logged meanwhile: new ones are after its snapshot, evicted ones count as missed', async () => {
    const ring = new LogRing({ capacity: 10_000 });
    fill(ring, 10_000);
    let appending = true;
    const appendMore = () => {
      if (!appending) return;
      fill(ring, 5000, ring.newestSeq + 1);
      setImmediate(appendMore);
    };
    setImmediate(appendMore);
    const result = await queryRingInSlices(ring, { sinceSeq: 0, limit: 1_000_000, text: 'tick' });
    appending = false;
    expect(result.newestSeq).toBe(10_000);
    expect(result.missed).toBeGreaterThan(0);
    const seqs = result.entries.map((e) => e.seq);
    expect(seqs.every((seq, i) => seq <= 10_000 && (i === 0 || seq > seqs[i - 1]))).toBe(true);
    // Every line up to the snapshot was either searched (all match) or counted as missed.
    expect(result.missed + seqs.length).toBe(10_000);
  });
});
