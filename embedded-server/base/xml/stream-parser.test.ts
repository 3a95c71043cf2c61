import { describe, it, expect } from 'vitest';
import { StringDecoder } from 'node:string_decoder';
import ltxParse from 'ltx/src/parse.js';
import { NS } from '../namespaces.js';
import type { XmlElement } from './element.js';
import { DEFAULT_LIMITS, StreamParser } from './stream-parser.js';
import type { ParserLimits, StreamParseError } from './stream-parser.js';

const HEADER = `<stream:stream xmlns='jabber:client' xmlns:stream='${NS.stream}' to='example.com' version='1.0'>`;

interface Recorder {
  parser: StreamParser;
  events: string[];
  stanzas: XmlElement[];
  errors: StreamParseError[];
  starts: Record<string, string>[];
}

function recorder(limits?: Partial<ParserLimits>): Recorder {
  const r: Recorder = { events: [], stanzas: [], errors: [], starts: [], parser: undefined as unknown as StreamParser };
  r.parser = new StreamParser(
    {
      onStreamStart(attrs) {
        r.starts.push(attrs);
        r.events.push('start ' + JSON.stringify(attrs));
      },
      onStanza(el) {
        r.stanzas.push(el);
        r.events.push('stanza ' + el.toString());
      },
      onStreamEnd() {
        r.events.push('end');
      },
      onError(err) {
        r.errors.push(err);
        r.events.push('error ' + err.condition);
      },
    },
    limits,
  );
  return r;
}

function run(input: string, limits?: Partial<ParserLimits>): Recorder {
  const r = recorder(limits);
  r.parser.write(input);
  return r;
}

function errorOf(input: string, limits?: Partial<ParserLimits>): string | undefined {
  const r = run(input, limits);
  expect(r.errors.length).toBeLessThanOrEqual(1);
  return r.errors[0]?.condition;
}

/** Feeds UTF-8 bytes the way a socket would: arbitrary cuts, decoded with a StringDecoder. */
function feedBytes(parser: StreamParser, bytes: Buffer, cuts: number[]): void {
  const decoder = new StringDecoder('utf8');
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const text = decoder.write(bytes.subarray(from, cut));
    if (text.length > 0) parser.write(text);
    from = cut;
  }
}

describe('StreamParser: the stream', () => {
  it('reports the header, each top-level element and the close', () => {
    const r = run(
      `<?xml version='1.0' encoding='UTF-8'?>${HEADER}<starttls xmlns='${NS.tls}'/>` +
        `<message to='romeo@example.net' id='1'><body>hi</body></message> \n<iq type='get' id='2'/></stream:stream>`,
    );
    expect(r.errors).toEqual([]);
    expect(r.starts).toEqual([{ xmlns: 'jabber:client', 'xmlns:stream': NS.stream, to: 'example.com', version: '1.0' }]);
    expect(r.stanzas.map((s) => s.toString())).toEqual([
      `<starttls xmlns="${NS.tls}"/>`,
      '<message to="romeo@example.net" id="1"><body>hi</body></message>',
      '<iq type="get" id="2"/>',
    ]);
    expect(r.events.at(-1)).toBe('end');
    expect(r.parser.ended).toBe(true);
  });

  it('lets stanzas resolve the stream default namespace through their parent', () => {
    const r = run(`${HEADER}<message><body>x</body><x xmlns='urn:other'><y/></x></message>`);
    const message = r.stanzas[0];
    expect(message.xmlns).toBe(NS.client);
    expect(message.parent?.name).toBe('stream:stream');
    expect(message.parent?.children).toEqual([]);
    expect(message.getChild('body')?.parent).toBe(message);
    expect(message.getChild('x')?.getChild('y')?.xmlns).toBe('urn:other');
  });

  it('unescapes text and attribute values', () => {
    const r = run(`${HEADER}<message to='a&amp;b' id="q&quot;&apos;&lt;&gt;"><body>&lt;tag&gt; &amp; &#65;&#x42;&#x1F600; "'</body></message>`);
    const m = r.stanzas[0];
    expect(m.attrs.to).toBe('a&b');
    expect(m.attrs.id).toBe(`q"'<>`);
    expect(m.getChildText('body')).toBe(`<tag> & AB😀 "'`);
  });

  it('normalizes line ends in text and whitespace in attribute values (XML §2.11, §3.3.3)', () => {
    const r = run(`${HEADER}<message id='a\tb\r\nc\nd&#10;e'><body>1\r\n2\r3\n4&#13;</body></message>`);
    expect(r.stanzas[0].attrs.id).toBe('a b c d\ne');
    expect(r.stanzas[0].getChildText('body')).toBe('1\n2\n3\n4\r');
  });

  it('reads CDATA sections as text', () => {
    const r = run(`${HEADER}<message><body>a<![CDATA[<b> & ]] ]>]]>c</body></message>`);
    expect(r.stanzas[0].getChildText('body')).toBe('a<b> & ]] ]>c');
    expect(r.stanzas[0].getChild('body')?.children).toHaveLength(1);
  });

  it('ignores whitespace keepalives between stanzas, however long the connection lives', () => {
    const r = recorder({ maxStanzaBytes: 1000 });
    r.parser.write(HEADER);
    for (let i = 0; i < 500; i++) r.parser.write(' '.repeat(100) + '\n');
    r.parser.write('<presence/>');
    expect(r.errors).toEqual([]);
    expect(r.stanzas).toHaveLength(1);
    expect(r.parser.bytesInCurrentStanza).toBe(0);
  });

  it('ignores input after </stream:stream>', () => {
    const r = run(`${HEADER}</stream:stream><message/>garbage<!--x-->`);
    expect(r.events).toEqual([expect.stringMatching(/^start/), 'end']);
  });

  it('accepts a byte order mark before the XML declaration', () => {
    expect(errorOf(`\uFEFF<?xml version="1.0"?>${HEADER}`)).toBeUndefined();
  });

  it('handles an empty stream header element', () => {
    const r = run(`<stream:stream xmlns:stream='${NS.stream}'/>`);
    expect(r.events).toEqual([expect.stringMatching(/^start/), 'end']);
  });
});

