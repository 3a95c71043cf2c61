// Schema migrations of the SQLite adapter. Steps are append-only: a released step is never edited,
// a change is a new step. Each step runs in its own IMMEDIATE transaction together with its row in
// schema_migrations, so a crash mid-migration leaves the database at the previous step.
import type Database from 'better-sqlite3';
import { StorageError } from '../../storage/storage.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Per-user tables carry no foreign key to users: modules may hold state for an account that is being
// provisioned, and users.delete removes every row explicitly in one transaction instead.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial_schema',
    sql: `
      CREATE TABLE users (
        jid TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        scram_sha1_salt TEXT NOT NULL,
        scram_sha1_iterations INTEGER NOT NULL,
        scram_sha1_stored_key TEXT NOT NULL,
        scram_sha1_server_key TEXT NOT NULL,
        scram_sha256_salt TEXT NOT NULL,
        scram_sha256_iterations INTEGER NOT NULL,
        scram_sha256_stored_key TEXT NOT NULL,
        scram_sha256_server_key TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX users_by_host ON users (host, jid);

      CREATE TABLE roster_items (
        user TEXT NOT NULL,
        contact TEXT NOT NULL,
        name TEXT,
        subscription TEXT NOT NULL CHECK (subscription IN ('none', 'to', 'from', 'both')),
        ask_out INTEGER NOT NULL CHECK (ask_out IN (0, 1)),
        pending_in INTEGER NOT NULL CHECK (pending_in IN (0, 1)),
        approved INTEGER NOT NULL CHECK (approved IN (0, 1)),
        groups TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (user, contact)
      ) WITHOUT ROWID;

      CREATE TABLE roster_versions (
        user TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE offline_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user TEXT NOT NULL,
        from_jid TEXT NOT NULL,
        stanza TEXT NOT NULL,
        stored_at INTEGER NOT NULL
      );
      CREATE INDEX offline_messages_by_user ON offline_messages (user, id);

      CREATE TABLE vcards (
        user TEXT PRIMARY KEY,
        xml TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE private_storage (
        user TEXT NOT NULL,
        namespace TEXT NOT NULL,
        xml TEXT NOT NULL,
        PRIMARY KEY (user, namespace)
      ) WITHOUT ROWID;

      CREATE TABLE blocklist (
        user TEXT NOT NULL,
        jid TEXT NOT NULL,
        PRIMARY KEY (user, jid)
      ) WITHOUT ROWID;
    `,
  },
];

/** Brings the database up to the newest step; returns the versions it applied. */
export function runMigrations(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const currentVersion = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);

  const applied: number[] = [];
  for (const step of [...migrations].sort((a, b) => a.version - b.version)) {
    // IMMEDIATE takes the write lock before re-reading the version, so two processes opening the same
    // file at once cannot both apply a step.
    const apply = db.transaction(() => {
      const current = currentVersion.get()?.v ?? 0;
      if (current > newest) {
        throw new StorageError(
          'migration_failed',
          `the database schema is at version ${current}, newer than this meerkat-node knows (${newest}); upgrade meerkat-node`,
        );
      }
      if (current >= step.version) return false;
      db.exec(step.sql);
      record.run(step.version, step.name, Date.now());
      return true;
    });
    try {
      if (apply.immediate()) applied.push(step.version);
    } catch (err) {
      if (err instanceof StorageError) throw err;
      const failure = new StorageError(
        'migration_failed',
        `schema migration ${step.version} (${step.name}) failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      failure.cause = err;
      throw failure;
    }
  }
  return applied;
}
