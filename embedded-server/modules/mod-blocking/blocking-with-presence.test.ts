// XEP-0191 §3.3 / §3.4 with the real mod_presence and mod_roster: a blocked contact sees the user go
// offline, then sees no presence from them (broadcasts, probe answers) until unblocked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NS } from '../../base/namespaces.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import { modPresence } from '../mod-presence/index.js';
import { modRoster } from '../mod-roster/index.js';
import { ModuleHarness, presence, type TestClient } from '../test-harness.js';
import { modBlocking } from './index.js';

const block = (name: 'block' | 'unblock', jid: string) => xml(name, { xmlns: NS.blocking }, xml('item', { jid }));

function fromAlice(client: TestClient, type?: string): XmlElement[] {
  return client.presences(type).filter((p) => p.attrs.from?.startsWith('alice@localhost/'));
}

/** Both directions subscribed, through the real handshake. */
async function mutual(h: ModuleHarness, a: string, b: string): Promise<void> {
  const ca = await h.connect(`${a}@localhost/setup`);
  const cb = await h.connect(`${b}@localhost/setup`);
  for (const [x, y, cx, cy] of [[a, b, ca, cb] as const, [b, a, cb, ca] as const]) {
    await cx.send(presence({ to: `${y}@localhost`, type: 'subscribe' }));
    await cy.send(presence({ to: `${x}@localhost`, type: 'subscribed' }));
  }
  await ca.close();
  await cb.close();
}

describe('mod_blocking with mod_presence (XEP-0191 §3.3, §3.4)', () => {
  let h: ModuleHarness;
  let alice: TestClient;
  let mallory: TestClient;
  let bob: TestClient;

  beforeEach(async () => {
    h = new ModuleHarness({ modules: [[modRoster, {}], [modPresence, {}], [modBlocking, {}]] });
    for (const user of ['alice', 'mallory', 'bob']) await h.addUser(user);
    await mutual(h, 'alice', 'mallory');
    await mutual(h, 'alice', 'bob');
    mallory = await h.connect('mallory@localhost/laptop');
    await mallory.send(presence());
    bob = await h.connect('bob@localhost/pc');
    await bob.send(presence());
    alice = await h.connect('alice@localhost/home');
    await alice.send(presence({}, xml('status', null, 'hello')));
    expect(fromAlice(mallory)).toHaveLength(1);
    for (const c of [alice, mallory, bob]) c.clear();
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  it('on block the contact gets unavailable, then none of the user’s presence; unblock sends the current one', async () => {
    await alice.iq('set', block('block', 'mallory@localhost'));
    expect(fromAlice(mallory, 'unavailable')).toHaveLength(1);

    await alice.send(presence({}, xml('show', null, 'dnd')));
    expect(fromAlice(mallory)).toEqual([]);
    expect(fromAlice(bob).map((p) => p.getChildText('show'))).toEqual(['dnd']);

    // A probe from the blocked contact is not answered with the user's presence either.
    await mallory.send(presence({ to: 'alice@localhost', type: 'probe' }));
    expect(fromAlice(mallory)).toEqual([]);

    await alice.iq('set', block('unblock', 'mallory@localhost'));
    expect(fromAlice(mallory).map((p) => p.getChildText('show'))).toEqual(['dnd']);
  });

  it('the contact’s presence no longer reaches the user while blocked', async () => {
    await alice.iq('set', block('block', 'mallory@localhost'));
    alice.clear();
    await mallory.send(presence({}, xml('status', null, 'knock knock')));
    expect(alice.presences()).toEqual([]);
    expect(bob.presences()).toEqual([]); // bob and mallory are not contacts: nothing either way
  });

  it('a second resource coming online does not announce itself to the blocked contact', async () => {
    await alice.iq('set', block('block', 'mallory@localhost'));
    mallory.clear();
    const phone = await h.connect('alice@localhost/phone');
    await phone.send(presence());
    expect(fromAlice(mallory)).toEqual([]);
    expect(fromAlice(bob).map((p) => p.attrs.from)).toEqual(['alice@localhost/phone']);
  });
});