describe('StreamParser: the stream header (RFC 6120 §4.8, §4.9.3)', () => {
  it('refuses a first element other than <stream:stream> with invalid-namespace', () => {
    expect(errorOf('<message/>')).toBe('invalid-namespace');
    expect(errorOf(`<stream:features xmlns:stream='${NS.stream}'>`)).toBe('invalid-namespace');
  });

  it('refuses a wrong stream namespace with invalid-namespace', () => {
    expect(errorOf("<stream:stream xmlns:stream='http://wrong.namespace.example.org/'>")).toBe('invalid-namespace');
  });

  it('refuses a missing, undeclared or foreign prefix with bad-namespace-prefix', () => {
    expect(errorOf(`<stream xmlns='${NS.stream}'>`)).toBe('bad-namespace-prefix');
    expect(errorOf("<stream:stream xmlns='jabber:client'>")).toBe('bad-namespace-prefix');
    expect(errorOf(`<foo:stream xmlns:foo='${NS.stream}'>`)).toBe('bad-namespace-prefix');
  });

  it('accepts an XML declaration only at the very start', () => {
    expect(errorOf(` <?xml version='1.0'?>${HEADER}`)).toBe('restricted-xml');
    expect(errorOf(`${HEADER}<?xml version='1.0'?>`)).toBe('restricted-xml');
  });

  it('refuses encodings other than UTF-8 (RFC 6120 §11.6)', () => {
    expect(errorOf(`<?xml version='1.0' encoding='ISO-8859-1'?>${HEADER}`)).toBe('unsupported-encoding');
    expect(errorOf(`<?xml version='1.0' encoding='utf-8'?>${HEADER}`)).toBeUndefined();
  });

  it('refuses a malformed XML declaration', () => {
    expect(errorOf(`<?xml encoding='UTF-8'?>${HEADER}`)).toBe('not-well-formed');
    expect(errorOf(`<?xml version='1.0' standalone='maybe'?>${HEADER}`)).toBe('not-well-formed');
  });

  it('refuses text before the stream header', () => {
    expect(errorOf(`hello${HEADER}`)).toBe('not-well-formed');
  });
});

describe('StreamParser: restricted XML (RFC 6120 §11.1)', () => {
  const cases: [string, string][] = [
    ['a DOCTYPE before the header', `<!DOCTYPE stream [<!ENTITY x "y">]>${HEADER}`],
    ['an entity declaration mid-stream', `${HEADER}<!ENTITY lol "lol">`],
    ['a DOCTYPE mid-stream', `${HEADER}<!DOCTYPE message>`],
    ['a processing instruction mid-stream', `${HEADER}<?pi data?>`],
    ['a processing instruction in a stanza', `${HEADER}<message><?php echo 1 ?></message>`],
    ['an xml-stylesheet instruction', `<?xml-stylesheet href='x'?>${HEADER}`],
    ['a comment before the header', `<!-- hi -->${HEADER}`],
    ['a comment between stanzas', `${HEADER}<!-- hi -->`],
    ['a comment in a stanza', `${HEADER}<message><!-- hi --><body/></message>`],
  ];
  for (const [what, input] of cases) {
    it(`refuses ${what}`, () => {
      expect(errorOf(input)).toBe('restricted-xml');
    });
  }
});

