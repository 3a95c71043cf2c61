import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NS } from '../base/namespaces.js';
import { parseStanzaError } from '../base/stanza-errors.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import type { Subscription } from '../storage/storage.js';
import { modBlocking } from './mod-blocking/index.js';
import { modDisco } from './mod-disco.js';
import { modRoster } from './mod-roster/index.js';
import { modVCard } from './mod-vcard.js';
import { ModuleHarness, type TestClient } from './test-harness.js';

function features(reply: XmlElement): string[] {
  return reply.getChild('query', NS.discoInfo)!.getChildren('feature').map((f) => f.attrs.var);
}

const info = (node?: string) => xml('query', node === undefined ? { xmlns: NS.discoInfo } : { xmlns: NS.discoInfo, node });
const items = (node?: string) => xml('query', node === undefined ? { xmlns: NS.discoItems } : { xmlns: NS.discoItems, node });

describe('mod_disco (XEP-0030)', () => {
  let h: ModuleHarness;
  let alice: TestClient;
  let bob: TestClient;

  beforeEach(async () => {
    h = new ModuleHarness({
      modules: [
        [modDisco, {}],
        [modRoster, {}],
        [modVCard, {}],
        [modBlocking, {}],
      ],
    });
    await h.addUser('alice');
    await h.addUser('bob');
    alice = await h.connect('alice@localhost/home');
    bob = await h.connect('bob@localhost/phone');
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  async function subscribe(user: string, contact: string, subscription: Subscription): Promise<void> {
    await h.storage.rosters.setItem(user, { jid: contact, subscription, askOut: false, pendingIn: false, approved: false, groups: [] });
  }

  describe('the server’s JID', () => {
    it('has the server/im identity and the features of the running modules, each once, sorted (§3.1)', async () => {
      const reply = await alice.iq('get', info(), 'localhost');
      expect(reply.attrs.type).toBe('result');
      const identity = reply.getChild('query')!.getChild('identity')!;
      expect([identity.attrs.category, identity.attrs.type]).toEqual(['server', 'im']);
      const vars = features(reply);
      for (const f of [NS.discoInfo, NS.discoItems, NS.vcard, NS.blocking]) expect(vars).toContain(f);
      expect(vars).toEqual([...new Set(vars)].sort());
      // Modules that are not running add nothing.
      expect(vars).not.toContain(NS.ping);
      expect(vars).not.toContain(NS.version);
    });

    it('answers item-not-found for an unknown node, mirroring the node (§3.2, §7)', async () => {
      const reply = await alice.iq('get', info('no-such-node'), 'localhost');
      expect(parseStanzaError(reply)?.condition).toBe('item-not-found');
      expect(parseStanzaError(await alice.iq('get', items('no-such-node'), 'localhost'))?.condition).toBe('item-not-found');
    });

    it('has no items: an empty result, not an error (§4.1)', async () => {
      const reply = await alice.iq('get', items(), 'localhost');
      expect(reply.attrs.type).toBe('result');
      expect(reply.getChild('query', NS.discoItems)!.elements()).toEqual([]);
    });

    it('refuses type set as bad-request (disco requests are IQ-gets)', async () => {
      expect(parseStanzaError(await alice.iq('set', info(), 'localhost'))?.condition).toBe('bad-request');
      expect(parseStanzaError(await alice.iq('set', items(), 'localhost'))?.condition).toBe('bad-request');
    });
  });

  describe('a user’s bare JID (answered by the server, §3.1 and §8)', () => {
    it('the account itself gets the account/registered identity and the account features', async () => {
      const reply = await alice.iq('get', info());
      expect(reply.attrs.type).toBe('result');
      expect(reply.attrs.from).toBe('alice@localhost');
      const identity = reply.getChild('query')!.getChild('identity')!;
      expect([identity.attrs.category, identity.attrs.type]).toEqual(['account', 'registered']);
      const vars = features(reply);
      expect(vars).toContain(NS.discoInfo);
      expect(vars).toContain(NS.vcard);
      // XEP-0191 is a server feature, not one of the account.
      expect(vars).not.toContain(NS.blocking);
    });

    it('a contact with a from/both subscription may look; anyone else gets service-unavailable (§8 rule 1)', async () => {
      expect(parseStanzaError(await bob.iq('get', info(), 'alice@localhost'))?.condition).toBe('service-unavailable');
      await subscribe('alice@localhost', 'bob@localhost', 'to');
      expect(parseStanzaError(await bob.iq('get', info(), 'alice@localhost'))?.condition).toBe('service-unavailable');
      await subscribe('alice@localhost', 'bob@localhost', 'from');
      expect((await bob.iq('get', info(), 'alice@localhost')).attrs.type).toBe('result');
      await subscribe('alice@localhost', 'bob@localhost', 'both');
      expect((await bob.iq('get', info(), 'alice@localhost')).attrs.type).toBe('result');
    });

    it('an account that does not exist looks like an unauthorized one (§8 rule 1)', async () => {
      expect(parseStanzaError(await alice.iq('get', info(), 'nobody@localhost'))?.condition).toBe('service-unavailable');
      expect(parseStanzaError(await alice.iq('get', info('x'), 'nobody@localhost'))?.condition).toBe('service-unavailable');
    });

    it('an unknown node on an account is item-not-found', async () => {
      expect(parseStanzaError(await alice.iq('get', info('x')))?.condition).toBe('item-not-found');
    });

    it('items are the available resources, for the account and authorized contacts only (§4.1, §8 rule 2)', async () => {
      alice.session.available = true;
      await h.connect('alice@localhost/away'); // bound but not available: not listed
      const own = await alice.iq('get', items());
      expect(own.getChild('query')!.getChildren('item').map((i) => i.attrs.jid)).toEqual(['alice@localhost/home']);

      const stranger = await bob.iq('get', items(), 'alice@localhost');
      expect(stranger.attrs.type).toBe('result');
      expect(stranger.getChild('query')!.elements()).toEqual([]);

      await subscribe('alice@localhost', 'bob@localhost', 'both');
      const contact = await bob.iq('get', items(), 'alice@localhost');
      expect(contact.getChild('query')!.getChildren('item').map((i) => i.attrs.jid)).toEqual(['alice@localhost/home']);

      const missing = await bob.iq('get', items(), 'nobody@localhost');
      expect(missing.attrs.type).toBe('result');
      expect(missing.getChild('query')!.elements()).toEqual([]);
    });
  });
});
