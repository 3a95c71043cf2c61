import { describe, it, expect } from 'vitest';
import { NS } from './namespaces.js';
import { STANZA_ERROR_TYPES, isErrorStanza, parseStanzaError, stanzaError, stanzaErrorElement } from './stanza-errors.js';
import type { StanzaErrorCondition } from './stanza-errors.js';
import { XmlElement, xml } from './xml/element.js';
import { parseFragment } from './xml/fragment-parser.js';

function parsed(text: string): XmlElement {
  const el = parseFragment(text);
  if (!(el instanceof XmlElement)) throw new Error(el.text);
  return el;
}

describe('STANZA_ERROR_TYPES (RFC 6120 §8.3.3)', () => {
  it('gives every defined condition its usual type', () => {
    expect(STANZA_ERROR_TYPES).toEqual({
      'bad-request': 'modify',
      conflict: 'cancel',
      'feature-not-implemented': 'cancel',
      forbidden: 'auth',
      gone: 'cancel',
      'internal-server-error': 'wait',
      'item-not-found': 'cancel',
      'jid-malformed': 'modify',
      'not-acceptable': 'modify',
      'not-allowed': 'cancel',
      'not-authorized': 'auth',
      'policy-violation': 'modify',
      'recipient-unavailable': 'wait',
      redirect: 'modify',
      'registration-required': 'auth',
      'remote-server-not-found': 'cancel',
      'remote-server-timeout': 'wait',
      'resource-constraint': 'wait',
      'service-unavailable': 'cancel',
      'subscription-required': 'auth',
      'undefined-condition': 'cancel',
      'unexpected-request': 'wait',
    });
  });

  it.each(Object.entries(STANZA_ERROR_TYPES))('builds <%s/> with type %s by default', (condition, type) => {
    const error = stanzaErrorElement(condition as StanzaErrorCondition);
    expect(error.attrs.type).toBe(type);
    expect(error.getChild(condition, NS.stanzas)).toBeDefined();
  });
});

describe('stanzaError (RFC 6120 §8.3.1)', () => {
  const message = parsed(
    "<message xmlns='jabber:client' from='juliet@example.com/balcony' to='romeo@example.net' id='m1' type='chat' xml:lang='en'>" +
      '<body>Wherefore art thou?</body><thread>t1</thread></message>',
  );

  it('swaps the addresses, keeps name and id, and sets type error', () => {
    const reply = stanzaError(message, 'service-unavailable');
    expect(reply.name).toBe('message');
    expect(reply.attrs).toEqual({ xmlns: 'jabber:client', from: 'romeo@example.net', to: 'juliet@example.com/balcony', type: 'error', id: 'm1' });
  });

  it('keeps the payload of a message or presence, as copies', () => {
    const reply = stanzaError(message, 'recipient-unavailable');
    expect(reply.elements().map((e) => e.name)).toEqual(['body', 'thread', 'error']);
    expect(reply.getChildText('body')).toBe('Wherefore art thou?');
    expect(reply.getChild('body')).not.toBe(message.getChild('body'));
    expect(reply.getChild('body')?.parent).toBe(reply);
    expect(message.getChild('body')?.parent).toBe(message);
    const presence = stanzaError(xml('presence', { to: 'a@b', type: 'subscribe' }, xml('nick', { xmlns: 'http://jabber.org/protocol/nick' }, 'J')), 'forbidden');
    expect(presence.elements().map((e) => e.name)).toEqual(['nick', 'error']);
  });

  it('answers an IQ with the error only', () => {
    const iq = parsed("<iq xmlns='jabber:client' from='a@b/c' to='b' type='set' id='i1'><query xmlns='jabber:iq:roster'><item jid='x@y'/></query></iq>");
    const reply = stanzaError(iq, 'bad-request', { text: 'no' });
    expect(reply.elements().map((e) => e.name)).toEqual(['error']);
    expect(reply.attrs).toMatchObject({ type: 'error', id: 'i1', from: 'b', to: 'a@b/c' });
  });

  it('produces the RFC error element, with text, by, an application condition and a URI', () => {
    const reply = stanzaError(xml('iq', { type: 'get', id: 'x' }), 'not-acceptable', {
      type: 'cancel',
      text: 'Too <big> & heavy',
      by: 'example.com',
      extra: xml('blocked', { xmlns: NS.blockingErrors }),
    });
    const roundTrip = parsed(reply.toString());
    const error = roundTrip.getChild('error')!;
    expect(error.attrs).toEqual({ type: 'cancel', by: 'example.com' });
    expect(error.elements().map((e) => [e.name, e.xmlns])).toEqual([
      ['not-acceptable', NS.stanzas],
      ['text', NS.stanzas],
      ['blocked', NS.blockingErrors],
    ]);
    expect(error.getChild('text')?.attrs['xml:lang']).toBe('en');
    expect(error.getChildText('text')).toBe('Too <big> & heavy');
    expect(parseStanzaError(roundTrip)).toEqual({ type: 'cancel', condition: 'not-acceptable', text: 'Too <big> & heavy', by: 'example.com' });

    const gone = stanzaError(xml('message', { to: 'a@b' }), 'gone', { uri: 'xmpp:juliet@example.net' });
    expect(gone.getChild('error')?.getChildText('gone', NS.stanzas)).toBe('xmpp:juliet@example.net');
  });

  it('omits what the original does not have', () => {
    const reply = stanzaError(xml('presence'), 'forbidden');
    expect(reply.attrs).toEqual({ type: 'error' });
    expect(reply.getChild('error')?.getChild('text')).toBeUndefined();
  });

  it('refuses to answer an error with an error', () => {
    const error = stanzaError(message, 'service-unavailable');
    expect(isErrorStanza(error)).toBe(true);
    expect(isErrorStanza(message)).toBe(false);
    expect(() => stanzaError(error, 'service-unavailable')).toThrow(/8\.3\.1/);
  });
});

describe('parseStanzaError', () => {
  it('reads type, condition and text, falling back to undefined-condition', () => {
    expect(parseStanzaError(parsed(`<iq type='error'><error type='wait'><resource-constraint xmlns='${NS.stanzas}'/></error></iq>`))).toEqual({
      type: 'wait',
      condition: 'resource-constraint',
    });
    expect(parseStanzaError(parsed(`<iq type='error'><error type='odd'><made-up xmlns='${NS.stanzas}'/></error></iq>`))).toEqual({
      type: undefined,
      condition: 'undefined-condition',
    });
    expect(parseStanzaError(parsed('<iq type="error"/>'))).toBeUndefined();
  });
});