describe('StreamParser: well-formedness', () => {
  const cases: [string, string, string?][] = [
    ['an unknown entity in text', `${HEADER}<message><body>&a;</body></message>`],
    ['an unknown entity in an attribute', `${HEADER}<message to='&a;'/>`],
    ['a bare ampersand in text', `${HEADER}<message><body>a & b</body></message>`],
    ['a bare ampersand in an attribute', `${HEADER}<message to='a & b'/>`],
    ['an unterminated reference', `${HEADER}<message><body>&amp</body></message>`],
    ['a reference to a non-character', `${HEADER}<message><body>&#0;</body></message>`],
    ['a reference to a surrogate', `${HEADER}<message><body>&#xD800;</body></message>`],
    ['a malformed character reference', `${HEADER}<message><body>&#x;</body></message>`],
    ['a control character in text', `${HEADER}<message><body>a\u0001b</body></message>`],
    ['U+FFFF in an attribute', `${HEADER}<message id='\uFFFF'/>`],
    ['"<" in an attribute value', `${HEADER}<message to='a<b'/>`],
    ['a mismatched end tag', `${HEADER}<message><body></message></body>`],
    ['an end tag differing in case', `${HEADER}<message></Message>`],
    ['an end tag with a longer name', `${HEADER}<message></messages>`],
    ['an end tag with trailing junk', `${HEADER}<message></message x>`],
    ['an attribute without a value', `${HEADER}<message to>`],
    ['an attribute without quotes', `${HEADER}<message to=romeo>`],
    ['attributes without whitespace between them', `${HEADER}<message to='a'id='b'/>`],
    ['a duplicate attribute', `${HEADER}<message id='a' id='b'/>`],
    ['an element name starting with a digit', `${HEADER}<1message/>`],
    ['an empty element name', `${HEADER}< message/>`],
    ['a slash not closing the tag', `${HEADER}<message / >`],
    ['a malformed CDATA opener', `${HEADER}<message><![CDATX[x]]></message>`],
    ['text after the stream header', `${HEADER}hello`, 'bad-format'],
    ['a CDATA section between stanzas', `${HEADER}<![CDATA[x]]>`, 'bad-format'],
  ];
  for (const [what, input, condition = 'not-well-formed'] of cases) {
    it(`refuses ${what}`, () => {
      expect(errorOf(input)).toBe(condition);
    });
  }

  it('accepts whitespace inside tags and end tags', () => {
    const r = run(`${HEADER}<message\n to = "a"\tid\r\n=\n'b' ><body >x</body\n></message >`);
    expect(r.errors).toEqual([]);
    expect(r.stanzas[0].toString()).toBe('<message to="a" id="b"><body>x</body></message>');
  });

  it('accepts non-ASCII names and the characters XML allows', () => {
    const r = run(`${HEADER}<message><名前 xmlns='urn:x' ätt='é'>\t中文 😀 \uFFFD</名前></message>`);
    expect(r.errors).toEqual([]);
    expect(r.stanzas[0].getChild('名前')?.attrs['ätt']).toBe('é');
  });
});

describe('StreamParser: namespace prefixes', () => {
  it('accepts prefixes declared on the element, an ancestor or the stream header', () => {
    const r = run(
      `${HEADER}<stream:features><mechanisms xmlns='${NS.sasl}'/></stream:features>` +
        `<message xml:lang='en'><p:x xmlns:p='urn:p'><p:y p:a='1'/></p:x></message>`,
    );
    expect(r.errors).toEqual([]);
    expect(r.stanzas.map((s) => s.name)).toEqual(['stream:features', 'message']);
  });

  it('refuses undeclared prefixes on elements and attributes', () => {
    expect(errorOf(`${HEADER}<foo:message/>`)).toBe('bad-namespace-prefix');
    expect(errorOf(`${HEADER}<message foo:id='1'/>`)).toBe('bad-namespace-prefix');
    expect(errorOf(`${HEADER}<message><a xmlns:p='urn:p'/><p:b/></message>`)).toBe('bad-namespace-prefix');
    expect(errorOf(`${HEADER}<xmlns:message/>`)).toBe('bad-namespace-prefix');
  });
});

