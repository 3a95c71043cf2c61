import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NS } from '../base/namespaces.js';
import { parseStanzaError } from '../base/stanza-errors.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import { isReservedNamespace, modPrivate } from './mod-private.js';
import { ModuleHarness, type TestClient } from './test-harness.js';

const query = (...children: XmlElement[]) => xml('query', { xmlns: NS.private }, ...children);
const prefs = (nick?: string) => xml('exodus', { xmlns: 'exodus:prefs' }, nick !== undefined && xml('defaultnick', null, nick));

describe('mod_private (XEP-0049)', () => {
  let h: ModuleHarness;
  let alice: TestClient;

  beforeEach(async () => {
    h = new ModuleHarness({ modules: [[modPrivate, { max_size: 300 }]] });
    await h.addUser('alice');
    await h.addUser('bob');
    alice = await h.connect('alice@localhost/home');
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  it('stores a fragment and returns it for a get of its namespace (§2.3 examples)', async () => {
    expect((await alice.iq('set', query(prefs('Hamlet')))).attrs.type).toBe('result');
    const reply = await alice.iq('get', query(prefs()));
    expect(reply.attrs.type).toBe('result');
    const stored = reply.getChild('query', NS.private)!.getChild('exodus', 'exodus:prefs')!;
    expect(stored.getChildText('defaultnick')).toBe('Hamlet');
  });

  it('returns the requested element as sent when nothing is stored', async () => {
    const reply = await alice.iq('get', query(xml('storage', { xmlns: 'storage:bookmarks' })));
    const children = reply.getChild('query', NS.private)!.elements();
    expect(children.map((c) => [c.name, c.attrs.xmlns, c.elements().length])).toEqual([['storage', 'storage:bookmarks', 0]]);
  });

  it('keeps namespaces apart; a set of several elements replaces that namespace’s data (§2.3)', async () => {
    await alice.iq('set', query(xml('storage', { xmlns: 'storage:bookmarks' }, xml('conference', { jid: 'room@muc.localhost' }))));
    await alice.iq('set', query(prefs('One'), prefs('Two')));
    const both = (await alice.iq('get', query(prefs()))).getChild('query')!.elements();
    expect(both.map((e) => e.getChildText('defaultnick'))).toEqual(['One', 'Two']);
    await alice.iq('set', query(prefs('Three')));
    const replaced = (await alice.iq('get', query(prefs()))).getChild('query')!.elements();
    expect(replaced.map((e) => e.getChildText('defaultnick'))).toEqual(['Three']);
    const bookmarks = (await alice.iq('get', query(xml('storage', { xmlns: 'storage:bookmarks' })))).getChild('query')!;
    expect(bookmarks.getChild('storage')!.getChild('conference')!.attrs.jid).toBe('room@muc.localhost');
  });

  it('data outlives the session (it is in storage)', async () => {
    await alice.iq('set', query(prefs('Kept')));
    await alice.close();
    const again = await h.connect('alice@localhost/other');
    const reply = await again.iq('get', query(prefs()));
    expect(reply.getChild('query')!.getChild('exodus')!.getChildText('defaultnick')).toBe('Kept');
  });

  it('refuses another user’s data with forbidden, for get and set (§2.3)', async () => {
    expect(parseStanzaError(await alice.iq('get', query(prefs()), 'bob@localhost'))?.condition).toBe('forbidden');
    expect(parseStanzaError(await alice.iq('set', query(prefs('Mine now')), 'bob@localhost'))?.condition).toBe('forbidden');
    expect(await h.storage.privateStorage.get('bob@localhost', 'exodus:prefs')).toBeUndefined();
  });

  it('refuses a query without a namespaced child with not-acceptable (§2.3)', async () => {
    expect(parseStanzaError(await alice.iq('get', query()))?.condition).toBe('not-acceptable');
    expect(parseStanzaError(await alice.iq('set', query()))?.condition).toBe('not-acceptable');
    // No xmlns of its own: the child is in jabber:iq:private.
    expect(parseStanzaError(await alice.iq('set', query(xml('prefs', null, xml('x')))))?.condition).toBe('not-acceptable');
  });

  it('refuses reserved namespaces with not-acceptable and stores nothing (§2.3)', async () => {
    for (const ns of ['jabber:iq:roster', 'http://jabber.org/protocol/muc', NS.vcard]) {
      expect(parseStanzaError(await alice.iq('set', query(xml('x', { xmlns: ns }))))?.condition).toBe('not-acceptable');
      expect(await h.storage.privateStorage.get('alice@localhost', ns)).toBeUndefined();
    }
    expect(isReservedNamespace('storage:bookmarks')).toBe(false);
  });

  it('refuses a get for more than one namespace with bad-request (§2.3)', async () => {
    const reply = await alice.iq('get', query(prefs(), xml('storage', { xmlns: 'storage:bookmarks' })));
    expect(parseStanzaError(reply)?.condition).toBe('bad-request');
  });

  it('refuses data larger than max_size with not-acceptable', async () => {
    await alice.iq('set', query(prefs('small')));
    expect(parseStanzaError(await alice.iq('set', query(prefs('x'.repeat(400)))))?.condition).toBe('not-acceptable');
    const reply = await alice.iq('get', query(prefs()));
    expect(reply.getChild('query')!.getChild('exodus')!.getChildText('defaultnick')).toBe('small');
  });
});
