// RFC 6121 §8.5.2.2.1 / XEP-0160 offline storage on a real core: what is stored, the quota, and delivery
// with XEP-0203 delay stamps at the next initial presence.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJid } from '../../base/jid.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import { modPresence } from '../mod-presence/index.js';
import { modRoster } from '../mod-roster/index.js';
import { ModuleHarness, presence, type TestClient } from '../test-harness.js';
import { modOffline } from './index.js';

const STORED_AT = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

function chat(to: string, body: string, type = 'chat'): XmlElement {
  return xml('message', { to, type }, xml('body', null, body));
}

describe('mod_offline', () => {
  let h: ModuleHarness;
  let clock: number;
  let romeo: TestClient;

  beforeEach(async () => {
    clock = STORED_AT;
    h = new ModuleHarness({ modules: [[modRoster, {}], [modPresence, {}], [modOffline, { max_messages: 3 }]], now: () => clock });
    await h.addUser('juliet');
    await h.addUser('romeo');
    romeo = await h.connect('romeo@localhost/orchard');
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  it('stores messages for an offline user and delivers them in order with a delay stamp at initial presence', async () => {
    await romeo.send(chat('juliet@localhost', 'first'));
    clock += 1000;
    await romeo.send(chat('juliet@localhost/balcony', 'second', 'normal'));
    await romeo.send(xml('message', { to: 'juliet@localhost' }, xml('body', null, 'third (no type)')));
    expect(await h.storage.offline.count('juliet@localhost')).toBe(3);
    expect(romeo.received).toEqual([]);

    const balcony = await h.connect('juliet@localhost/balcony');
    expect(balcony.received).toEqual([]);
    await balcony.send(presence());
    const messages = balcony.take((el) => el.name === 'message');
    expect(messages.map((m) => m.getChildText('body'))).toEqual(['first', 'second', 'third (no type)']);
    for (const m of messages) expect(m.attrs.from).toBe('romeo@localhost/orchard');
    const delays = messages.map((m) => m.getChild('delay', 'urn:xmpp:delay'));
    expect(delays.map((d) => d?.attrs.stamp)).toEqual([
      '2026-01-02T03:04:05.678Z',
      '2026-01-02T03:04:06.678Z',
      '2026-01-02T03:04:06.678Z',
    ]);
    for (const d of delays) {
      expect(d?.attrs.from).toBe('localhost');
      expect(d?.text()).toBe('Offline Storage');
    }
    expect(await h.storage.offline.count('juliet@localhost')).toBe(0);
  });

  it('delivers a stored message larger than the default stanza limit', async () => {
    const body = 'x'.repeat(100_000);
    await romeo.send(chat('juliet@localhost', body));
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence());
    expect(balcony.take((el) => el.name === 'message').map((m) => m.getChildText('body'))).toEqual([body]);
  });

  it('refuses past max_messages: the sender gets service-unavailable and nothing more is stored', async () => {
    for (const body of ['1', '2', '3', '4']) await romeo.send(chat('juliet@localhost', body));
    expect(await h.storage.offline.count('juliet@localhost')).toBe(3);
    const [error] = romeo.take((el) => el.name === 'message' && el.attrs.type === 'error');
    expect(error.getChild('error')?.elements()[0]?.name).toBe('service-unavailable');
    expect(error.getChildText('body')).toBe('4');
  });

  it('ignores headlines, chat states alone and messages marked no-store', async () => {
    await romeo.send(xml('message', { to: 'juliet@localhost', type: 'headline' }, xml('body', null, 'news')));
    await romeo.send(xml('message', { to: 'juliet@localhost', type: 'chat' }, xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' })));
    await romeo.send(xml('message', { to: 'juliet@localhost', type: 'chat' }, xml('body', null, 'secret'), xml('no-store', { xmlns: 'urn:xmpp:hints' })));
    expect(await h.storage.offline.count('juliet@localhost')).toBe(0);
    expect(romeo.received).toEqual([]);
  });

  it('answers the offline_message hook with what became of each message', async () => {
    const run = (stanza: XmlElement) =>
      h.hooks.runAsync('offline_message', 'unhandled', { from: romeo.jid, to: parseJid('juliet@localhost'), stanza });
    expect(await run(xml('message', { type: 'headline' }, xml('body', null, 'x')))).toBe('ignored');
    expect(await run(xml('message', { type: 'groupchat' }, xml('body', null, 'x')))).toBe('ignored');
    expect(await run(xml('message', { type: 'chat' }, xml('thread', null, 't1'), xml('active', { xmlns: 'http://jabber.org/protocol/chatstates' })))).toBe('ignored');
    expect(await run(xml('message', { type: 'chat' }, xml('store', { xmlns: 'urn:xmpp:hints' })))).toBe('stored');
    expect(await run(xml('message', {}, xml('x', { xmlns: 'jabber:x:conference', jid: 'room@muc.localhost' })))).toBe('stored');
    // Another handler's decision (e.g. blocking) stands.
    expect(await h.hooks.runAsync('offline_message', 'blocked', { from: romeo.jid, to: parseJid('juliet@localhost'), stanza: chat('juliet@localhost', 'x') })).toBe('blocked');
    expect(await h.storage.offline.count('juliet@localhost')).toBe(2);
  });

  it('keeps the messages while the only resource has a negative priority', async () => {
    await romeo.send(chat('juliet@localhost', 'wait'));
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence({}, xml('priority', null, '-1')));
    expect(balcony.take((el) => el.name === 'message')).toEqual([]);
    expect(await h.storage.offline.count('juliet@localhost')).toBe(1);
    const chamber = await h.connect('juliet@localhost/chamber');
    await chamber.send(presence());
    expect(chamber.take((el) => el.name === 'message').map((m) => m.getChildText('body'))).toEqual(['wait']);
  });

  it('puts messages back when the session cannot take them', async () => {
    await romeo.send(chat('juliet@localhost', 'one'));
    clock += 5000;
    await romeo.send(chat('juliet@localhost', 'two'));
    const balcony = await h.connect('juliet@localhost/balcony');
    balcony.session.available = true;
    // The process died but the session is still in the table (the c2s has not cleaned up yet).
    h.runtime.stop(balcony.session.pid, 'killed');
    await h.hooks.runAsync('user_available', null, { session: balcony.session });
    const kept = await h.storage.offline.takeAll('juliet@localhost');
    expect(kept.map((m) => m.stanza.includes('one'))).toEqual([true, false]);
    expect(kept.map((m) => m.storedAt)).toEqual([STORED_AT, STORED_AT + 5000]);
  });
});
