// XEP-0191: Blocking Command. Each change reports exactly what it changed so the module can push
// only real changes to the user's other resources.
import type Database from 'better-sqlite3';
import type { BlockListStore } from '../../storage/storage.js';
import { run } from './sqlite-errors.js';

export function createSqliteBlockListStore(db: Database.Database): BlockListStore {
  const select = db.prepare<[string], { jid: string }>('SELECT jid FROM blocklist WHERE user = ? ORDER BY jid');
  const insert = db.prepare<[string, string]>('INSERT INTO blocklist (user, jid) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const remove = db.prepare<[string, string]>('DELETE FROM blocklist WHERE user = ? AND jid = ?');
  const removeAll = db.prepare<[string]>('DELETE FROM blocklist WHERE user = ?');

  const add = db.transaction((user: string, jids: string[]) => jids.filter((jid) => insert.run(user, jid).changes > 0));
  const removeSome = db.transaction((user: string, jids: string[]) =>
    jids.filter((jid) => remove.run(user, jid).changes > 0),
  );
  const clear = db.transaction((user: string) => {
    const jids = select.all(user).map((row) => row.jid);
    removeAll.run(user);
    return jids;
  });

  return {
    get: (user) => run('blocklists.get', () => select.all(user).map((row) => row.jid)),
    add: (user, jids) => run('blocklists.add', () => add(user, jids)),
    remove: (user, jids) => run('blocklists.remove', () => removeSome(user, jids)),
    clear: (user) => run('blocklists.clear', () => clear(user)),
  };
}
