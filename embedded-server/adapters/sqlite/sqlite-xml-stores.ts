// XML blobs kept per user: vcard-temp (XEP-0054) and private XML storage (XEP-0049).
import type Database from 'better-sqlite3';
import type { PrivateStore, VCardStore } from '../../storage/storage.js';
import { run } from './sqlite-errors.js';

export function createSqliteVCardStore(db: Database.Database): VCardStore {
  const select = db.prepare<[string], { xml: string }>('SELECT xml FROM vcards WHERE user = ?');
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO vcards (user, xml, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (user) DO UPDATE SET xml = excluded.xml, updated_at = excluded.updated_at`,
  );
  return {
    get: (user) => run('vcards.get', () => select.get(user)?.xml),
    set: (user, vcardXml) =>
      run('vcards.set', () => {
        upsert.run(user, vcardXml, Date.now());
      }),
  };
}

export function createSqlitePrivateStore(db: Database.Database): PrivateStore {
  const select = db.prepare<[string, string], { xml: string }>(
    'SELECT xml FROM private_storage WHERE user = ? AND namespace = ?',
  );
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO private_storage (user, namespace, xml) VALUES (?, ?, ?)
     ON CONFLICT (user, namespace) DO UPDATE SET xml = excluded.xml`,
  );
  return {
    get: (user, namespace) => run('privateStorage.get', () => select.get(user, namespace)?.xml),
    set: (user, namespace, xmlFragment) =>
      run('privateStorage.set', () => {
        upsert.run(user, namespace, xmlFragment);
      }),
  };
}
