import { describe, it, expect } from 'vitest';
import { NS } from './namespaces.js';
import { STREAM_CLOSE, STREAM_ERROR_CONDITIONS, isStreamErrorCondition, streamErrorElement, streamErrorXml } from './stream-errors.js';
import { parseFragment } from './xml/fragment-parser.js';
import { XmlElement } from './xml/element.js';

function parsed(xml: string): XmlElement {
  const el = parseFragment(xml.replace('<stream:error>', `<stream:error xmlns:stream='${NS.stream}'>`));
  if (!(el instanceof XmlElement)) throw new Error(`unparsable: ${el.condition} ${el.text}`);
  return el;
}

describe('streamErrorXml', () => {
  it('lists the 25 conditions of RFC 6120 §4.9.3', () => {
    expect(STREAM_ERROR_CONDITIONS).toHaveLength(25);
    expect(isStreamErrorCondition('not-well-formed')).toBe(true);
    expect(isStreamErrorCondition('invalid-id')).toBe(false); // RFC 3920 only, removed in RFC 6120
  });

  it('puts the condition and text in the streams namespace', () => {
    const el = parsed(streamErrorXml('not-well-formed', 'bad <xml> & more'));
    expect(el.name).toBe('stream:error');
    const children = el.elements();
    expect(children.map((c) => c.name)).toEqual(['not-well-formed', 'text']);
    expect(children[0].xmlns).toBe(NS.streams);
    expect(children[1].xmlns).toBe(NS.streams);
    expect(children[1].attrs['xml:lang']).toBe('en');
    expect(children[1].text()).toBe('bad <xml> & more');
  });

  it('omits the text element when there is no text', () => {
    const el = parsed(streamErrorXml('policy-violation'));
    expect(el.elements().map((c) => c.name)).toEqual(['policy-violation']);
  });

  it('carries the new host for see-other-host', () => {
    const el = parsed(streamErrorXml('see-other-host', undefined, { seeOtherHost: '[2001:db8::1]:5222' }));
    expect(el.getChild('see-other-host', NS.streams)?.text()).toBe('[2001:db8::1]:5222');
  });

  it('can declare the stream prefix for WebSocket framing', () => {
    const el = streamErrorElement('reset', undefined, { declareStreamPrefix: true });
    expect(el.attrs['xmlns:stream']).toBe(NS.stream);
    expect(streamErrorXml('reset')).not.toContain('xmlns:stream');
  });

  it('closes the stream with the end tag', () => {
    expect(STREAM_CLOSE).toBe('</stream:stream>');
  });
});
