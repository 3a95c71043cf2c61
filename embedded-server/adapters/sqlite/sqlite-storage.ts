// The SQLite storage adapter: one database file per node, opened synchronously with migrations applied.
import Database from 'better-sqlite3';
import type { Storage } from '../../storage/storage.js';
import { runMigrations } from './migrations.js';
import { createSqliteBlockListStore } from './sqlite-blocklist-store.js';
import { toStorageError } from './sqlite-errors.js';
import { createSqliteOfflineStore } from './sqlite-offline-store.js';
import { createSqliteRosterStore } from './sqlite-roster-store.js';
import { createSqliteUserStore } from './sqlite-user-store.js';
import { createSqlitePrivateStore, createSqliteVCardStore } from './sqlite-xml-stores.js';

export interface SqliteStorageOptions {
  /** Database file, or ':memory:' for a private in-memory database (tests). */
  path: string;
  /** How long a writer waits for another connection's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

// WAL + synchronous=NORMAL: a commit is in the WAL file (the OS page cache) before better-sqlite3
// returns, so it survives the process being killed (kill -9); only an OS crash or power loss can
// drop the last transactions, which is the trade-off the storage contract accepts.
export const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON'] as const;

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export function openSqliteStorage(opts: SqliteStorageOptions): Storage {
  let db: Database.Database;
  try {
    db = new Database(opts.path);
  } catch (err) {
    throw toStorageError(err, `open of ${opts.path}`);
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
    runMigrations(db);
    return buildStorage(db);
  } catch (err) {
    db.close();
    throw toStorageError(err, `open of ${opts.path}`);
  }
}

function buildStorage(db: Database.Database): Storage {
  return {
    backend: 'sqlite',
    users: createSqliteUserStore(db),
    rosters: createSqliteRosterStore(db),
    offline: createSqliteOfflineStore(db),
    vcards: createSqliteVCardStore(db),
    privateStorage: createSqlitePrivateStore(db),
    blocklists: createSqliteBlockListStore(db),
    close() {
      if (!db.open) return Promise.resolve();
      try {
        // Lets SQLite refresh its planner statistics, as its docs recommend before closing a connection.
        db.pragma('optimize');
        db.close();
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(toStorageError(err, 'close'));
      }
    },
  };
}
