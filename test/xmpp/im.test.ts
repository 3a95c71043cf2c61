// RFC 6121 with real clients: roster, subscriptions, presence, 1:1 messages, offline delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, xml, type Element, type TestClient } from '../support/xmpp-clients.js';

const ROSTER = 'jabber:iq:roster';

const isRosterPush = (contact: string) => (el: Element) =>
  el.name === 'iq' && el.attrs.type === 'set' && el.getChild('query', ROSTER)?.getChild('item')?.attrs.jid === contact;

describe('instant messaging and presence', () => {
  let t: TestNode;
  const clients: TestClient[] = [];
  const login = async (user: string, resource: string, service?: string) => {
    const c = await connect({ service: service ?? t.tcpService, username: user, password: 'secret', resource });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestNode();
    for (const u of ['romeo', 'juliet', 'nurse', 'tybalt', 'mercutio']) await t.addUser(u, 'secret');
  });
  afterAll(async () => {
    for (const c of clients) await c.stop();
    await t.stop();
  });

  it('pushes a roster change to every interested resource', async () => {
    const a = await login('romeo', 'a');
    const b = await login('romeo', 'b', t.wsService);
    await a.iq('get', xml('query', { xmlns: ROSTER }));
    await b.iq('get', xml('query', { xmlns: ROSTER }));
    await a.iq('set', xml('query', { xmlns: ROSTER }, xml('item', { jid: 'nurse@localhost', name: 'Nurse' }, xml('group', {}, 'Verona'))));
    const pushA = await a.waitFor(isRosterPush('nurse@localhost'), 5000, 'roster push to a');
    const pushB = await b.waitFor(isRosterPush('nurse@localhost'), 5000, 'roster push to b');
    expect(pushB.getChild('query', ROSTER)?.getChild('item')?.attrs.name).toBe('Nurse');
    expect(pushA.getChild('query', ROSTER)?.attrs.ver).toBeTruthy();
    const roster = await a.iq('get', xml('query', { xmlns: ROSTER }));
    const items = roster.getChild('query', ROSTER)?.getChildren('item') ?? [];
    expect(items.map((i) => [i.attrs.jid, i.attrs.subscription])).toEqual([['nurse@localhost', 'none']]);
  });

  it('runs the subscription handshake and then shares presence both ways', async () => {
    const romeo = await login('romeo', 'balcony');
    const juliet = await login('juliet', 'garden', t.wsService);
    await romeo.iq('get', xml('query', { xmlns: ROSTER }));
    await juliet.iq('get', xml('query', { xmlns: ROSTER }));

    await romeo.xmpp.send(xml('presence', { to: 'juliet@localhost', type: 'subscribe' }));
    const request = await juliet.waitFor((el) => el.name === 'presence' && el.attrs.type === 'subscribe', 5000, 'subscribe');
    expect(request.attrs.from).toBe('romeo@localhost'); // RFC 6121 §3.1.2: bare JID
    await juliet.xmpp.send(xml('presence', { to: 'romeo@localhost', type: 'subscribed' }));
    await romeo.waitFor((el) => el.name === 'presence' && el.attrs.type === 'subscribed', 5000, 'subscribed');
    // Juliet's available presence reaches Romeo once he is subscribed (§3.1.5).
    await romeo.waitFor((el) => el.name === 'presence' && el.attrs.from === juliet.jid && el.attrs.type === undefined, 5000, 'juliet presence');
    const romeoPush = await romeo.waitFor(
      (el) => isRosterPush('juliet@localhost')(el) && el.getChild('query', ROSTER)?.getChild('item')?.attrs.subscription === 'to',
      5000,
      'roster push subscription=to',
    );
    expect(romeoPush).toBeDefined();

    // And back: Juliet subscribes to Romeo, so both sides end at 'both'.
    await juliet.xmpp.send(xml('presence', { to: 'romeo@localhost', type: 'subscribe' }));
    await romeo.waitFor((el) => el.name === 'presence' && el.attrs.type === 'subscribe' && el.attrs.from === 'juliet@localhost');
    await romeo.xmpp.send(xml('presence', { to: 'juliet@localhost', type: 'subscribed' }));
    await juliet.waitFor(
      (el) => isRosterPush('romeo@localhost')(el) && el.getChild('query', ROSTER)?.getChild('item')?.attrs.subscription === 'both',
      5000,
      'juliet roster both',
    );
    const roster = await romeo.iq('get', xml('query', { xmlns: ROSTER }));
    const item = roster.getChild('query', ROSTER)?.getChildren('item').find((i) => i.attrs.jid === 'juliet@localhost');
    expect(item?.attrs.subscription).toBe('both');

    // Presence broadcast: Romeo changes his status, Juliet sees it.
    await romeo.xmpp.send(xml('presence', {}, xml('show', {}, 'away'), xml('status', {}, 'on the balcony')));
    const away = await juliet.waitFor((el) => el.name === 'presence' && el.attrs.from === romeo.jid && el.getChildText('show') === 'away');
    expect(away.getChildText('status')).toBe('on the balcony');

    // Unavailable when the session ends, however it ends: here the socket is simply destroyed.
    const gone = juliet.waitFor((el) => el.name === 'presence' && el.attrs.from === romeo.jid && el.attrs.type === 'unavailable', 5000, 'unavailable');
    (romeo.xmpp as unknown as { socket: { destroy(): void } }).socket.destroy();
    await gone;
  });

  it('delivers 1:1 messages to full and bare JIDs by priority', async () => {
    const nurse = await login('nurse', 'kitchen');
    const high = await login('tybalt', 'high');
    const low = await login('tybalt', 'low');
    await high.xmpp.send(xml('presence', {}, xml('priority', {}, '10')));
    await low.xmpp.send(xml('presence', {}, xml('priority', {}, '1')));
    await new Promise((r) => setTimeout(r, 100));

    await nurse.xmpp.send(xml('message', { to: 'tybalt@localhost/low', type: 'chat', id: 'm1' }, xml('body', {}, 'to low')));
    const atLow = await low.waitFor((el) => el.name === 'message' && el.attrs.id === 'm1');
    expect(atLow.attrs.from).toBe(nurse.jid);
    expect(atLow.getChildText('body')).toBe('to low');

    await nurse.xmpp.send(xml('message', { to: 'tybalt@localhost', type: 'chat', id: 'm2' }, xml('body', {}, 'to bare')));
    await high.waitFor((el) => el.name === 'message' && el.attrs.id === 'm2');
    await new Promise((r) => setTimeout(r, 100));
    expect(low.received.some((el) => el.attrs.id === 'm2')).toBe(false);

    // A message to a resource that does not exist falls back to the bare JID (RFC 6121 §8.5.3.2.1).
    await nurse.xmpp.send(xml('message', { to: 'tybalt@localhost/nowhere', type: 'chat', id: 'm3' }, xml('body', {}, 'lost?')));
    await high.waitFor((el) => el.name === 'message' && el.attrs.id === 'm3');
  });

  it('answers a message to an unknown user with <service-unavailable/>', async () => {
    const nurse = await login('nurse', 'errors');
    await nurse.xmpp.send(xml('message', { to: 'ghost@localhost', type: 'chat', id: 'x1' }, xml('body', {}, 'hello?')));
    const err = await nurse.waitFor((el) => el.name === 'message' && el.attrs.id === 'x1' && el.attrs.type === 'error');
    expect(err.getChild('error')?.getChild('service-unavailable', 'urn:ietf:params:xml:ns:xmpp-stanzas')).toBeDefined();
    await nurse.xmpp.send(xml('message', { to: 'someone@elsewhere.example', type: 'chat', id: 'x2' }, xml('body', {}, 'hi')));
    const remote = await nurse.waitFor((el) => el.name === 'message' && el.attrs.id === 'x2' && el.attrs.type === 'error');
    expect(remote.getChild('error')?.getChild('remote-server-not-found', 'urn:ietf:params:xml:ns:xmpp-stanzas')).toBeDefined();
  });

  it('stores messages for an offline user and delivers them with <delay/> at login', async () => {
    const nurse = await login('nurse', 'letters');
    for (let i = 1; i <= 3; i++) {
      await nurse.xmpp.send(xml('message', { to: 'mercutio@localhost', type: 'chat', id: `off${i}` }, xml('body', {}, `letter ${i}`)));
    }
    await expect.poll(() => t.node.storage.offline.count('mercutio@localhost')).toBe(3);
    const mercutio = await login('mercutio', 'home', t.wsService);
    const third = await mercutio.waitFor((el) => el.name === 'message' && el.attrs.id === 'off3');
    const delivered = mercutio.received.filter((el) => el.name === 'message' && el.attrs.id?.startsWith('off'));
    expect(delivered.map((el) => el.getChildText('body'))).toEqual(['letter 1', 'letter 2', 'letter 3']);
    const delay = third.getChild('delay', 'urn:xmpp:delay');
    expect(delay?.attrs.from).toBe('localhost');
    expect(Date.parse(delay?.attrs.stamp ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(await t.node.storage.offline.count('mercutio@localhost')).toBe(0);
  });
});
