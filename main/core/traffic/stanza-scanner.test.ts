import { describe, expect, it } from 'vitest';
import { StanzaScanner, attribute, innerText, type ScanEvent } from './stanza-scanner.js';

describe('StanzaScanner', () => {
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
