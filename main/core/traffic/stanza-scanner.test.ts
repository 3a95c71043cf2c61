import { describe, expect, it } from 'vitest';
import { StanzaScanner, attribute, childText, innerText, type ScanEvent } from './stanza-scanner.js';

const STREAM =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='a1' from='localhost' version='1.0'>" +
  '<stream:features><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>SCRAM-SHA-256</mechanism></mechanisms></stream:features>' +
  '<message from="a@localhost/r" to="b@localhost" title="x > y"><body>1:2.5</body><x xmlns="y"/></message>' +
  '<presence from="a@localhost/r"/>' +
  '</stream:stream>';

function scanAll(chunks: string[]): ScanEvent[] {
  const scanner = new StanzaScanner();
  const events: ScanEvent[] = [];
  for (const chunk of chunks) scanner.push(chunk, (e) => events.push(e));
  expect(scanner.pending).toBe(0);
  return events;
}

describe('StanzaScanner', () => {
  it('splits a stream into its header, top-level elements and close', () => {
    const events = scanAll([STREAM]);
    expect(events.map((e) => (e.kind === 'element' ? e.name : e.kind))).toEqual([
      'stream_open',
      'stream:features',
      'message',
      'presence',
      'stream_close',
    ]);
    const message = events[2] as Extract<ScanEvent, { kind: 'element' }>;
    expect(message.raw).toBe('<message from="a@localhost/r" to="b@localhost" title="x > y"><body>1:2.5</body><x xmlns="y"/></message>');
  });

  it('gives the same events whatever the chunk boundaries', () => {
    const whole = scanAll([STREAM]);
    for (const size of [1, 2, 3, 7, 13, 64]) {
      const chunks: string[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
      expect(scanAll(chunks)).toEqual(whole);
    }
  });

  it('holds an unfinished element until it is complete', () => {
    const scanner = new StanzaScanner();
    const events: ScanEvent[] = [];
    scanner.push('<message><body>12', (e) => events.push(e));
    expect(events).toEqual([]);
    expect(scanner.pending).toBeGreaterThan(0);
    scanner.push('</body></message><iq type="result" id="b"/>', (e) => events.push(e));
    expect(events).toEqual([
      { kind: 'element', name: 'message', raw: '<message><body>12</body></message>' },
      { kind: 'element', name: 'iq', raw: '<iq type="result" id="b"/>' },
    ]);
  });
});

describe('attribute and childText', () => {
  const raw = `<iq type='result' id="bind_1"><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>u1@localhost/bench</jid></bind></iq>`;

  it('read the start tag attributes with either quote', () => {
    expect(attribute(raw, 'type')).toBe('result');
    expect(attribute(raw, 'id')).toBe('bind_1');
    expect(attribute(raw, 'xmlns')).toBeUndefined();
    expect(attribute(raw, 'ype')).toBeUndefined();
  });

  it('read the text of a child element', () => {
    expect(childText(raw, 'jid')).toBe('u1@localhost/bench');
    expect(childText('<success xmlns="x"/>', 'success')).toBe('');
    expect(childText(raw, 'body')).toBeUndefined();
  });
});

describe('StanzaScanner on the traffic client\'s input', () => {
  it('finds the header, nested top-level elements split across chunks, and the close', () => {
    const events: ScanEvent[] = [];
    const scanner = new StanzaScanner();
    const input = "<?xml version='1.0'?><stream:stream from='x' id='1'><stream:features><a/></stream:features><message to='a>b'><body>hi</bo";
    scanner.push(input, (e) => events.push(e));
    scanner.push('dy></message><iq id="2"/></stream:stream>', (e) => events.push(e));
    expect(events.map((e) => (e.kind === 'element' ? `${e.name}:${e.raw}` : e.kind))).toEqual([
      'stream_open',
      'stream:features:<stream:features><a/></stream:features>',
      "message:<message to='a>b'><body>hi</body></message>",
      'iq:<iq id="2"/>',
      'stream_close',
    ]);
  });

  it('reads attributes and simple text', () => {
    expect(attribute(`<iq type='result' id="b1"><x type='no'/></iq>`, 'type')).toBe('result');
    expect(attribute(`<iq id="b1"/>`, 'type')).toBeUndefined();
    expect(innerText('<challenge>abc=</challenge>')).toBe('abc=');
    expect(innerText('<success/>')).toBe('');
  });
});
