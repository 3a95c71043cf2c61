// The service modules with a real client: ping, disco, version, vCard, private storage, blocking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, xml, type TestClient } from '../support/xmpp-clients.js';

const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

describe('service modules', () => {
  let t: TestNode;
  let alice: TestClient;
  let bob: TestClient;

  beforeAll(async () => {
    t = await startTestNode();
    await t.addUser('alice', 'pw-alice');
    await t.addUser('bob', 'pw-bob');
    alice = await connect({ service: t.tcpService, username: 'alice', password: 'pw-alice', resource: 'desk' });
    bob = await connect({ service: t.wsService, username: 'bob', password: 'pw-bob', resource: 'web' });
  });
  afterAll(async () => {
    await alice.stop();
    await bob.stop();
    await t.stop();
  });

  it('answers XEP-0199 pings from the server and relays pings between clients', async () => {
    const pong = await alice.iq('get', xml('ping', { xmlns: 'urn:xmpp:ping' }), 'localhost');
    expect(pong.attrs.type).toBe('result');
    expect(pong.attrs.from).toBe('localhost');
    // @xmpp/client answers pings itself: this one crosses the router to bob's session and back.
    const relayed = await alice.iq('get', xml('ping', { xmlns: 'urn:xmpp:ping' }), bob.jid);
    expect(relayed.attrs.from).toBe(bob.jid);
  });

  it('lists identity and features in XEP-0030 disco#info', async () => {
    const info = await alice.iq('get', xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }), 'localhost');
    const query = info.getChild('query', 'http://jabber.org/protocol/disco#info');
    expect(query?.getChild('identity')?.attrs).toMatchObject({ category: 'server', type: 'im' });
    const features = query?.getChildren('feature').map((f) => f.attrs.var) ?? [];
    for (const f of ['http://jabber.org/protocol/disco#info', 'urn:xmpp:ping', 'jabber:iq:version', 'urn:xmpp:blocking', 'vcard-temp']) {
      expect(features).toContain(f);
    }
    const items = await alice.iq('get', xml('query', { xmlns: 'http://jabber.org/protocol/disco#items' }), 'localhost');
    expect(items.getChild('query', 'http://jabber.org/protocol/disco#items')).toBeDefined();
  });

  it('reports the software version (XEP-0092)', async () => {
    const res = await alice.iq('get', xml('query', { xmlns: 'jabber:iq:version' }), 'localhost');
    expect(res.getChild('query', 'jabber:iq:version')?.getChildText('name')).toBe('Meerkat');
  });

  it('stores a vCard and serves it to other users (XEP-0054)', async () => {
    await alice.iq('set', xml('vCard', { xmlns: 'vcard-temp' }, xml('FN', {}, 'Alice Liddell'), xml('NICKNAME', {}, 'ali')));
    const own = await alice.iq('get', xml('vCard', { xmlns: 'vcard-temp' }));
    expect(own.getChild('vCard', 'vcard-temp')?.getChildText('FN')).toBe('Alice Liddell');
    const seen = await bob.iq('get', xml('vCard', { xmlns: 'vcard-temp' }), 'alice@localhost');
    expect(seen.getChild('vCard', 'vcard-temp')?.getChildText('NICKNAME')).toBe('ali');
    const denied = await bob.iq('set', xml('vCard', { xmlns: 'vcard-temp' }, xml('FN', {}, 'Not Alice')), 'alice@localhost')
      .then(() => undefined, (e: { condition?: string }) => e.condition);
    expect(['forbidden', 'not-allowed']).toContain(denied);
  });

  it('keeps private XML per namespace (XEP-0049)', async () => {
    await alice.iq('set', xml('query', { xmlns: 'jabber:iq:private' }, xml('prefs', { xmlns: 'example:prefs' }, xml('theme', {}, 'dark'))));
    const res = await alice.iq('get', xml('query', { xmlns: 'jabber:iq:private' }, xml('prefs', { xmlns: 'example:prefs' })));
    expect(res.getChild('query', 'jabber:iq:private')?.getChild('prefs', 'example:prefs')?.getChildText('theme')).toBe('dark');
    const bad = await alice.iq('set', xml('query', { xmlns: 'jabber:iq:private' }, xml('x', { xmlns: 'jabber:client' })))
      .then(() => undefined, (e: { condition?: string }) => e.condition);
    expect(bad).toBe('not-acceptable');
  });

  it('blocks a contact (XEP-0191): their messages bounce, ours are refused', async () => {
    await alice.iq('get', xml('blocklist', { xmlns: 'urn:xmpp:blocking' }));
    await alice.iq('set', xml('block', { xmlns: 'urn:xmpp:blocking' }, xml('item', { jid: 'bob@localhost' })));
    const list = await alice.iq('get', xml('blocklist', { xmlns: 'urn:xmpp:blocking' }));
    expect(list.getChild('blocklist', 'urn:xmpp:blocking')?.getChildren('item').map((i) => i.attrs.jid)).toEqual(['bob@localhost']);

    await bob.xmpp.send(xml('message', { to: 'alice@localhost', type: 'chat', id: 'b1' }, xml('body', {}, 'let me in')));
    const bounced = await bob.waitFor((el) => el.name === 'message' && el.attrs.id === 'b1' && el.attrs.type === 'error');
    expect(bounced.getChild('error')?.getChild('service-unavailable', STANZAS)).toBeDefined();
    expect(alice.received.some((el) => el.attrs.id === 'b1')).toBe(false);

    await alice.xmpp.send(xml('message', { to: 'bob@localhost', type: 'chat', id: 'a1' }, xml('body', {}, 'hi')));
    const refused = await alice.waitFor((el) => el.name === 'message' && el.attrs.id === 'a1' && el.attrs.type === 'error');
    expect(refused.getChild('error')?.getChild('not-acceptable', STANZAS)).toBeDefined();
    expect(refused.getChild('error')?.getChild('blocked', 'urn:xmpp:blocking:errors')).toBeDefined();

    // The server answers IQs on alice's behalf; a blocked entity gets <service-unavailable/> there too.
    const vcardDenied = await bob.iq('get', xml('vCard', { xmlns: 'vcard-temp' }), 'alice@localhost').then(
      () => undefined,
      (e: { condition?: string }) => e.condition,
    );
    expect(vcardDenied).toBe('service-unavailable');

    await alice.iq('set', xml('unblock', { xmlns: 'urn:xmpp:blocking' }, xml('item', { jid: 'bob@localhost' })));
    await bob.xmpp.send(xml('message', { to: alice.jid, type: 'chat', id: 'b2' }, xml('body', {}, 'now?')));
    await alice.waitFor((el) => el.name === 'message' && el.attrs.id === 'b2');
  });
});
