// The behaviour every Storage adapter must show. An adapter's test calls runStorageSuite with a factory
// that opens a fresh, empty store; each test gets its own store and closes it afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewUser, RosterItem, Storage, UserCredentials } from './storage.js';
import { StorageError } from './storage.js';

/** Distinct, recognisable credentials; adapters store them opaquely, so no PBKDF2 is needed here. */
export function fakeCredentials(seed: string, iterations = 4096): UserCredentials {
  const part = (kind: string) => Buffer.from(`${seed}/${kind}`).toString('base64');
  return {
    scramSha1: { salt: part('salt1'), iterations, storedKey: part('stored1'), serverKey: part('server1') },
    scramSha256: { salt: part('salt256'), iterations, storedKey: part('stored256'), serverKey: part('server256') },
  };
}

function newUser(jid: string): NewUser {
  return { jid, credentials: fakeCredentials(jid) };
}

function item(jid: string, overrides: Partial<RosterItem> = {}): RosterItem {
  return { jid, subscription: 'none', askOut: false, pendingIn: false, approved: false, groups: [], ...overrides };
}

async function expectStorageError(promise: Promise<unknown>, code: StorageError['code']): Promise<void> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe(code);
}

export function runStorageSuite(name: string, open: () => Promise<Storage> | Storage): void {
  describe(`storage contract: ${name}`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    describe('users', () => {
      it('creates a user and returns its credentials unchanged', async () => {
        const alice = newUser('alice@localhost');
        expect(await storage.users.exists('alice@localhost')).toBe(false);
        await storage.users.create(alice);
        expect(await storage.users.exists('alice@localhost')).toBe(true);
        expect(await storage.users.getCredentials('alice@localhost')).toEqual(alice.credentials);
        expect(await storage.users.getCredentials('bob@localhost')).toBeUndefined();
      });

      it('rejects a second create of the same JID with user_exists and keeps the first credentials', async () => {
        const first = newUser('alice@localhost');
        await storage.users.create(first);
        await expectStorageError(
          storage.users.create({ jid: 'alice@localhost', credentials: fakeCredentials('other') }),
          'user_exists',
        );
        expect(await storage.users.getCredentials('alice@localhost')).toEqual(first.credentials);
      });

      it('createMany creates new users in bulk and skips existing ones', async () => {
        await storage.users.create(newUser('u0002@localhost'));
        const batch = Array.from({ length: 10_000 }, (_, i) => newUser(`u${String(i).padStart(4, '0')}@localhost`));
        expect(await storage.users.createMany(batch)).toBe(9_999);
        expect(await storage.users.count()).toBe(10_000);
        expect(await storage.users.getCredentials('u9999@localhost')).toEqual(batch[9_999].credentials);
        expect(await storage.users.createMany([newUser('u0001@localhost'), newUser('new@localhost')])).toBe(1);
        expect(await storage.users.createMany([])).toBe(0);
      });

      it('setCredentials replaces credentials of existing users only', async () => {
        await storage.users.create(newUser('alice@localhost'));
        const updated = fakeCredentials('new-password', 8192);
        expect(await storage.users.setCredentials('alice@localhost', updated)).toBe(true);
        expect(await storage.users.getCredentials('alice@localhost')).toEqual(updated);
        expect(await storage.users.setCredentials('nobody@localhost', updated)).toBe(false);
        expect(await storage.users.exists('nobody@localhost')).toBe(false);
      });

      it('lists bare JIDs sorted, by host, with limit and offset, and counts them', async () => {
        for (const jid of ['carol@b.example', 'bob@a.example', 'alice@b.example', 'dave@a.example', 'erin@b.example']) {
          await storage.users.create(newUser(jid));
        }
        expect(await storage.users.list()).toEqual([
          'alice@b.example',
          'bob@a.example',
          'carol@b.example',
          'dave@a.example',
          'erin@b.example',
        ]);
        expect(await storage.users.list({ host: 'b.example' })).toEqual(['alice@b.example', 'carol@b.example', 'erin@b.example']);
        expect(await storage.users.list({ host: 'b.example', limit: 2 })).toEqual(['alice@b.example', 'carol@b.example']);
        expect(await storage.users.list({ host: 'b.example', limit: 2, offset: 2 })).toEqual(['erin@b.example']);
        expect(await storage.users.list({ offset: 3 })).toEqual(['dave@a.example', 'erin@b.example']);
        expect(await storage.users.list({ host: 'c.example' })).toEqual([]);
        expect(await storage.users.count()).toBe(5);
        expect(await storage.users.count('a.example')).toBe(2);
        expect(await storage.users.count('c.example')).toBe(0);
      });

      it('delete reports whether the user existed', async () => {
        await storage.users.create(newUser('alice@localhost'));
        expect(await storage.users.delete('alice@localhost')).toBe(true);
        expect(await storage.users.exists('alice@localhost')).toBe(false);
        expect(await storage.users.delete('alice@localhost')).toBe(false);
        await storage.users.create(newUser('alice@localhost'));
        expect(await storage.users.count()).toBe(1);
      });
    });

    describe('rosters', () => {
      it('starts empty at version 0', async () => {
        expect(await storage.rosters.get('alice@localhost')).toEqual({ version: '0', items: [] });
        expect(await storage.rosters.getItem('alice@localhost', 'bob@localhost')).toBeUndefined();
      });

      it('stores every field of an item and replaces it on a second set', async () => {
        const full = item('bob@localhost', {
          name: 'Bob',
          subscription: 'both',
          askOut: true,
          pendingIn: true,
          approved: true,
          groups: ['Friends', 'Work'],
        });
        await storage.rosters.setItem('alice@localhost', full);
        expect(await storage.rosters.getItem('alice@localhost', 'bob@localhost')).toEqual(full);

        const replaced = item('bob@localhost', { subscription: 'to' });
        await storage.rosters.setItem('alice@localhost', replaced);
        const stored = await storage.rosters.getItem('alice@localhost', 'bob@localhost');
        expect(stored).toEqual(replaced);
        expect(stored?.name).toBeUndefined();
        expect((await storage.rosters.get('alice@localhost')).items).toEqual([replaced]);
      });

      it('bumps the version on every change and not on a no-op removal', async () => {
        const versions: number[] = [];
        versions.push(Number(await storage.rosters.setItem('alice@localhost', item('bob@localhost'))));
        versions.push(Number(await storage.rosters.setItem('alice@localhost', item('carol@localhost'))));
        versions.push(Number(await storage.rosters.setItem('alice@localhost', item('bob@localhost', { subscription: 'from' }))));
        const removed = await storage.rosters.removeItem('alice@localhost', 'carol@localhost');
        expect(removed).toBeDefined();
        versions.push(Number(removed));
        for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]);
        expect(versions[0]).toBeGreaterThan(0);

        expect(await storage.rosters.removeItem('alice@localhost', 'carol@localhost')).toBeUndefined();
        const roster = await storage.rosters.get('alice@localhost');
        expect(roster.version).toBe(String(versions[3]));
        expect(roster.items.map((i) => i.jid)).toEqual(['bob@localhost']);
      });

      it('keeps rosters of different users apart', async () => {
        await storage.rosters.setItem('alice@localhost', item('bob@localhost'));
        await storage.rosters.setItem('carol@localhost', item('dave@localhost'));
        await storage.rosters.setItem('carol@localhost', item('erin@localhost'));
        const alice = await storage.rosters.get('alice@localhost');
        expect(alice.items.map((i) => i.jid)).toEqual(['bob@localhost']);
        const carol = await storage.rosters.get('carol@localhost');
        expect(carol.items.map((i) => i.jid).sort()).toEqual(['dave@localhost', 'erin@localhost']);
        expect(await storage.rosters.getItem('alice@localhost', 'dave@localhost')).toBeUndefined();
      });
    });

    describe('offline messages', () => {
      it('returns messages oldest first and takeAll empties the queue', async () => {
        for (let i = 1; i <= 3; i++) {
          await storage.offline.store({
            to: 'alice@localhost',
            from: `sender${i}@localhost/phone`,
            stanza: `<message to='alice@localhost'><body>${i}</body></message>`,
            storedAt: 1_700_000_000_000 + i,
          });
        }
        await storage.offline.store({ to: 'bob@localhost', from: 'x@localhost', stanza: '<message/>', storedAt: 1 });
        expect(await storage.offline.count('alice@localhost')).toBe(3);

        const taken = await storage.offline.takeAll('alice@localhost');
        expect(taken.map((m) => m.stanza)).toEqual([1, 2, 3].map((i) => `<message to='alice@localhost'><body>${i}</body></message>`));
        expect(taken.map((m) => m.from)).toEqual(['sender1@localhost/phone', 'sender2@localhost/phone', 'sender3@localhost/phone']);
        expect(taken.map((m) => m.storedAt)).toEqual([1_700_000_000_001, 1_700_000_000_002, 1_700_000_000_003]);
        expect(taken.every((m) => m.to === 'alice@localhost')).toBe(true);
        expect(new Set(taken.map((m) => m.id)).size).toBe(3);

        expect(await storage.offline.count('alice@localhost')).toBe(0);
        expect(await storage.offline.takeAll('alice@localhost')).toEqual([]);
        expect(await storage.offline.count('bob@localhost')).toBe(1);
      });
    });

    describe('vcards', () => {
      it('stores and overwrites one vCard per user', async () => {
        expect(await storage.vcards.get('alice@localhost')).toBeUndefined();
        await storage.vcards.set('alice@localhost', "<vCard xmlns='vcard-temp'><FN>Alice</FN></vCard>");
        await storage.vcards.set('alice@localhost', "<vCard xmlns='vcard-temp'><FN>Alice A.</FN></vCard>");
        expect(await storage.vcards.get('alice@localhost')).toBe("<vCard xmlns='vcard-temp'><FN>Alice A.</FN></vCard>");
        expect(await storage.vcards.get('bob@localhost')).toBeUndefined();
      });
    });

    describe('private storage', () => {
      it('keeps one fragment per user and namespace', async () => {
        await storage.privateStorage.set('alice@localhost', 'storage:bookmarks', "<storage xmlns='storage:bookmarks'/>");
        await storage.privateStorage.set('alice@localhost', 'roster:delimiter', "<roster xmlns='roster:delimiter'>::</roster>");
        await storage.privateStorage.set('alice@localhost', 'roster:delimiter', "<roster xmlns='roster:delimiter'>/</roster>");
        expect(await storage.privateStorage.get('alice@localhost', 'storage:bookmarks')).toBe("<storage xmlns='storage:bookmarks'/>");
        expect(await storage.privateStorage.get('alice@localhost', 'roster:delimiter')).toBe(
          "<roster xmlns='roster:delimiter'>/</roster>",
        );
        expect(await storage.privateStorage.get('alice@localhost', 'other:ns')).toBeUndefined();
        expect(await storage.privateStorage.get('bob@localhost', 'storage:bookmarks')).toBeUndefined();
      });
    });

    describe('blocklists', () => {
      it('add, remove and clear return exactly what changed', async () => {
        expect(await storage.blocklists.get('alice@localhost')).toEqual([]);
        expect(await storage.blocklists.add('alice@localhost', ['spam@evil.example', 'troll@localhost'])).toEqual([
          'spam@evil.example',
          'troll@localhost',
        ]);
        expect(
          await storage.blocklists.add('alice@localhost', ['troll@localhost', 'evil.example', 'evil.example']),
        ).toEqual(['evil.example']);
        expect((await storage.blocklists.get('alice@localhost')).sort()).toEqual([
          'evil.example',
          'spam@evil.example',
          'troll@localhost',
        ]);
        expect(await storage.blocklists.remove('alice@localhost', ['troll@localhost', 'nobody@localhost'])).toEqual([
          'troll@localhost',
        ]);
        expect(await storage.blocklists.get('bob@localhost')).toEqual([]);
        expect((await storage.blocklists.clear('alice@localhost')).sort()).toEqual(['evil.example', 'spam@evil.example']);
        expect(await storage.blocklists.get('alice@localhost')).toEqual([]);
        expect(await storage.blocklists.clear('alice@localhost')).toEqual([]);
      });
    });

    describe('deleting a user', () => {
      it("removes everything stored for the user and nothing of anyone else's", async () => {
        for (const jid of ['alice@localhost', 'bob@localhost']) {
          await storage.users.create(newUser(jid));
          await storage.rosters.setItem(jid, item('carol@localhost', { subscription: 'both' }));
          await storage.offline.store({ to: jid, from: 'carol@localhost', stanza: '<message/>', storedAt: 1 });
          await storage.vcards.set(jid, "<vCard xmlns='vcard-temp'/>");
          await storage.privateStorage.set(jid, 'storage:bookmarks', '<storage/>');
          await storage.blocklists.add(jid, ['spam@localhost']);
        }

        expect(await storage.users.delete('alice@localhost')).toBe(true);
        await storage.users.create(newUser('alice@localhost'));
        expect((await storage.rosters.get('alice@localhost')).items).toEqual([]);
        expect(await storage.offline.count('alice@localhost')).toBe(0);
        expect(await storage.vcards.get('alice@localhost')).toBeUndefined();
        expect(await storage.privateStorage.get('alice@localhost', 'storage:bookmarks')).toBeUndefined();
        expect(await storage.blocklists.get('alice@localhost')).toEqual([]);

        expect((await storage.rosters.get('bob@localhost')).items).toHaveLength(1);
        expect(await storage.offline.count('bob@localhost')).toBe(1);
        expect(await storage.vcards.get('bob@localhost')).toBeDefined();
        expect(await storage.privateStorage.get('bob@localhost', 'storage:bookmarks')).toBe('<storage/>');
        expect(await storage.blocklists.get('bob@localhost')).toEqual(['spam@localhost']);
      });
    });
  });
}
