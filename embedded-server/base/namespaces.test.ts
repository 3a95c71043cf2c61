import { describe, it, expect } from 'vitest';
import { NS } from './namespaces.js';

describe('NS', () => {
  it('spells the RFC 6120 / RFC 7395 namespaces exactly', () => {
    expect(NS.client).toBe('jabber:client');
    expect(NS.stream).toBe('http://etherx.jabber.org/streams');
    expect(NS.streams).toBe('urn:ietf:params:xml:ns:xmpp-streams');
    expect(NS.stanzas).toBe('urn:ietf:params:xml:ns:xmpp-stanzas');
    expect(NS.tls).toBe('urn:ietf:params:xml:ns:xmpp-tls');
    expect(NS.sasl).toBe('urn:ietf:params:xml:ns:xmpp-sasl');
    expect(NS.bind).toBe('urn:ietf:params:xml:ns:xmpp-bind');
    expect(NS.session).toBe('urn:ietf:params:xml:ns:xmpp-session');
    expect(NS.framing).toBe('urn:ietf:params:xml:ns:xmpp-framing');
  });

  it('spells the RFC 6121 and XEP namespaces exactly', () => {
    expect(NS.roster).toBe('jabber:iq:roster');
    expect(NS.rosterver).toBe('urn:xmpp:features:rosterver');
    expect(NS.pre_approval).toBe('urn:xmpp:features:pre-approval');
    expect(NS.delay).toBe('urn:xmpp:delay');
    expect(NS.discoInfo).toBe('http://jabber.org/protocol/disco#info');
    expect(NS.discoItems).toBe('http://jabber.org/protocol/disco#items');
    expect(NS.ping).toBe('urn:xmpp:ping');
    expect(NS.version).toBe('jabber:iq:version');
    expect(NS.vcard).toBe('vcard-temp');
    expect(NS.private).toBe('jabber:iq:private');
    expect(NS.blocking).toBe('urn:xmpp:blocking');
    expect(NS.blockingErrors).toBe('urn:xmpp:blocking:errors');
  });

  it('has no two keys sharing a namespace', () => {
    const values = Object.values(NS);
    expect(new Set(values).size).toBe(values.length);
  });
});
