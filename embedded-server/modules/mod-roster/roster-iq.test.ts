// RFC 6121 §2 roster get/set/delete, pushes to interested resources and §2.6 versioning, on a real core.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml, type XmlElement } from '../../base/xml/element.js';
import { modPresence } from '../mod-presence/index.js';
import { ModuleHarness, presence, type TestClient } from '../test-harness.js';
import { modRoster } from './index.js';

const ROSTER = 'jabber:iq:roster';

function rosterGet(client: TestClient, ver?: string): Promise<XmlElement> {
  return client.iq('get', xml('query', ver === undefined ? { xmlns: ROSTER } : { xmlns: ROSTER, ver }));
}

function rosterSet(client: TestClient, item: XmlElement): Promise<XmlElement> {
  return client.iq('set', xml('query', { xmlns: ROSTER }, item));
}

function items(result: XmlElement): string[] {
  return (result.getChild('query', ROSTER)?.getChildren('item') ?? []).map(String);
}

function errorCondition(reply: XmlElement): string | undefined {
  return reply.getChild('error')?.elements()[0]?.name;
}

describe('mod_roster IQ', () => {
  let h: ModuleHarness;
  let balcony: TestClient;

  beforeEach(async () => {
    h = new ModuleHarness({ modules: [[modRoster, {}], [modPresence, {}]] });
    await h.addUser('juliet');
    await h.addUser('romeo');
    balcony = await h.connect('juliet@localhost/balcony');
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  it('returns an empty roster with a version and makes the resource interested', async () => {
    expect(balcony.session.rosterRequested).toBe(false);
    const result = await rosterGet(balcony);
    expect(result.attrs.type).toBe('result');
    const query = result.getChild('query', ROSTER);
    expect(query?.attrs.ver).toBe('0');
    expect(query?.elements()).toEqual([]);
    expect(balcony.session.rosterRequested).toBe(true);
  });

  it('adds an item, pushes it to every interested resource (the requester included) and lists it', async () => {
    const chamber = await h.connect('juliet@localhost/chamber');
    const uninterested = await h.connect('juliet@localhost/garden');
    await rosterGet(balcony);
    await rosterGet(chamber);
    balcony.clear();
    chamber.clear();

    const reply = await rosterSet(balcony, xml('item', { jid: 'nurse@example.com', name: 'Nurse' }, xml('group', null, 'Servants')));
    expect(reply.attrs.type).toBe('result');
    for (const client of [balcony, chamber]) {
      const pushes = client.pushes();
      expect(pushes).toHaveLength(1);
      expect(pushes[0].attrs.from).toBe('juliet@localhost');
      expect(pushes[0].attrs.to).toBe(client.jid.toString());
      expect(pushes[0].getChild('query', ROSTER)?.attrs.ver).toBe('1');
      expect(items(pushes[0])).toEqual(['<item jid="nurse@example.com" subscription="none" name="Nurse"><group>Servants</group></item>']);
    }
    expect(uninterested.pushes()).toEqual([]);
    expect(items(await rosterGet(chamber))).toEqual(['<item jid="nurse@example.com" subscription="none" name="Nurse"><group>Servants</group></item>']);
  });

  it('updates name and groups of an existing item without touching its subscription', async () => {
    await rosterSet(balcony, xml('item', { jid: 'romeo@localhost' }));
    await balcony.send(presence({ to: 'romeo@localhost', type: 'subscribe' }));
    await rosterSet(balcony, xml('item', { jid: 'romeo@localhost', name: 'Romeo', subscription: 'both' }, xml('group', null, 'Friends')));
    expect(items(await rosterGet(balcony))).toEqual([
      '<item jid="romeo@localhost" subscription="none" name="Romeo" ask="subscribe"><group>Friends</group></item>',
    ]);
  });

  it('answers a client holding the current version with an empty result (§2.6.3)', async () => {
    await rosterSet(balcony, xml('item', { jid: 'nurse@example.com' }));
    const full = await rosterGet(balcony, '');
    const ver = full.getChild('query', ROSTER)?.attrs.ver;
    expect(ver).toBe('1');
    const same = await rosterGet(balcony, ver);
    expect(same.attrs.type).toBe('result');
    expect(same.elements()).toEqual([]);
    await rosterSet(balcony, xml('item', { jid: 'tybalt@example.com' }));
    const newer = await rosterGet(balcony, ver);
    expect(newer.getChild('query', ROSTER)?.attrs.ver).toBe('2');
    expect(items(newer)).toHaveLength(2);
  });

  it('leaves out versions when versioning is off', async () => {
    const plain = new ModuleHarness({ modules: [[modRoster, { versioning: false }]] });
    try {
      await plain.addUser('juliet');
      const client = await plain.connect('juliet@localhost/r');
      await rosterGet(client);
      await rosterSet(client, xml('item', { jid: 'nurse@example.com' }));
      expect(client.pushes()[0].getChild('query', ROSTER)?.attrs.ver).toBeUndefined();
      const result = await rosterGet(client, '1');
      expect(result.getChild('query', ROSTER)?.attrs.ver).toBeUndefined();
      expect(items(result)).toHaveLength(1);
      expect(plain.hooks.run('c2s_stream_features', [], { host: 'localhost' }).map(String)).toEqual([
        '<sub xmlns="urn:xmpp:features:pre-approval"/>',
      ]);
    } finally {
      await plain.stop();
    }
  });

  it('advertises roster versioning and pre-approval as stream features', () => {
    expect(h.hooks.run('c2s_stream_features', [], { host: 'localhost' }).map(String)).toEqual([
      '<ver xmlns="urn:xmpp:features:rosterver"/>',
      '<sub xmlns="urn:xmpp:features:pre-approval"/>',
    ]);
  });

  it.each([
    ['two items', [xml('item', { jid: 'a@example.com' }), xml('item', { jid: 'b@example.com' })], 'bad-request'],
    ['a duplicate group', [xml('item', { jid: 'a@example.com' }, xml('group', null, 'G'), xml('group', null, 'G'))], 'bad-request'],
    ['an empty group', [xml('item', { jid: 'a@example.com' }, xml('group'))], 'not-acceptable'],
    ['a malformed jid', [xml('item', { jid: '@example.com' })], 'jid-malformed'],
    ['the user themself', [xml('item', { jid: 'juliet@localhost' })], 'not-allowed'],
  ])('rejects a roster set with %s', async (_what, children, condition) => {
    await rosterGet(balcony);
    balcony.clear();
    const reply = await balcony.iq('set', xml('query', { xmlns: ROSTER }, ...children));
    expect(reply.attrs.type).toBe('error');
    expect(errorCondition(reply)).toBe(condition);
    expect(balcony.pushes()).toEqual([]);
    expect(items(await rosterGet(balcony))).toEqual([]);
  });

  it('refuses another account access to the roster (forbidden)', async () => {
    await rosterSet(balcony, xml('item', { jid: 'nurse@example.com' }));
    const romeo = await h.connect('romeo@localhost/orchard');
    const get = await romeo.iq('get', xml('query', { xmlns: ROSTER }), 'juliet@localhost');
    expect(get.attrs.type).toBe('error');
    expect(errorCondition(get)).toBe('forbidden');
    const set = await romeo.iq('set', xml('query', { xmlns: ROSTER }, xml('item', { jid: 'evil@example.com' })), 'juliet@localhost');
    expect(errorCondition(set)).toBe('forbidden');
    expect(items(await rosterGet(balcony))).toHaveLength(1);
  });

  it('removes an item: push with subscription="remove", item-not-found the second time (§2.5)', async () => {
    await rosterSet(balcony, xml('item', { jid: 'nurse@example.com' }));
    await rosterGet(balcony);
    balcony.clear();
    const reply = await rosterSet(balcony, xml('item', { jid: 'nurse@example.com', subscription: 'remove' }));
    expect(reply.attrs.type).toBe('result');
    expect(balcony.pushes().flatMap(items)).toEqual(['<item jid="nurse@example.com" subscription="remove"/>']);
    expect(items(await rosterGet(balcony))).toEqual([]);
    const again = await rosterSet(balcony, xml('item', { jid: 'nurse@example.com', subscription: 'remove' }));
    expect(errorCondition(again)).toBe('item-not-found');
  });
});
