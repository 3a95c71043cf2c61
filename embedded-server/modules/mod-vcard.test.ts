import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NS } from '../base/namespaces.js';
import { parseStanzaError } from '../base/stanza-errors.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import { modVCard } from './mod-vcard.js';
import { ModuleHarness, type TestClient } from './test-harness.js';

function vcard(fn?: string, extra?: XmlElement): XmlElement {
  return xml('vCard', { xmlns: NS.vcard }, fn !== undefined && xml('FN', null, fn), extra);
}

describe('mod_vcard (XEP-0054)', () => {
  let h: ModuleHarness;
  let alice: TestClient;
  let bob: TestClient;

  beforeEach(async () => {
    h = new ModuleHarness({ modules: [[modVCard, { max_size: 400 }]] });
    await h.addUser('alice');
    await h.addUser('bob');
    alice = await h.connect('alice@localhost/home');
    bob = await h.connect('bob@localhost/phone');
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  it('answers an empty vCard for one’s own when none is stored (§3.1)', async () => {
    const reply = await alice.iq('get', vcard());
    expect(reply.attrs.type).toBe('result');
    const card = reply.getChild('vCard', NS.vcard)!;
    expect(card.elements()).toEqual([]);
  });

  it('stores a published vCard and returns it, to the owner and to others (§3.2, §3.3)', async () => {
    const nickname = xml('NICKNAME', null, 'al');
    const set = await alice.iq('set', vcard('Alice Liddell', nickname));
    expect(set.attrs.type).toBe('result');
    expect(await h.storage.vcards.get('alice@localhost')).toContain('Alice Liddell');

    const own = await alice.iq('get', vcard());
    expect(own.getChild('vCard', NS.vcard)!.getChildText('FN')).toBe('Alice Liddell');
    expect(own.getChild('vCard', NS.vcard)!.getChildText('NICKNAME')).toBe('al');

    const other = await bob.iq('get', vcard(), 'alice@localhost');
    expect(other.attrs.type).toBe('result');
    expect(other.attrs.from).toBe('alice@localhost');
    expect(other.getChild('vCard', NS.vcard)!.getChildText('FN')).toBe('Alice Liddell');
    // §3.3: the server answers; the request never reaches alice's resource.
    expect(alice.take((el) => el.name === 'iq' && el.attrs.type === 'get')).toEqual([]);
  });

  it('a set replaces the whole vCard (§3.2: no partial updates)', async () => {
    await alice.iq('set', vcard('First', xml('NICKNAME', null, 'one')));
    await alice.iq('set', vcard('Second'));
    const card = (await alice.iq('get', vcard())).getChild('vCard', NS.vcard)!;
    expect(card.getChildText('FN')).toBe('Second');
    expect(card.getChild('NICKNAME')).toBeUndefined();
  });

  it('another user’s missing vCard is item-not-found; a missing account is service-unavailable (§3.3)', async () => {
    expect(parseStanzaError(await alice.iq('get', vcard(), 'bob@localhost'))?.condition).toBe('item-not-found');
    expect(parseStanzaError(await alice.iq('get', vcard(), 'nobody@localhost'))?.condition).toBe('service-unavailable');
  });

  it('refuses to publish another user’s vCard with forbidden and leaves it alone (§3.2)', async () => {
    await bob.iq('set', vcard('Bob'));
    const reply = await alice.iq('set', vcard('Not Bob'), 'bob@localhost');
    expect(reply.attrs.type).toBe('error');
    expect(parseStanzaError(reply)?.condition).toBe('forbidden');
    expect(await h.storage.vcards.get('bob@localhost')).toContain('>Bob<');
  });

  it('refuses a vCard larger than max_size with not-acceptable and keeps the old one', async () => {
    await alice.iq('set', vcard('Small'));
    const reply = await alice.iq('set', vcard('x'.repeat(500)));
    expect(parseStanzaError(reply)?.condition).toBe('not-acceptable');
    expect((await alice.iq('get', vcard())).getChild('vCard')!.getChildText('FN')).toBe('Small');
  });

  it('serves back a vCard larger than the parser’s default stanza limit when max_size allows it', async () => {
    await h.stop();
    h = new ModuleHarness({ modules: [[modVCard, { max_size: 200_000 }]] });
    await h.addUser('alice');
    alice = await h.connect('alice@localhost/home');
    const photo = xml('PHOTO', null, xml('TYPE', null, 'image/png'), xml('BINVAL', null, 'A'.repeat(100_000)));
    expect((await alice.iq('set', vcard('Big', photo))).attrs.type).toBe('result');
    const card = (await alice.iq('get', vcard())).getChild('vCard', NS.vcard)!;
    expect(card.getChild('PHOTO')!.getChildText('BINVAL')).toHaveLength(100_000);
  });

  it('refuses a payload that is not <vCard/> as bad-request', async () => {
    expect(parseStanzaError(await alice.iq('get', xml('card', { xmlns: NS.vcard })))?.condition).toBe('bad-request');
  });

  it('is advertised on the server and on accounts (§4)', async () => {
    // mod_disco is not running here: read the hooks it would ask.
    expect(h.hooks.run('disco_local_features', [], { host: 'localhost' })).toContain(NS.vcard);
    expect(h.hooks.run('disco_sm_features', [], { user: 'alice@localhost' })).toContain(NS.vcard);
  });
});
