// RFC 6121 §4 presence on a real core with mod_roster: initial/subsequent/unavailable broadcast, probes,
// the user's own resources, directed presence and what happens when a session ends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml, type XmlElement } from '../../base/xml/element.js';
import { modRoster } from '../mod-roster/index.js';
import { ModuleHarness, presence } from '../test-harness.js';
import { modPresence } from './index.js';

function summary(stanzas: XmlElement[]): string[] {
  return stanzas.map((el) => `${el.attrs.type ?? 'available'} from ${el.attrs.from} to ${el.attrs.to}`);
}

/** Makes `subscriber` subscribed to `publisher`'s presence through the real handshake. */
async function subscribe(h: ModuleHarness, subscriber: string, publisher: string): Promise<void> {
  const a = await h.connect(`${subscriber}@localhost/setup`);
  const b = await h.connect(`${publisher}@localhost/setup`);
  await a.send(presence({ to: `${publisher}@localhost`, type: 'subscribe' }));
  await b.send(presence({ to: `${subscriber}@localhost`, type: 'subscribed' }));
  await a.close();
  await b.close();
}

describe('presence (RFC 6121 §4)', () => {
  let h: ModuleHarness;

  beforeEach(async () => {
    h = new ModuleHarness({ modules: [[modRoster, {}], [modPresence, {}]] });
    for (const user of ['juliet', 'romeo', 'nurse', 'benvolio']) await h.addUser(user);
    // romeo and nurse see juliet; juliet sees romeo (mutual with romeo), benvolio sees nothing.
    await subscribe(h, 'romeo', 'juliet');
    await subscribe(h, 'juliet', 'romeo');
    await subscribe(h, 'nurse', 'juliet');
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  it('initial presence: broadcast to subscribers, echoed to own resources, probes answered, others introduced', async () => {
    const romeo = await h.connect('romeo@localhost/orchard');
    await romeo.send(presence({}, xml('show', null, 'away')));
    const nurse = await h.connect('nurse@localhost/kitchen');
    await nurse.send(presence());
    const benvolio = await h.connect('benvolio@localhost/street');
    await benvolio.send(presence());
    const chamber = await h.connect('juliet@localhost/chamber');
    await chamber.send(presence());
    for (const c of [romeo, nurse, benvolio, chamber]) c.clear();

    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence({}, xml('priority', null, '5'), xml('status', null, 'here')));

    expect(balcony.session.available).toBe(true);
    expect(balcony.session.priority).toBe(5);
    expect(summary(romeo.presences())).toEqual(['available from juliet@localhost/balcony to romeo@localhost']);
    expect(summary(nurse.presences())).toEqual(['available from juliet@localhost/balcony to nurse@localhost']);
    expect(benvolio.received).toEqual([]);
    expect(summary(chamber.presences())).toEqual(['available from juliet@localhost/balcony to juliet@localhost/chamber']);
    const got = balcony.presences();
    expect(summary(got).sort()).toEqual(
      [
        // §4.2.2: its own presence, the other resource's, and the probe answer from romeo (juliet has 'to').
        'available from juliet@localhost/balcony to juliet@localhost/balcony',
        'available from juliet@localhost/chamber to juliet@localhost/balcony',
        'available from romeo@localhost/orchard to juliet@localhost/balcony',
      ].sort(),
    );
    expect(got.find((p) => p.attrs.from === 'romeo@localhost/orchard')?.getChildText('show')).toBe('away');
    expect(got.find((p) => p.attrs.from === 'juliet@localhost/balcony')?.getChildText('status')).toBe('here');
  });

  it('probes a contact with no available resource and learns it is unavailable', async () => {
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence());
    expect(summary(balcony.presences('unavailable'))).toEqual(['unavailable from romeo@localhost to juliet@localhost/balcony']);
  });

  it('rejects a priority outside -128..127 with bad-request and stays unavailable', async () => {
    const romeo = await h.connect('romeo@localhost/orchard');
    await romeo.send(presence());
    romeo.clear();
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence({}, xml('priority', null, '128')));
    const [error] = balcony.presences('error');
    expect(error.getChild('error')?.elements()[0]?.name).toBe('bad-request');
    expect(balcony.session.available).toBe(false);
    expect(romeo.received).toEqual([]);
  });

  it('subsequent presence is broadcast without probing again', async () => {
    const romeo = await h.connect('romeo@localhost/orchard');
    await romeo.send(presence());
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence());
    romeo.clear();
    balcony.clear();
    await balcony.send(presence({}, xml('show', null, 'dnd'), xml('priority', null, '-1')));
    expect(balcony.session.priority).toBe(-1);
    expect(summary(romeo.presences())).toEqual(['available from juliet@localhost/balcony to romeo@localhost']);
    expect(summary(balcony.presences())).toEqual(['available from juliet@localhost/balcony to juliet@localhost/balcony']);
  });

  it('unavailable presence reaches subscribers and own resources, and the session stops being available', async () => {
    const romeo = await h.connect('romeo@localhost/orchard');
    await romeo.send(presence());
    const chamber = await h.connect('juliet@localhost/chamber');
    await chamber.send(presence());
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence());
    romeo.clear();
    chamber.clear();
    await balcony.send(presence({ type: 'unavailable' }, xml('status', null, 'gone')));
    expect(balcony.session.available).toBe(false);
    const [toRomeo] = romeo.presences('unavailable');
    expect(toRomeo.attrs.from).toBe('juliet@localhost/balcony');
    expect(toRomeo.getChildText('status')).toBe('gone');
    expect(summary(chamber.presences('unavailable'))).toEqual(['unavailable from juliet@localhost/balcony to juliet@localhost/chamber']);
    // Romeo's next broadcast no longer reaches the unavailable resource.
    balcony.clear();
    await romeo.send(presence({}, xml('show', null, 'chat')));
    expect(balcony.presences()).toEqual([]);
    expect(summary(chamber.presences())).toEqual(['available from romeo@localhost/orchard to juliet@localhost']);
  });

  it('a session that ends while available goes unavailable for subscribers and own resources', async () => {
    const romeo = await h.connect('romeo@localhost/orchard');
    await romeo.send(presence());
    const chamber = await h.connect('juliet@localhost/chamber');
    await chamber.send(presence());
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence());
    romeo.clear();
    chamber.clear();
    await balcony.close('socket closed');
    expect(summary(romeo.presences('unavailable'))).toEqual(['unavailable from juliet@localhost/balcony to romeo@localhost']);
    expect(summary(chamber.presences('unavailable'))).toEqual(['unavailable from juliet@localhost/balcony to juliet@localhost/chamber']);
  });

  it('directed presence goes to its addressee only, who hears unavailable when the session ends (§4.6)', async () => {
    const benvolio = await h.connect('benvolio@localhost/street');
    await benvolio.send(presence());
    const romeo = await h.connect('romeo@localhost/orchard');
    await romeo.send(presence());
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence());
    benvolio.clear();
    romeo.clear();

    await balcony.send(presence({ to: 'benvolio@localhost/street' }, xml('status', null, 'psst')));
    expect(summary(benvolio.presences())).toEqual(['available from juliet@localhost/balcony to benvolio@localhost/street']);
    expect(romeo.received).toEqual([]);
    expect([...balcony.session.directedPresence]).toEqual(['benvolio@localhost/street']);

    await balcony.close();
    expect(summary(benvolio.presences('unavailable'))).toEqual(['unavailable from juliet@localhost/balcony to benvolio@localhost/street']);
    expect(summary(romeo.presences('unavailable'))).toEqual(['unavailable from juliet@localhost/balcony to romeo@localhost']);
  });

  it('directed unavailable presence ends the tracking, and an unavailable session still tells directed recipients', async () => {
    const benvolio = await h.connect('benvolio@localhost/street');
    await benvolio.send(presence());
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence({ to: 'benvolio@localhost' }));
    await balcony.send(presence({ to: 'benvolio@localhost', type: 'unavailable' }));
    expect(balcony.session.directedPresence.size).toBe(0);
    benvolio.clear();
    await balcony.close();
    expect(benvolio.received).toEqual([]);

    // No initial presence at all, only directed presence: the recipient still learns the session ended.
    const garden = await h.connect('juliet@localhost/garden');
    await garden.send(presence({ to: 'benvolio@localhost' }));
    benvolio.clear();
    await garden.close();
    expect(summary(benvolio.presences('unavailable'))).toEqual(['unavailable from juliet@localhost/garden to benvolio@localhost']);
  });

  it('presence to a full JID reaches that resource only; to a bare JID every available one', async () => {
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence());
    const chamber = await h.connect('juliet@localhost/chamber');
    await chamber.send(presence());
    const unavailable = await h.connect('juliet@localhost/attic');
    const benvolio = await h.connect('benvolio@localhost/street');
    for (const c of [balcony, chamber]) c.clear();

    await benvolio.send(presence({ to: 'juliet@localhost/chamber' }));
    expect(balcony.received).toEqual([]);
    expect(summary(chamber.presences())).toEqual(['available from benvolio@localhost/street to juliet@localhost/chamber']);
    await benvolio.send(presence({ to: 'juliet@localhost' }));
    expect(summary(balcony.presences())).toEqual(['available from benvolio@localhost/street to juliet@localhost']);
    expect(summary(chamber.presences())).toEqual(['available from benvolio@localhost/street to juliet@localhost']);
    expect(unavailable.received).toEqual([]);
  });

  it('answers a client probe only when the prober is subscribed', async () => {
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence({}, xml('status', null, 'at the window')));
    const romeo = await h.connect('romeo@localhost/orchard');
    await romeo.send(presence());
    romeo.clear();
    // The answer goes to the bare JID the probe came from, so every available resource of romeo's gets it.
    await romeo.send(presence({ to: 'juliet@localhost', type: 'probe' }));
    const answers = romeo.presences();
    expect(summary(answers)).toEqual(['available from juliet@localhost/balcony to romeo@localhost']);
    expect(answers[0].getChildText('status')).toBe('at the window');

    const benvolio = await h.connect('benvolio@localhost/street');
    await benvolio.send(presence());
    benvolio.clear();
    await benvolio.send(presence({ to: 'juliet@localhost', type: 'probe' }));
    expect(benvolio.presences()).toEqual([]);
    // §4.3.2: the unsubscribed answer only reaches the roster logic; benvolio had nothing pending, so nothing is shown.
    expect(benvolio.received).toEqual([]);
  });

  it('routes presence errors from clients as they are', async () => {
    const balcony = await h.connect('juliet@localhost/balcony');
    await balcony.send(presence());
    const romeo = await h.connect('romeo@localhost/orchard');
    balcony.clear();
    await romeo.send(presence({ to: 'juliet@localhost/balcony', type: 'error' }, xml('error', { type: 'cancel' })));
    expect(summary(balcony.presences('error'))).toEqual(['error from romeo@localhost/orchard to juliet@localhost/balcony']);
  });
});