describe('StreamParser: limits (RFC 6120 §13.12)', () => {
  it('has defaults at or above the RFC minimum', () => {
    expect(DEFAULT_LIMITS.maxStanzaBytes).toBeGreaterThanOrEqual(10000);
    expect(DEFAULT_LIMITS).toMatchObject({ maxStanzaBytes: 65536, maxDepth: 64, maxAttributes: 64 });
  });

  function refusesHugeStanza(open: string, filler: string, close: string): void {
    const limit = DEFAULT_LIMITS.maxStanzaBytes;
    const chunkSize = 64 * 1024;
    const total = 10 * 1024 * 1024;
    const r = recorder();
    r.parser.write(HEADER);
    let fed = 0;
    let buffer = open;
    while (fed < total && r.errors.length === 0) {
      while (buffer.length < chunkSize) buffer += filler;
      r.parser.write(buffer.slice(0, chunkSize));
      buffer = buffer.slice(chunkSize);
      fed += chunkSize;
    }
    expect(r.errors.map((e) => e.condition)).toEqual(['policy-violation']);
    expect(fed).toBeLessThanOrEqual(limit + chunkSize);
    expect(fed).toBeLessThan(total);
    // After the refusal the parser holds nothing and ignores the rest.
    r.parser.write(filler + close);
    expect(r.errors).toHaveLength(1);
    expect(r.stanzas).toEqual([]);
  }

  it('refuses a 10 MB text node fed in 64 KB chunks before its end', () => {
    refusesHugeStanza('<message><body>', 'abcdefghij', '</body></message>');
  });

  it('refuses a 10 MB stanza of many small children before its end', () => {
    refusesHugeStanza('<iq type="set" id="1"><query xmlns="jabber:iq:roster">', '<item jid="a@b"/>', '</query></iq>');
  });

  it('refuses a 10 MB attribute value before its end', () => {
    refusesHugeStanza('<message id="', 'abcdefghij', '"/>');
  });

  it('refuses a 10 MB unterminated end tag before its end', () => {
    refusesHugeStanza('<message></', 'abcdefghij', '>');
  });

  it('refuses a huge stanza written in one piece', () => {
    expect(errorOf(`${HEADER}<message><body>${'x'.repeat(200_000)}</body></message>`)).toBe('policy-violation');
  });

  it('counts UTF-8 bytes, not characters, from the stanza\'s "<" to its ">"', () => {
    const open = '<message><body>';
    const close = '</body></message>';
    const limit = 10_000;
    const fill = limit - open.length - close.length; // exactly `limit` bytes in ASCII
    expect(errorOf(`${HEADER}${open}${'a'.repeat(fill)}${close}`, { maxStanzaBytes: limit })).toBeUndefined();
    expect(errorOf(`${HEADER}${open}${'a'.repeat(fill + 1)}${close}`, { maxStanzaBytes: limit })).toBe('policy-violation');
    // 'é' is 2 bytes in UTF-8: the same character count is now over the limit.
    const twoByte = 'é'.repeat(fill / 2) + 'a';
    expect(errorOf(`${HEADER}${open}${twoByte}${close}`, { maxStanzaBytes: limit })).toBe('policy-violation');
    expect(errorOf(`${HEADER}${open}${'é'.repeat(fill / 2)}${close}`, { maxStanzaBytes: limit })).toBeUndefined();
  });

  it('reports the size of the stanza in progress', () => {
    const r = recorder();
    r.parser.write(HEADER + '<message><body>');
    expect(r.parser.bytesInCurrentStanza).toBe(Buffer.byteLength('<message><body>'));
    r.parser.write('é</body></message>');
    expect(r.parser.bytesInCurrentStanza).toBe(0);
    r.parser.write('<message id="ab');
    expect(r.parser.bytesInCurrentStanza).toBe(Buffer.byteLength('<message id="ab'));
  });

  it('refuses 10,000-deep nesting at the depth limit', () => {
    const r = recorder();
    r.parser.write(HEADER);
    let written = 0;
    for (let i = 0; i < 10_000 && r.errors.length === 0; i++) {
      r.parser.write('<a>');
      written++;
    }
    expect(r.errors.map((e) => e.condition)).toEqual(['policy-violation']);
    expect(written).toBe(DEFAULT_LIMITS.maxDepth + 1);
  });

  it('counts the stanza as depth 1', () => {
    const nest = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    expect(errorOf(`${HEADER}${nest(5)}`, { maxDepth: 5 })).toBeUndefined();
    expect(errorOf(`${HEADER}${nest(6)}`, { maxDepth: 5 })).toBe('policy-violation');
    expect(errorOf(`${HEADER}<a><b/><c><d/></c></a>`, { maxDepth: 3 })).toBeUndefined();
  });

  it('refuses too many attributes', () => {
    const attrs = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}='${i}'`).join('');
    expect(errorOf(`${HEADER}<message${attrs(64)}/>`)).toBeUndefined();
    expect(errorOf(`${HEADER}<message${attrs(65)}/>`)).toBe('policy-violation');
    expect(errorOf(`${HEADER}<message${attrs(3)}/>`, { maxAttributes: 2 })).toBe('policy-violation');
  });

  it('refuses an over-long name when maxNameLength is set', () => {
    expect(errorOf(`${HEADER}<${'m'.repeat(20)}/>`, { maxNameLength: 20 })).toBeUndefined();
    expect(errorOf(`${HEADER}<${'m'.repeat(21)}/>`, { maxNameLength: 20 })).toBe('policy-violation');
    expect(errorOf(`${HEADER}<m ${'a'.repeat(21)}='1'/>`, { maxNameLength: 20 })).toBe('policy-violation');
  });

  it('refuses nonsensical limits', () => {
    const handlers = { onStreamStart() {}, onStanza() {}, onStreamEnd() {}, onError() {} };
    expect(() => new StreamParser(handlers, { maxDepth: 0 })).toThrow(RangeError);
    expect(() => new StreamParser(handlers, { maxStanzaBytes: 1.5 })).toThrow(RangeError);
  });
});

describe('StreamParser: chunking', () => {
  const input =
    `<?xml version='1.0'?>\n${HEADER}\n` +
    `<message to='jül@exämple.com/🏠' id="a&amp;b" xml:lang='en'><body>Grüße, 中文 😀 &lt;3 &#x1F44D;\r\nline</body>` +
    `<x xmlns='urn:x' attr='tab\there'><![CDATA[ <raw> ]]></x></message> ` +
    `<presence/><iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq >\n</stream:stream>`;
  const bytes = Buffer.from(input);

  function whole(): string[] {
    const r = recorder();
    feedBytes(r.parser, bytes, []);
    expect(r.errors).toEqual([]);
    return r.events;
  }

  it('gives the same events when cut at any byte position', () => {
    const expected = whole();
    expect(expected).toHaveLength(5);
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = recorder();
      feedBytes(r.parser, bytes, [cut]);
      expect(r.events, `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it('gives the same events when cut at any two byte positions', () => {
    const expected = whole();
    for (let a = 1; a < bytes.length; a += 7) {
      for (let b = a + 1; b < bytes.length; b += 3) {
        const r = recorder();
        feedBytes(r.parser, bytes, [a, b]);
        expect(r.events, `cuts at ${a}, ${b}`).toEqual(expected);
      }
    }
  });

  it('gives the same events when fed one byte at a time', () => {
    const r = recorder();
    feedBytes(
      r.parser,
      bytes,
      Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
    );
    expect(r.events).toEqual(whole());
  });

  it('refuses a long unterminated reference at a chunk end without waiting for more', () => {
    const r = recorder();
    r.parser.write(`${HEADER}<message><body>&${'a'.repeat(40)}`);
    expect(r.errors.map((e) => e.condition)).toEqual(['not-well-formed']);
  });

  it('completes a long attribute value delivered in small pieces', () => {
    const r = recorder();
    const value = 'v'.repeat(30_000);
    const input = `${HEADER}<message id='${value}'><body>${'b'.repeat(30_000)}</body></message>`;
    for (let i = 0; i < input.length; i += 100) r.parser.write(input.slice(i, i + 100));
    expect(r.errors).toEqual([]);
    expect(r.stanzas[0].attrs.id).toBe(value);
    expect(r.stanzas[0].getChild('body')?.children).toHaveLength(1);
  });

  it('detects restricted XML and bad references cut across chunks', () => {
    for (const bad of [`${HEADER}<!-- x -->`, `${HEADER}<?pi?>`, `${HEADER}<message>&a;</message>`, `${HEADER}<m>&amp</m>`]) {
      const expected = errorOf(bad);
      for (let cut = HEADER.length; cut < bad.length; cut++) {
        const r = recorder();
        r.parser.write(bad.slice(0, cut));
        r.parser.write(bad.slice(cut));
        expect(r.errors.map((e) => e.condition), `${bad} cut at ${cut}`).toEqual([expected]);
      }
    }
  });

  it('builds the same trees as ltx for well-formed stanzas', () => {
    const stanzas = [
      `<message to='a@b/c' type='chat' id='x&amp;y'><body>Hello &lt;world&gt; &#x1F600;</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>`,
      `<presence><show>away</show><status>  spaced  out  </status><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>`,
      `<iq type='result' id='r'><query xmlns='jabber:iq:roster' ver='1'><item jid='a@b' name="O'Brien" subscription='both'><group>Friends &amp; family</group></item></query></iq>`,
    ];
    const r = run(HEADER + stanzas.join('\n'));
    expect(r.errors).toEqual([]);
    expect(r.stanzas.map((s) => s.toString())).toEqual(stanzas.map((s) => ltxParse(s).toString().replaceAll("'", '"')));
  });
});

describe('StreamParser: errors and reset', () => {
  it('reports once, then ignores input, and never throws on garbage', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['<', '>', '/', '&', ';', '"', "'", '=', ' ', 'a', 'é', '!', '?', '[', ']', '-', '#', 'x', ':', '\r'];
    for (let round = 0; round < 300; round++) {
      const r = recorder();
      r.parser.write(HEADER + '<message>');
      let garbage = '';
      for (let i = 0; i < 200; i++) garbage += alphabet[Math.floor(random() * alphabet.length)];
      for (let i = 0; i < garbage.length; i += 13) expect(() => r.parser.write(garbage.slice(i, i + 13))).not.toThrow();
      expect(r.errors.length).toBeLessThanOrEqual(1);
      if (r.errors.length === 1) {
        expect(r.parser.failed).toBe(true);
        const before = r.events.length;
        r.parser.write('</message><message/>');
        expect(r.events).toHaveLength(before);
      }
    }
  });

  it('starts a new stream after reset(), XML declaration included', () => {
    const r = recorder();
    r.parser.write(`${HEADER}<message/><iq`);
    r.parser.reset();
    r.parser.write(`<?xml version='1.0'?>${HEADER}<presence/>`);
    expect(r.errors).toEqual([]);
    expect(r.starts).toHaveLength(2);
    expect(r.stanzas.map((s) => s.name)).toEqual(['message', 'presence']);
  });

  it('requires a new stream header after reset()', () => {
    const r = recorder();
    r.parser.write(`${HEADER}<message/>`);
    r.parser.reset();
    r.parser.write('<message/>');
    expect(r.errors.map((e) => e.condition)).toEqual(['invalid-namespace']);
  });

  it('revives after an error once reset()', () => {
    const r = recorder();
    r.parser.write(`${HEADER}<!--x-->`);
    r.parser.reset();
    r.parser.write(`${HEADER}<message/>`);
    expect(r.parser.failed).toBe(false);
    expect(r.stanzas).toHaveLength(1);
  });

  it('discards the rest of a chunk when a handler resets (no STARTTLS command injection)', () => {
    const events: string[] = [];
    const parser: StreamParser = new StreamParser({
      onStreamStart: () => events.push('start'),
      onStanza: (el) => {
        events.push(el.name);
        if (el.name === 'starttls') parser.reset();
      },
      onStreamEnd: () => events.push('end'),
      onError: (e) => events.push('error ' + e.condition),
    });
    parser.write(`${HEADER}<starttls xmlns='${NS.tls}'/><iq type='set' id='evil'/>`);
    parser.write(`${HEADER}<presence/>`);
    expect(events).toEqual(['start', 'starttls', 'start', 'presence']);
  });

  it('reports a throwing handler as internal-server-error instead of throwing', () => {
    const errors: StreamParseError[] = [];
    const boom = new Error('boom');
    const parser = new StreamParser({
      onStreamStart: () => undefined,
      onStanza: () => {
        throw boom;
      },
      onStreamEnd: () => undefined,
      onError: (e) => errors.push(e),
    });
    expect(() => parser.write(`${HEADER}<message/><message/>`)).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ condition: 'internal-server-error', cause: boom });
    expect(errors[0].text).not.toContain('boom');
  });

  it('does not throw when onError itself throws', () => {
    const parser = new StreamParser({
      onStreamStart: () => undefined,
      onStanza: () => undefined,
      onStreamEnd: () => undefined,
      onError: () => {
        throw new Error('nope');
      },
    });
    expect(() => parser.write('<!DOCTYPE x>')).not.toThrow();
  });
});
