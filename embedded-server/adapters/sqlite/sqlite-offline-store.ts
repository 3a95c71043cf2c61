// Offline message storage (RFC 6121 §8.5.2.2.1 "store the message offline"), delivered FIFO at login.
import type Database from 'better-sqlite3';
import type { OfflineMessage, OfflineStore } from '../../storage/storage.js';
import { run } from './sqlite-errors.js';

export function createSqliteOfflineStore(db: Database.Database): OfflineStore {
  const insert = db.prepare<[string, string, string, number]>(
    'INSERT INTO offline_messages (user, from_jid, stanza, stored_at) VALUES (?, ?, ?, ?)',
  );
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM offline_messages WHERE user = ?');
  const select = db.prepare<[string], OfflineMessage>(
    `SELECT id, user AS "to", from_jid AS "from", stanza, stored_at AS storedAt
     FROM offline_messages WHERE user = ? ORDER BY id`,
  );
  const deleteUpTo = db.prepare<[string, number]>('DELETE FROM offline_messages WHERE user = ? AND id <= ?');

  const takeAll = db.transaction((user: string) => {
    const messages = select.all(user);
    const last = messages.at(-1);
    if (last !== undefined) deleteUpTo.run(user, last.id);
    return messages;
  });

  return {
    store: (msg) =>
      run('offline.store', () => {
        insert.run(msg.to, msg.from, msg.stanza, msg.storedAt);
      }),
    count: (user) => run('offline.count', () => count.get(user)?.n ?? 0),
    takeAll: (user) => run('offline.takeAll', () => takeAll(user)),
  };
}
