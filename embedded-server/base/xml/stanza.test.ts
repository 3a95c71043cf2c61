import { describe, it, expect } from 'vitest';
import { NS } from '../namespaces.js';
import { XmlElement, xml } from './element.js';
import { parseFragment } from './fragment-parser.js';
import { iqRequestPayload, iqResult, iqType, stanzaKind } from './stanza.js';

function parsed(text: string): XmlElement {
  const el = parseFragment(text);
  if (!(el instanceof XmlElement)) throw new Error(el.text);
  return el;
}

describe('stanzaKind', () => {
  it('names the three stanzas in the client or server namespace', () => {
    expect(stanzaKind(parsed("<message xmlns='jabber:client'/>"))).toBe('message');
    expect(stanzaKind(parsed("<presence xmlns='jabber:server'/>"))).toBe('presence');
    expect(stanzaKind(xml('iq', { type: 'get' }))).toBe('iq');
  });

  it('inherits the namespace from the stream', () => {
    const stream = new XmlElement('stream:stream', { xmlns: NS.client });
    const message = new XmlElement('message');
    message.parent = stream;
    expect(stanzaKind(message)).toBe('message');
  });

  it('refuses nonzas and stanza names in other namespaces', () => {
    expect(stanzaKind(xml('starttls', { xmlns: NS.tls }))).toBeUndefined();
    expect(stanzaKind(xml('message', { xmlns: 'urn:example' }))).toBeUndefined();
    expect(stanzaKind(xml('Message'))).toBeUndefined();
  });
});

describe('IQ helpers (RFC 6120 §8.2.3)', () => {
  it('reads the IQ type', () => {
    expect(iqType(xml('iq', { type: 'get' }))).toBe('get');
    expect(iqType(xml('iq', { type: 'GET' }))).toBeUndefined();
    expect(iqType(xml('iq'))).toBeUndefined();
  });

  it('finds the single payload of a request', () => {
    const iq = parsed("<iq type='get' id='1'>\n  <query xmlns='jabber:iq:version'/>\n</iq>");
    expect(iqRequestPayload(iq)?.name).toBe('query');
    expect(iqRequestPayload(parsed("<iq type='get'/>"))).toBeUndefined();
    expect(iqRequestPayload(parsed("<iq type='get'><a/><b/></iq>"))).toBeUndefined();
  });

  it('builds the result: same id, addresses swapped, optional payload', () => {
    const iq = parsed("<iq xmlns='jabber:client' from='juliet@example.com/balcony' to='example.com' type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>");
    const empty = iqResult(iq);
    expect(empty.toString()).toBe('<iq xmlns="jabber:client" from="example.com" to="juliet@example.com/balcony" type="result" id="v1"/>');
    const payload = xml('query', { xmlns: NS.version }, xml('name', null, 'meerkat'));
    const full = iqResult(iq, payload);
    expect(full.getChild('query', NS.version)?.getChildText('name')).toBe('meerkat');
    expect(payload.parent).toBe(full);
    expect(iqResult(xml('iq', { type: 'set' })).attrs).toEqual({ type: 'result' });
  });

  it('never answers a result or an error', () => {
    expect(() => iqResult(xml('iq', { type: 'result', id: '1' }))).toThrow();
    expect(() => iqResult(xml('iq', { type: 'error', id: '1' }))).toThrow();
  });
});
