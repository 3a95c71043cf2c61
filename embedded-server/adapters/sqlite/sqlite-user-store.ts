// Accounts and their SCRAM credentials (RFC 5802 / RFC 7677). Only derived keys are stored, never a password.
import type Database from 'better-sqlite3';
import type { ScramCredentials } from '../../base/sasl/scram-credentials.js';
import { StorageError } from '../../storage/storage.js';
import type { NewUser, UserCredentials, UserStore } from '../../storage/storage.js';
import { run, toStorageError } from './sqlite-errors.js';

interface UserRow {
  jid: string;
  host: string;
  sha1Salt: string;
  sha1Iterations: number;
  sha1StoredKey: string;
  sha1ServerKey: string;
  sha256Salt: string;
  sha256Iterations: number;
  sha256StoredKey: string;
  sha256ServerKey: string;
  createdAt: number;
}

const CREDENTIAL_COLUMNS = `
  scram_sha1_salt AS sha1Salt, scram_sha1_iterations AS sha1Iterations,
  scram_sha1_stored_key AS sha1StoredKey, scram_sha1_server_key AS sha1ServerKey,
  scram_sha256_salt AS sha256Salt, scram_sha256_iterations AS sha256Iterations,
  scram_sha256_stored_key AS sha256StoredKey, scram_sha256_server_key AS sha256ServerKey`;

const INSERT_COLUMNS = `(jid, host,
  scram_sha1_salt, scram_sha1_iterations, scram_sha1_stored_key, scram_sha1_server_key,
  scram_sha256_salt, scram_sha256_iterations, scram_sha256_stored_key, scram_sha256_server_key, created_at)
  VALUES (@jid, @host, @sha1Salt, @sha1Iterations, @sha1StoredKey, @sha1ServerKey,
  @sha256Salt, @sha256Iterations, @sha256StoredKey, @sha256ServerKey, @createdAt)`;

/** Tables holding per-user rows; users.delete empties each of them for the user. */
const PER_USER_TABLES = ['roster_items', 'roster_versions', 'offline_messages', 'vcards', 'private_storage', 'blocklist'];

function hostOf(jid: string): string {
  const at = jid.indexOf('@');
  if (at <= 0 || at === jid.length - 1 || jid.includes('/')) {
    throw new StorageError('invalid_argument', `not a bare JID with a localpart: "${jid}"`);
  }
  return jid.slice(at + 1);
}

function toRow(user: NewUser, createdAt: number): UserRow {
  const { scramSha1: sha1, scramSha256: sha256 } = user.credentials;
  return {
    jid: user.jid,
    host: hostOf(user.jid),
    sha1Salt: sha1.salt,
    sha1Iterations: sha1.iterations,
    sha1StoredKey: sha1.storedKey,
    sha1ServerKey: sha1.serverKey,
    sha256Salt: sha256.salt,
    sha256Iterations: sha256.iterations,
    sha256StoredKey: sha256.storedKey,
    sha256ServerKey: sha256.serverKey,
    createdAt,
  };
}

function credentialsOf(row: Omit<UserRow, 'jid' | 'host' | 'createdAt'>): UserCredentials {
  const sha1: ScramCredentials = {
    salt: row.sha1Salt,
    iterations: row.sha1Iterations,
    storedKey: row.sha1StoredKey,
    serverKey: row.sha1ServerKey,
  };
  const sha256: ScramCredentials = {
    salt: row.sha256Salt,
    iterations: row.sha256Iterations,
    storedKey: row.sha256StoredKey,
    serverKey: row.sha256ServerKey,
  };
  return { scramSha1: sha1, scramSha256: sha256 };
}

export function createSqliteUserStore(db: Database.Database): UserStore {
  const insert = db.prepare<[UserRow]>(`INSERT INTO users ${INSERT_COLUMNS}`);
  const insertIfAbsent = db.prepare<[UserRow]>(`INSERT INTO users ${INSERT_COLUMNS} ON CONFLICT (jid) DO NOTHING`);
  const deleteUser = db.prepare<[string]>('DELETE FROM users WHERE jid = ?');
  const deleteOwned = PER_USER_TABLES.map((table) => db.prepare<[string]>(`DELETE FROM ${table} WHERE user = ?`));
  const exists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM users WHERE jid = ?');
  const getCredentials = db.prepare<[string], UserRow>(`SELECT ${CREDENTIAL_COLUMNS} FROM users WHERE jid = ?`);
  const setCredentials = db.prepare<[Omit<UserRow, 'host' | 'createdAt'>]>(`UPDATE users SET
    scram_sha1_salt = @sha1Salt, scram_sha1_iterations = @sha1Iterations,
    scram_sha1_stored_key = @sha1StoredKey, scram_sha1_server_key = @sha1ServerKey,
    scram_sha256_salt = @sha256Salt, scram_sha256_iterations = @sha256Iterations,
    scram_sha256_stored_key = @sha256StoredKey, scram_sha256_server_key = @sha256ServerKey
    WHERE jid = @jid`);
  const listAll = db.prepare<[number, number], { jid: string }>('SELECT jid FROM users ORDER BY jid LIMIT ? OFFSET ?');
  const listHost = db.prepare<[string, number, number], { jid: string }>(
    'SELECT jid FROM users WHERE host = ? ORDER BY jid LIMIT ? OFFSET ?',
  );
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const countHost = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM users WHERE host = ?');

  const createMany = db.transaction((users: NewUser[]) => {
    const now = Date.now();
    let created = 0;
    for (const user of users) created += insertIfAbsent.run(toRow(user, now)).changes;
    return created;
  });
  const deleteWithData = db.transaction((jid: string) => {
    for (const statement of deleteOwned) statement.run(jid);
    return deleteUser.run(jid).changes > 0;
  });

  return {
    create(user) {
      try {
        insert.run(toRow(user, Date.now()));
        return Promise.resolve();
      } catch (err) {
        if (err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          return Promise.reject(new StorageError('user_exists', `user ${user.jid} already exists`));
        }
        return Promise.reject(toStorageError(err, 'users.create'));
      }
    },
    createMany: (users) => run('users.createMany', () => createMany(users)),
    delete: (jid) => run('users.delete', () => deleteWithData(jid)),
    exists: (jid) => run('users.exists', () => exists.get(jid) !== undefined),
    getCredentials: (jid) =>
      run('users.getCredentials', () => {
        const row = getCredentials.get(jid);
        return row === undefined ? undefined : credentialsOf(row);
      }),
    setCredentials: (jid, credentials) =>
      run('users.setCredentials', () => {
        const { host: _host, createdAt: _createdAt, ...row } = toRow({ jid, credentials }, 0);
        return setCredentials.run(row).changes > 0;
      }),
    list: (opts = {}) =>
      run('users.list', () => {
        // SQLite reads a negative LIMIT as "no limit".
        const limit = opts.limit ?? -1;
        const offset = opts.offset ?? 0;
        const rows = opts.host === undefined ? listAll.all(limit, offset) : listHost.all(opts.host, limit, offset);
        return rows.map((row) => row.jid);
      }),
    count: (host) => run('users.count', () => (host === undefined ? countAll.get() : countHost.get(host))?.n ?? 0),
  };
}
