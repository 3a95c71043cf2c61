// XML namespace names used by the XMPP core (RFC 6120, RFC 6121, RFC 7395) and the XEPs the node
// implements. One table so handlers never spell a namespace by hand.
export const NS = {
  client: 'jabber:client',
  server: 'jabber:server',
  stream: 'http://etherx.jabber.org/streams',
  streams: 'urn:ietf:params:xml:ns:xmpp-streams',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  tls: 'urn:ietf:params:xml:ns:xmpp-tls',
  sasl: 'urn:ietf:params:xml:ns:xmpp-sasl',
  bind: 'urn:ietf:params:xml:ns:xmpp-bind',
  session: 'urn:ietf:params:xml:ns:xmpp-session',
  framing: 'urn:ietf:params:xml:ns:xmpp-framing',
  xml: 'http://www.w3.org/XML/1998/namespace',
  roster: 'jabber:iq:roster',
  rosterver: 'urn:xmpp:features:rosterver',
  pre_approval: 'urn:xmpp:features:pre-approval',
  delay: 'urn:xmpp:delay',
  discoInfo: 'http://jabber.org/protocol/disco#info',
  discoItems: 'http://jabber.org/protocol/disco#items',
  ping: 'urn:xmpp:ping',
  version: 'jabber:iq:version',
  vcard: 'vcard-temp',
  private: 'jabber:iq:private',
  blocking: 'urn:xmpp:blocking',
  blockingErrors: 'urn:xmpp:blocking:errors',
} as const;

export type Namespace = (typeof NS)[keyof typeof NS];
