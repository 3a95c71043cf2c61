import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NS } from '../../base/namespaces.js';
import { parseStanzaError } from '../../base/stanza-errors.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import type { Subscription } from '../../storage/storage.js';
import { modOffline } from '../mod-offline/index.js';
import { modPing } from '../mod-ping.js';
import { modRoster } from '../mod-roster/index.js';
import { ModuleHarness, type TestClient } from '../test-harness.js';
import { modBlocking } from './index.js';

const blocklist = () => xml('blocklist', { xmlns: NS.blocking });
const items = (name: 'block' | 'unblock', ...jids: string[]) =>
  xml(name, { xmlns: NS.blocking }, ...jids.map((jid) => xml('item', { jid })));
const message = (to: string, body = 'hi') => xml('message', { to, type: 'chat' }, xml('body', null, body));

function pushesOf(client: TestClient): XmlElement[] {
  return client.take((el) => el.name === 'iq' && el.attrs.type === 'set' && el.getChildByNs(NS.blocking) !== undefined);
}

function bodies(client: TestClient): string[] {
  return client.take((el) => el.name === 'message' && el.attrs.type !== 'error').map((m) => m.getChildText('body') ?? '');
}

describe('mod_blocking (XEP-0191)', () => {
  let h: ModuleHarness;
  let alice: TestClient;
  let mallory: TestClient;

  beforeEach(async () => {
    h = new ModuleHarness({
      modules: [
        [modRoster, {}],
        [modOffline, {}],
        [modPing, {}],
        [modBlocking, {}],
      ],
    });
    for (const user of ['alice', 'mallory', 'bob']) await h.addUser(user);
    alice = await h.connect('alice@localhost/home');
    mallory = await h.connect('mallory@localhost/laptop');
    for (const c of [alice, mallory]) c.session.available = true;
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  async function subscription(user: string, contact: string, sub: Subscription): Promise<void> {
    await h.storage.rosters.setItem(user, { jid: contact, subscription: sub, askOut: false, pendingIn: false, approved: false, groups: [] });
  }

  describe('commands (§3.2–§3.5)', () => {
    it('an empty blocklist is an empty <blocklist/> (§3.2)', async () => {
      const reply = await alice.iq('get', blocklist());
      expect(reply.attrs.type).toBe('result');
      expect(reply.getChild('blocklist', NS.blocking)!.elements()).toEqual([]);
    });

    it('block stores the JIDs, normalized and once, and the blocklist lists them (§3.3)', async () => {
      const reply = await alice.iq('set', items('block', 'mallory@localhost', 'Spam.Example', 'mallory@localhost'));
      expect(reply.attrs.type).toBe('result');
      expect(await h.storage.blocklists.get('alice@localhost')).toEqual(['mallory@localhost', 'spam.example']);
      const list = await alice.iq('get', blocklist());
      expect(list.getChild('blocklist')!.getChildren('item').map((i) => i.attrs.jid)).toEqual(['mallory@localhost', 'spam.example']);
    });

    it('pushes changes to the resources that requested the blocklist, and only to them (§3.3, §3.4)', async () => {
      const phone = await h.connect('alice@localhost/phone');
      const tablet = await h.connect('alice@localhost/tablet');
      await alice.iq('get', blocklist());
      await phone.iq('get', blocklist());
      await tablet.iq('set', items('block', 'mallory@localhost'));
      for (const c of [alice, phone]) {
        const [push] = pushesOf(c);
        expect(push.attrs.to).toBe(c.jid.toString());
        expect(push.getChild('block', NS.blocking)!.getChildren('item').map((i) => i.attrs.jid)).toEqual(['mallory@localhost']);
      }
      expect(pushesOf(tablet)).toEqual([]);

      // Blocking again changes nothing, so nothing is pushed.
      await phone.iq('set', items('block', 'mallory@localhost'));
      expect(pushesOf(alice)).toEqual([]);

      await phone.iq('set', items('unblock', 'mallory@localhost', 'never-blocked@localhost'));
      const [unblockPush] = pushesOf(alice);
      expect(unblockPush.getChild('unblock', NS.blocking)!.getChildren('item').map((i) => i.attrs.jid)).toEqual(['mallory@localhost']);
    });

    it('an empty unblock lifts every block and pushes an empty <unblock/> (§3.5)', async () => {
      await alice.iq('get', blocklist());
      await alice.iq('set', items('block', 'mallory@localhost', 'bob@localhost'));
      pushesOf(alice);
      expect((await alice.iq('set', items('unblock'))).attrs.type).toBe('result');
      const [push] = pushesOf(alice);
      expect(push.getChild('unblock', NS.blocking)!.elements()).toEqual([]);
      expect(await h.storage.blocklists.get('alice@localhost')).toEqual([]);
      expect((await alice.iq('get', blocklist())).getChild('blocklist')!.elements()).toEqual([]);
    });

    it('a block without items is bad-request; an item without jid is bad-request; a bad JID is jid-malformed', async () => {
      expect(parseStanzaError(await alice.iq('set', items('block')))?.condition).toBe('bad-request');
      expect(parseStanzaError(await alice.iq('set', xml('block', { xmlns: NS.blocking }, xml('item'))))?.condition).toBe('bad-request');
      expect(parseStanzaError(await alice.iq('set', items('block', 'mallory@localhost', '@localhost')))?.condition).toBe('jid-malformed');
      expect(parseStanzaError(await alice.iq('set', items('unblock', 'a@b@c')))?.condition).toBe('jid-malformed');
      // Nothing of a refused command is applied.
      expect(await h.storage.blocklists.get('alice@localhost')).toEqual([]);
    });

    it('refuses the wrong IQ type and other users’ lists', async () => {
      expect(parseStanzaError(await alice.iq('set', blocklist()))?.condition).toBe('bad-request');
      expect(parseStanzaError(await alice.iq('get', items('block', 'x@localhost')))?.condition).toBe('bad-request');
      expect(parseStanzaError(await mallory.iq('get', blocklist(), 'alice@localhost'))?.condition).toBe('forbidden');
      expect(parseStanzaError(await mallory.iq('set', items('unblock'), 'alice@localhost'))?.condition).toBe('forbidden');
    });

    it('advertises urn:xmpp:blocking on the server (§3.1)', () => {
      expect(h.hooks.run('disco_local_features', [], { host: 'localhost' })).toContain(NS.blocking);
    });
  });

  describe('enforcement (§3.3)', () => {
    it('stanzas from a blocked JID do not reach the user: messages and IQs bounce, presence is dropped silently', async () => {
      await alice.iq('set', items('block', 'mallory@localhost'));
      alice.clear();
      await mallory.send(message('alice@localhost/home', 'blocked'));
      await mallory.send(xml('presence', { to: 'alice@localhost/home' }));
      await mallory.send(xml('iq', { type: 'get', id: 'v1', to: 'alice@localhost/home' }, xml('query', { xmlns: NS.version })));
      expect(alice.received).toEqual([]);
      const errors = mallory.take((el) => el.attrs.type === 'error');
      expect(errors.map((e) => [e.name, parseStanzaError(e)?.condition])).toEqual([
        ['message', 'service-unavailable'],
        ['iq', 'service-unavailable'],
      ]);
    });

    it('a message to the bare JID of a user with sessions is refused as well', async () => {
      await alice.iq('set', items('block', 'mallory@localhost'));
      await mallory.send(message('alice@localhost'));
      expect(bodies(alice)).toEqual([]);
      expect(await h.storage.offline.count('alice@localhost')).toBe(0);
    });

    it('follows the matching rules: a full-JID block leaves the other resources through', async () => {
      const phone = await h.connect('mallory@localhost/phone');
      await alice.iq('set', items('block', 'mallory@localhost/phone'));
      await phone.send(message('alice@localhost/home', 'from phone'));
      await mallory.send(message('alice@localhost/home', 'from laptop'));
      expect(bodies(alice)).toEqual(['from laptop']);
    });

    it('the user’s stanzas to a blocked JID are not routed; the user gets <not-acceptable/><blocked/>', async () => {
      await alice.iq('set', items('block', 'mallory@localhost'));
      await alice.send(message('mallory@localhost/laptop', 'psst'));
      await h.settle();
      expect(bodies(mallory)).toEqual([]);
      const [error] = alice.take((el) => el.name === 'message' && el.attrs.type === 'error');
      expect(error.attrs.from).toBe('mallory@localhost/laptop');
      expect(parseStanzaError(error)?.condition).toBe('not-acceptable');
      expect(error.getChild('error')!.getChild('blocked', NS.blockingErrors)).toBeDefined();
      expect(error.getChildText('body')).toBe('psst');
    });

    it('unblocking lets stanzas through again, in both directions (§3.4)', async () => {
      await alice.iq('set', items('block', 'mallory@localhost'));
      await alice.iq('set', items('unblock', 'mallory@localhost'));
      await mallory.send(message('alice@localhost/home', 'in'));
      await alice.send(message('mallory@localhost/laptop', 'out'));
      await h.settle();
      expect(bodies(alice)).toEqual(['in']);
      expect(bodies(mallory)).toEqual(['out']);
    });

    it('never blocks the user’s own resources from each other, nor the user’s server', async () => {
      const phone = await h.connect('alice@localhost/phone');
      await alice.iq('set', items('block', 'localhost'));
      await phone.send(message('alice@localhost/home', 'note to self'));
      await alice.send(message('alice@localhost/phone', 'reply'));
      await h.settle();
      expect(bodies(alice)).toEqual(['note to self']);
      expect(bodies(phone)).toEqual(['reply']);
      // ...nor from their own server...
      const ping = await alice.iq('get', xml('ping', { xmlns: NS.ping }), 'localhost');
      expect(ping.attrs.type).toBe('result');
      // ...while the domain block does cover everyone else there.
      await mallory.send(message('alice@localhost/home', 'x'));
      expect(bodies(alice)).toEqual([]);
    });

    it('the block lasts across sessions: it is loaded when the user comes back', async () => {
      await alice.iq('set', items('block', 'mallory@localhost'));
      await alice.close();
      const again = await h.connect('alice@localhost/again');
      await mallory.send(message('alice@localhost/again', 'still blocked'));
      expect(bodies(again)).toEqual([]);
      expect(parseStanzaError(mallory.take((el) => el.attrs.type === 'error')[0])?.condition).toBe('service-unavailable');
    });

    it('a message from a blocked JID to an offline user is not stored, and bounces (§3.3)', async () => {
      await alice.iq('set', items('block', 'mallory@localhost'));
      await alice.close();
      await mallory.send(message('alice@localhost', 'while you were out'));
      expect(await h.storage.offline.count('alice@localhost')).toBe(0);
      expect(parseStanzaError(mallory.take((el) => el.attrs.type === 'error')[0])?.condition).toBe('service-unavailable');
      // Other senders' messages are still kept for her.
      const bob = await h.connect('bob@localhost/pc');
      await bob.send(message('alice@localhost', 'from bob'));
      expect(await h.storage.offline.count('alice@localhost')).toBe(1);
    });
  });

  describe('presence on block and unblock (§3.3, §3.4)', () => {
    it('a blocked contact who may see the user’s presence gets unavailable; others get nothing', async () => {
      const bob = await h.connect('bob@localhost/pc');
      bob.session.available = true;
      alice.session.presence = xml('presence', null, xml('show', null, 'chat'));
      await subscription('alice@localhost', 'mallory@localhost', 'from');
      await subscription('alice@localhost', 'bob@localhost', 'to');
      await alice.iq('set', items('block', 'mallory@localhost', 'bob@localhost'));
      await h.settle();
      const [unavailable] = mallory.presences('unavailable');
      expect(unavailable.attrs.from).toBe('alice@localhost/home');
      expect(bob.received).toEqual([]);

      await alice.iq('set', items('unblock'));
      await h.settle();
      const [current] = mallory.presences(undefined);
      expect(current.attrs.from).toBe('alice@localhost/home');
      expect(current.getChildText('show')).toBe('chat');
      expect(bob.received).toEqual([]);
    });

    it('a JID that got directed presence gets unavailable too, once', async () => {
      alice.session.directedPresence.add('mallory@localhost/laptop');
      await alice.iq('set', items('block', 'mallory@localhost'));
      await h.settle();
      expect(mallory.presences('unavailable').map((p) => p.attrs.to)).toEqual(['mallory@localhost/laptop']);
      expect(alice.session.directedPresence.has('mallory@localhost/laptop')).toBe(false);
    });

    it('a user with no available resource sends nothing', async () => {
      alice.session.available = false;
      await subscription('alice@localhost', 'mallory@localhost', 'both');
      await alice.iq('set', items('block', 'mallory@localhost'));
      await h.settle();
      expect(mallory.presences('unavailable')).toEqual([]);
    });
  });
});
