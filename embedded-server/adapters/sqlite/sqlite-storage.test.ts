import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runStorageSuite, fakeCredentials } from '../../storage/storage-suite.js';
import { StorageError } from '../../storage/storage.js';
import { MIGRATIONS, runMigrations } from './migrations.js';
import { openSqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'meerkat-sqlite-'));
let counter = 0;
const freshPath = () => join(dir, `db-${++counter}.sqlite`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStorageSuite('sqlite (file)', () => openSqliteStorage({ path: freshPath() }));

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  return err as StorageError;
}

describe('sqlite adapter specifics', () => {
  it('opens in WAL mode and records applied migrations', async () => {
    const path = freshPath();
    const storage = openSqliteStorage({ path });
    await storage.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    raw.close();
    expect(applied).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
  });

  it('keeps data across close and reopen, and does not re-run migrations', async () => {
    const path = freshPath();
    const first = openSqliteStorage({ path });
    await first.users.create({ jid: 'alice@localhost', credentials: fakeCredentials('a') });
    await first.rosters.setItem('alice@localhost', {
      jid: 'bob@localhost',
      subscription: 'both',
      askOut: false,
      pendingIn: false,
      approved: false,
      groups: ['Friends'],
    });
    await first.close();
    const second = openSqliteStorage({ path });
    expect(await second.users.getCredentials('alice@localhost')).toEqual(fakeCredentials('a'));
    expect((await second.rosters.get('alice@localhost')).version).toBe('1');
    await second.close();
  });

  it('fails a broken migration with migration_failed naming the step, leaving earlier steps applied', () => {
    const db = new Database(':memory:');
    const steps = [
      ...MIGRATIONS,
      { version: 100, name: 'add_broken_table', sql: 'CREATE TABLE ok_part (x INTEGER); CREATE TABLE broken (' },
    ];
    let err: unknown;
    try {
      runMigrations(db, steps);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('migration_failed');
    expect((err as StorageError).message).toContain('100 (add_broken_table)');
    const versions = db.prepare('SELECT version FROM schema_migrations').pluck().all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    // The step's transaction rolled back its first statement too.
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ok_part'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database whose schema is newer than the adapter knows', () => {
    const path = freshPath();
    const db = new Database(path);
    runMigrations(db);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
    db.close();
    expect(() => openSqliteStorage({ path })).toThrow(/newer than this meerkat-node knows/);
  });

  it('reports an unopenable path as unavailable', () => {
    let err: unknown;
    try {
      openSqliteStorage({ path: join(dir, 'missing-folder', 'x.sqlite') });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('unavailable');
  });

  it('wraps driver errors in StorageError', async () => {
    const storage = openSqliteStorage({ path: ':memory:' });
    const badItem = await rejection(
      storage.rosters.setItem('alice@localhost', {
        jid: 'bob@localhost',
        subscription: 'maybe' as 'none',
        askOut: false,
        pendingIn: false,
        approved: false,
        groups: [],
      }),
    );
    expect(badItem.code).toBe('invalid_argument');
    expect((await rejection(storage.users.create({ jid: 'localhost', credentials: fakeCredentials('x') }))).code).toBe(
      'invalid_argument',
    );
    await storage.close();
    await storage.close();
    expect((await rejection(storage.users.count())).code).toBe('unavailable');
  });

  it('never stores a password: users hold only SCRAM columns', () => {
    const db = new Database(':memory:');
    runMigrations(db);
    const columns = db.prepare("SELECT name FROM pragma_table_info('users')").pluck().all() as string[];
    db.close();
    expect(columns.filter((c) => /pass/i.test(c))).toEqual([]);
    expect(columns).toEqual(expect.arrayContaining(['scram_sha1_stored_key', 'scram_sha256_stored_key']));
  });
});
