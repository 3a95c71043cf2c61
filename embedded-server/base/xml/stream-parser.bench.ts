// Throughput of the stream parser on typical small stanzas fed in 4 KB chunks, next to ltx's SAX
// parser building the same tree with none of the restricted-XML checks.
// Run: npx vitest bench --run embedded-server/base/xml/stream-parser.bench.ts
// MB/s = hz × INPUT_MB (printed once at start).
import { bench, describe } from 'vitest';
import SaxLtx from 'ltx/src/parsers/ltx.js';
import { StreamParser } from './stream-parser.js';
import { XmlElement } from './element.js';

const HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";
const STANZAS = [
  "<message to='romeo@example.net/orchard' from='juliet@example.com/balcony' type='chat' id='ktx72v49' xml:lang='en'><body>Art thou not Romeo, and a Montague? &amp; more</body><thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
  "<presence from='juliet@example.com/balcony' id='pres1'><show>away</show><status>be right back</status><priority>0</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://example.org' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>",
  "<iq type='get' id='roster1' from='juliet@example.com/balcony'><query xmlns='jabber:iq:roster' ver='ver7'/></iq>",
  '<r xmlns="urn:xmpp:sm:3"/>',
];
let body = HEADER;
while (body.length < 1_000_000) for (const s of STANZAS) body += '\n' + s;
const chunks: string[] = [];
for (let i = 0; i < body.length; i += 4096) chunks.push(body.slice(i, i + 4096));
console.log(`INPUT_MB=${(Buffer.byteLength(body) / 1e6).toFixed(3)}`);

describe('stream parser, 4 KB chunks', () => {
  bench('StreamParser', () => {
    let n = 0;
    const parser = new StreamParser({
      onStreamStart: () => undefined,
      onStanza: () => void n++,
      onStreamEnd: () => undefined,
      onError: (e) => {
        throw new Error(e.text);
      },
    });
    for (const c of chunks) parser.write(c);
    if (n === 0) throw new Error('no stanzas');
  });

  bench('ltx SAX + tree (no checks)', () => {
    const sax = new SaxLtx();
    let cur: XmlElement | undefined;
    let depth = 0;
    sax.on('startElement', (name: string, attrs: Record<string, string>) => {
      const el = new XmlElement(name, attrs);
      if (cur !== undefined && depth > 1) cur.children.push(el);
      el.parent = cur;
      cur = el;
      depth++;
    });
    sax.on('endElement', () => {
      depth--;
      cur = cur?.parent;
    });
    sax.on('text', (t: string) => {
      if (depth > 1) cur?.children.push(t);
    });
    for (const c of chunks) sax.write(c);
  });
});
