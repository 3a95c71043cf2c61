import { describe, it, expect } from 'vitest';
import { Jid, JidError, makeJid, parseJid, tryParseJid } from './jid.js';

function parts(s: string): [string, string, string] {
  const jid = parseJid(s);
  return [jid.local, jid.domain, jid.resource];
}

describe('parseJid: RFC 7622 §3.5 examples', () => {
  const valid: [string, [string, string, string]][] = [
    ['juliet@example.com', ['juliet', 'example.com', '']],
    ['juliet@example.com/foo', ['juliet', 'example.com', 'foo']],
    ['juliet@example.com/foo bar', ['juliet', 'example.com', 'foo bar']],
    ['juliet@example.com/foo@bar/baz', ['juliet', 'example.com', 'foo@bar/baz']],
    ['foo\\20bar@example.com', ['foo\\20bar', 'example.com', '']],
    ['fussball@example.com', ['fussball', 'example.com', '']],
    ['fußball@example.com', ['fußball', 'example.com', '']],
    ['π@example.com', ['π', 'example.com', '']],
    ['Σ@example.com/foo', ['σ', 'example.com', 'foo']],
    ['σ@example.com/foo', ['σ', 'example.com', 'foo']],
    ['ς@example.com/foo', ['ς', 'example.com', 'foo']],
    ['king@example.com/♚', ['king', 'example.com', '♚']],
    ['example.com', ['', 'example.com', '']],
    ['example.com/foobar', ['', 'example.com', 'foobar']],
    ['a.example.com/b@example.net', ['', 'a.example.com', 'b@example.net']],
  ];
  for (const [input, expected] of valid) {
    it(`accepts ${input}`, () => {
      expect(parts(input)).toEqual(expected);
    });
  }

  const invalid = [
    '"juliet"@example.com',
    'foo bar@example.com',
    'juliet@@example.com',
    '@example.com/',
    '@example.com',
    'juliet@example.com/',
    'juliet@',
    '/foobar',
    '',
    '♚@example.com',
  ];
  for (const input of invalid) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      expect(() => parseJid(input)).toThrow(JidError);
      expect(tryParseJid(input)).toBeUndefined();
    });
  }
});

describe('parseJid: normalization', () => {
  it('case-folds the localpart and domainpart but not the resourcepart', () => {
    expect(parseJid('Juliet@Example.COM/Balcony').toString()).toBe('juliet@example.com/Balcony');
  });

  it('maps full-width characters in the localpart (NFKC)', () => {
    expect(parseJid('ＪＵＬＩＥＴ@example.com').local).toBe('juliet');
  });

  it('composes the localpart and resourcepart (NFC)', () => {
    expect(parseJid('cafe\u0301@example.com/cafe\u0301').local).toBe('caf\u00e9');
    expect(parseJid('cafe\u0301@example.com/cafe\u0301').resource).toBe('caf\u00e9');
  });

  it('maps non-ASCII spaces in the resourcepart to U+0020', () => {
    expect(parseJid('a@example.com/foo\u00a0bar').resource).toBe('foo bar');
  });

  it('strips exactly one trailing dot from the domainpart', () => {
    expect(parseJid('juliet@example.com./x').domain).toBe('example.com');
    expect(() => parseJid('juliet@example.com..')).toThrow(JidError);
    expect(parseJid('example\u3002com').domain).toBe('example.com');
  });

  it('accepts IP literals', () => {
    expect(parseJid('juliet@192.0.2.1').domain).toBe('192.0.2.1');
    expect(parseJid('juliet@[2001:DB8::1]/r').domain).toBe('[2001:db8::1]');
    expect(() => parseJid('juliet@[not-an-ip]')).toThrow(JidError);
    expect(() => parseJid('juliet@[::1')).toThrow(JidError);
  });

  it('accepts internationalized domain names, lower-cased', () => {
    expect(parseJid('juliet@EXAMPLE.Ünïcode.example').domain).toBe('example.ünïcode.example');
  });
});

describe('parseJid: refusals', () => {
  it.each(['"', '&', "'", '/', ':', '<', '>', '@', ' ', '\t', '\u0000'])('refuses %j in the localpart', (c) => {
    // '/' and '@' change how the string splits; either way the result is not the intended JID.
    const jid = tryParseJid(`ju${c}liet@example.com`);
    expect(jid === undefined || jid.local !== `ju${c}liet`).toBe(true);
    expect(() => makeJid(`ju${c}liet`, 'example.com')).toThrow(JidError);
  });

  it('refuses bad domain labels', () => {
    for (const domain of ['exa mple.com', 'example..com', '.example.com', '-example.com', 'example-.com', 'exa$mple.com', 'a'.repeat(64) + '.com']) {
      expect(tryParseJid(`juliet@${domain}`), domain).toBeUndefined();
    }
    expect(parseJid(`juliet@${'a'.repeat(63)}.com`).domain).toHaveLength(67);
    expect(parseJid('juliet@under_score.example').domain).toBe('under_score.example');
  });

  it('refuses control characters in the resourcepart', () => {
    expect(tryParseJid('juliet@example.com/a\u0007b')).toBeUndefined();
    expect(tryParseJid('juliet@example.com/a\u007fb')).toBeUndefined();
  });

  it('limits each part to 1023 UTF-8 bytes', () => {
    expect(parseJid(`${'a'.repeat(1023)}@example.com`).local).toHaveLength(1023);
    expect(tryParseJid(`${'a'.repeat(1024)}@example.com`)).toBeUndefined();
    expect(parseJid(`a@example.com/${'é'.repeat(511)}`).resource).toHaveLength(511);
    expect(tryParseJid(`a@example.com/${'é'.repeat(512)}`)).toBeUndefined(); // 1024 bytes, 512 characters
    expect(tryParseJid(`a@example.com/${'x'.repeat(1024)}`)).toBeUndefined();
  });

  it('throws a JidError with the jid-malformed code', () => {
    try {
      parseJid('@');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(JidError);
      expect((err as JidError).code).toBe('jid-malformed');
    }
  });
});

describe('Jid', () => {
  it('derives the bare JID and its string forms', () => {
    const full = parseJid('juliet@example.com/balcony');
    expect(full.isBare()).toBe(false);
    expect(full.bare().toString()).toBe('juliet@example.com');
    expect(full.bare().isBare()).toBe(true);
    expect(full.bareString()).toBe('juliet@example.com');
    expect(parseJid('example.com/r').bareString()).toBe('example.com');
    const bare = parseJid('juliet@example.com');
    expect(bare.bare()).toBe(bare);
    expect(`${full}`).toBe('juliet@example.com/balcony');
  });

  it('compares normalized parts', () => {
    expect(parseJid('Juliet@Example.com/r').equals(parseJid('juliet@example.com/r'))).toBe(true);
    expect(parseJid('juliet@example.com/r').equals(parseJid('juliet@example.com/R'))).toBe(false);
    expect(parseJid('juliet@example.com/r').equals(parseJid('juliet@example.com'))).toBe(false);
    expect(parseJid('juliet@example.com/r').equals(undefined)).toBe(false);
    expect(parseJid('juliet@example.com/r').bareEquals(parseJid('JULIET@example.com/s'))).toBe(true);
  });

  it('builds from separate parts with makeJid', () => {
    expect(makeJid('Juliet', 'Example.com', 'balcony')).toEqual(new Jid('juliet', 'example.com', 'balcony'));
    expect(makeJid(undefined, 'example.com').toString()).toBe('example.com');
    expect(makeJid('', 'example.com', '').toString()).toBe('example.com');
    expect(() => makeJid('a', '')).toThrow(JidError);
  });
});
