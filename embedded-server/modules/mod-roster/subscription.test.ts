// RFC 6121 §3 subscription handshakes between two local accounts, both halves of the state machine
// running on one core: roster states, pushes, and which presence each resource receives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml, type XmlElement } from '../../base/xml/element.js';
import { modPresence } from '../mod-presence/index.js';
import { ModuleHarness, presence, type TestClient } from '../test-harness.js';
import { modRoster } from './index.js';

const ROSTER = 'jabber:iq:roster';

/** An online, available client that asked for the roster, with its inbox cleared. */
async function online(h: ModuleHarness, jid: string): Promise<TestClient> {
  const client = await h.connect(jid);
  await client.iq('get', xml('query', { xmlns: ROSTER }));
  await client.send(presence());
  client.clear();
  return client;
}

function pushedItems(client: TestClient): string[] {
  return client.pushes().map((iq) => String(iq.getChild('query', ROSTER)?.getChild('item')));
}

function summary(stanzas: XmlElement[]): string[] {
  return stanzas.map((el) => `${el.attrs.type ?? 'available'} from ${el.attrs.from}`);
}

describe('presence subscriptions (RFC 6121 §3)', () => {
  let h: ModuleHarness;

  beforeEach(async () => {
    h = new ModuleHarness({ modules: [[modRoster, {}], [modPresence, {}]] });
    for (const user of ['alice', 'bob', 'carol', 'dave']) await h.addUser(user);
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  const item = (user: string, contact: string) => h.storage.rosters.getItem(`${user}@localhost`, `${contact}@localhost`);

  it('runs the handshake both ways: subscribe → pending → subscribed → to/from → both', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    const bob = await online(h, 'bob@localhost/desk');

    // §3.1.1-3.1.3: alice asks; her roster says ask=subscribe; bob is asked, stamped with alice's bare JID.
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribe' }, xml('status', null, 'hi')));
    expect(pushedItems(alice)).toEqual(['<item jid="bob@localhost" subscription="none" ask="subscribe"/>']);
    const requests = bob.presences('subscribe');
    expect(summary(requests)).toEqual(['subscribe from alice@localhost']);
    expect(requests[0].getChildText('status')).toBe('hi');
    expect(pushedItems(bob)).toEqual([]);
    expect(await item('bob', 'alice')).toMatchObject({ subscription: 'none', pendingIn: true });

    // §3.1.5-3.1.6: bob approves; both rosters change and alice gets bob's presence.
    await bob.send(presence({ to: 'alice@localhost', type: 'subscribed' }));
    expect(pushedItems(bob)).toEqual(['<item jid="alice@localhost" subscription="from"/>']);
    expect(pushedItems(alice)).toEqual(['<item jid="bob@localhost" subscription="to"/>']);
    expect(summary(alice.presences('subscribed'))).toEqual(['subscribed from bob@localhost']);
    expect(summary(alice.presences())).toEqual(['available from bob@localhost/desk']);
    expect(bob.presences()).toEqual([]);

    // The other way round makes it mutual.
    await bob.send(presence({ to: 'alice@localhost', type: 'subscribe' }));
    expect(summary(alice.presences('subscribe'))).toEqual(['subscribe from bob@localhost']);
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribed' }));
    expect(await item('alice', 'bob')).toMatchObject({ subscription: 'both', askOut: false, pendingIn: false });
    expect(await item('bob', 'alice')).toMatchObject({ subscription: 'both', askOut: false, pendingIn: false });
    expect(summary(bob.presences())).toEqual(['available from alice@localhost/phone']);
  });

  it('does not deliver a repeated request, and auto-approves one from an existing subscriber', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    const bob = await online(h, 'bob@localhost/desk');
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribe' }));
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribe' }));
    expect(bob.presences('subscribe')).toHaveLength(1);

    await bob.send(presence({ to: 'alice@localhost', type: 'subscribed' }));
    alice.clear();
    // A.3.1: bob already has 'from'; alice asking again is answered by the server, bob is not bothered.
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribe' }));
    expect(bob.presences('subscribe')).toEqual([]);
    expect(summary(alice.presences())).toEqual(['available from bob@localhost/desk']);
    expect(await item('alice', 'bob')).toMatchObject({ subscription: 'to', askOut: false });
  });

  it('pre-approves a subscription (§3.4): nothing is routed until the request arrives, which is granted at once', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    const carol = await online(h, 'carol@localhost/laptop');
    await alice.send(presence({ to: 'carol@localhost', type: 'subscribed' }));
    expect(pushedItems(alice)).toEqual(['<item jid="carol@localhost" subscription="none" approved="true"/>']);
    expect(carol.received).toEqual([]);

    await carol.send(presence({ to: 'alice@localhost', type: 'subscribe' }));
    expect(alice.presences('subscribe')).toEqual([]);
    expect(pushedItems(alice)).toEqual(['<item jid="carol@localhost" subscription="from"/>']);
    expect(pushedItems(carol)).toEqual([
      '<item jid="alice@localhost" subscription="none" ask="subscribe"/>',
      '<item jid="alice@localhost" subscription="to"/>',
    ]);
    expect(summary(carol.presences('subscribed'))).toEqual(['subscribed from alice@localhost']);
    expect(summary(carol.presences())).toEqual(['available from alice@localhost/phone']);
  });

  it('cancels a pre-approval with unsubscribed', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    const carol = await online(h, 'carol@localhost/laptop');
    await alice.send(presence({ to: 'carol@localhost', type: 'subscribed' }));
    await alice.send(presence({ to: 'carol@localhost', type: 'unsubscribed' }));
    expect(await item('alice', 'carol')).toMatchObject({ approved: false, subscription: 'none' });
    alice.clear();
    await carol.send(presence({ to: 'alice@localhost', type: 'subscribe' }));
    expect(summary(alice.presences('subscribe'))).toEqual(['subscribe from carol@localhost']);
  });

  it('keeps a request for an offline user and delivers it with the next initial presence (§3.1.3)', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    await alice.send(presence({ to: 'dave@localhost', type: 'subscribe' }));

    const dave = await h.connect('dave@localhost/home');
    const roster = await dave.iq('get', xml('query', { xmlns: ROSTER }));
    // The stranger's request is not a roster item the user made.
    expect(roster.getChild('query', ROSTER)?.elements()).toEqual([]);
    dave.clear();
    await dave.send(presence());
    expect(summary(dave.presences('subscribe'))).toEqual(['subscribe from alice@localhost']);

    // A second resource coming online is asked again (the request is still pending).
    const tablet = await h.connect('dave@localhost/tablet');
    await tablet.send(presence());
    expect(summary(tablet.presences('subscribe'))).toEqual(['subscribe from alice@localhost']);

    // Denying it leaves nothing in dave's roster.
    alice.clear();
    await dave.send(presence({ to: 'alice@localhost', type: 'unsubscribed' }));
    expect(await item('dave', 'alice')).toBeUndefined();
    expect(pushedItems(alice)).toEqual(['<item jid="dave@localhost" subscription="none"/>']);
    expect(summary(alice.presences('unsubscribed'))).toEqual(['unsubscribed from dave@localhost']);
  });

  it('unsubscribe ends the subscription and the contact\'s resources go unavailable (§3.3)', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    const bob = await online(h, 'bob@localhost/desk');
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribe' }));
    await bob.send(presence({ to: 'alice@localhost', type: 'subscribed' }));
    alice.clear();
    bob.clear();

    await alice.send(presence({ to: 'bob@localhost', type: 'unsubscribe' }));
    expect(pushedItems(alice)).toEqual(['<item jid="bob@localhost" subscription="none"/>']);
    expect(pushedItems(bob)).toEqual(['<item jid="alice@localhost" subscription="none"/>']);
    expect(summary(bob.presences('unsubscribe'))).toEqual(['unsubscribe from alice@localhost']);
    expect(summary(alice.presences('unavailable'))).toEqual(['unavailable from bob@localhost/desk']);
  });

  it('unsubscribed cancels the contact\'s subscription and they see the user go unavailable (§3.2)', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    const bob = await online(h, 'bob@localhost/desk');
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribe' }));
    await bob.send(presence({ to: 'alice@localhost', type: 'subscribed' }));
    alice.clear();

    await bob.send(presence({ to: 'alice@localhost', type: 'unsubscribed' }));
    expect(await item('bob', 'alice')).toMatchObject({ subscription: 'none' });
    expect(await item('alice', 'bob')).toMatchObject({ subscription: 'none' });
    expect(summary(alice.presences('unsubscribed'))).toEqual(['unsubscribed from bob@localhost']);
    expect(summary(alice.presences('unavailable'))).toEqual(['unavailable from bob@localhost/desk']);
    expect(pushedItems(alice)).toEqual(['<item jid="bob@localhost" subscription="none"/>']);
  });

  it('removing a contact with a mutual subscription ends both directions (§2.5.2)', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    const bob = await online(h, 'bob@localhost/desk');
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribe' }));
    await bob.send(presence({ to: 'alice@localhost', type: 'subscribed' }));
    await bob.send(presence({ to: 'alice@localhost', type: 'subscribe' }));
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribed' }));
    bob.clear();

    await alice.iq('set', xml('query', { xmlns: ROSTER }, xml('item', { jid: 'bob@localhost', subscription: 'remove' })));
    expect(await item('alice', 'bob')).toBeUndefined();
    expect(await item('bob', 'alice')).toMatchObject({ subscription: 'none', askOut: false, pendingIn: false });
    expect(summary(bob.presences('unsubscribe'))).toEqual(['unsubscribe from alice@localhost']);
    expect(summary(bob.presences('unsubscribed'))).toEqual(['unsubscribed from alice@localhost']);
    expect(summary(bob.presences('unavailable'))).toEqual(['unavailable from alice@localhost/phone']);
  });

  it('records both requests when two users ask each other at the same moment', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    const bob = await online(h, 'bob@localhost/desk');
    await Promise.all([
      alice.send(presence({ to: 'bob@localhost', type: 'subscribe' })),
      bob.send(presence({ to: 'alice@localhost', type: 'subscribe' })),
    ]);
    expect(await item('alice', 'bob')).toMatchObject({ subscription: 'none', askOut: true, pendingIn: true });
    expect(await item('bob', 'alice')).toMatchObject({ subscription: 'none', askOut: true, pendingIn: true });
  });

  it('tells the contacts of a removed account (remove_user)', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    const bob = await online(h, 'bob@localhost/desk');
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribe' }));
    await bob.send(presence({ to: 'alice@localhost', type: 'subscribed' }));
    bob.clear();
    await h.hooks.runAsync('remove_user', null, { user: 'alice@localhost' });
    await h.settle();
    expect(await h.storage.rosters.get('alice@localhost')).toMatchObject({ items: [] });
    expect(await item('bob', 'alice')).toMatchObject({ subscription: 'none' });
    expect(summary(bob.presences('unsubscribe'))).toEqual(['unsubscribe from alice@localhost']);
  });

  it('silently ignores a request to an account that does not exist (§8.5.1)', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    await alice.send(presence({ to: 'nobody@localhost', type: 'subscribe' }));
    expect(pushedItems(alice)).toEqual(['<item jid="nobody@localhost" subscription="none" ask="subscribe"/>']);
    expect(alice.received).toEqual([]);
    expect(await h.storage.rosters.get('nobody@localhost')).toEqual({ version: '0', items: [] });
  });

  it('answers the lookup hooks mod_presence uses', async () => {
    const alice = await online(h, 'alice@localhost/phone');
    await online(h, 'bob@localhost/desk');
    await alice.send(presence({ to: 'bob@localhost', type: 'subscribe' }));
    await alice.send(presence({ to: 'carol@localhost', type: 'subscribe' }));
    const bob = h.sessions.get('bob@localhost', 'desk');
    expect(bob).toBeDefined();
    await h.hooks.runAsync('roster_out_subscription', { handled: false }, {
      user: bob!.jid.bare(),
      contact: alice.jid.bare(),
      type: 'subscribed',
      stanza: presence(),
    });
    expect(await h.hooks.runAsync('roster_get_subscription_lists', { from: [], to: [], pendingIn: [] }, { user: 'alice@localhost' })).toEqual({
      from: [],
      to: ['bob@localhost'],
      pendingIn: [],
    });
    expect(await h.hooks.runAsync('roster_get_subscription_lists', { from: [], to: [], pendingIn: [] }, { user: 'carol@localhost' })).toEqual({
      from: [],
      to: [],
      pendingIn: ['alice@localhost'],
    });
    expect(await h.hooks.runAsync('roster_get_subscription', 'none', { user: 'bob@localhost', contact: 'alice@localhost' })).toBe('from');
    expect(await h.hooks.runAsync('roster_get_subscription', 'none', { user: 'bob@localhost', contact: 'dave@localhost' })).toBe('none');
  });
});
