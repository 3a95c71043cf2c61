// RFC 6121 §2 rosters with §2.6 versioning: every change bumps a per-user integer version in the same
// transaction as the change, so a version a client was given always describes a committed roster.
import type Database from 'better-sqlite3';
import type { RosterItem, RosterStore, Subscription } from '../../storage/storage.js';
import { run } from './sqlite-errors.js';

interface RosterRow {
  contact: string;
  name: string | null;
  subscription: Subscription;
  askOut: number;
  pendingIn: number;
  approved: number;
  groups: string;
}

const ITEM_COLUMNS =
  'contact, name, subscription, ask_out AS askOut, pending_in AS pendingIn, approved, groups';

function toItem(row: RosterRow): RosterItem {
  const item: RosterItem = {
    jid: row.contact,
    subscription: row.subscription,
    askOut: row.askOut === 1,
    pendingIn: row.pendingIn === 1,
    approved: row.approved === 1,
    groups: JSON.parse(row.groups) as string[],
  };
  if (row.name !== null) item.name = row.name;
  return item;
}

export function createSqliteRosterStore(db: Database.Database): RosterStore {
  const selectItems = db.prepare<[string], RosterRow>(`SELECT ${ITEM_COLUMNS} FROM roster_items WHERE user = ? ORDER BY contact`);
  const selectItem = db.prepare<[string, string], RosterRow>(
    `SELECT ${ITEM_COLUMNS} FROM roster_items WHERE user = ? AND contact = ?`,
  );
  const selectVersion = db.prepare<[string], { version: number }>('SELECT version FROM roster_versions WHERE user = ?');
  const bumpVersion = db.prepare<[string], { version: number }>(
    `INSERT INTO roster_versions (user, version) VALUES (?, 1)
     ON CONFLICT (user) DO UPDATE SET version = version + 1 RETURNING version`,
  );
  const upsertItem = db.prepare(
    `INSERT INTO roster_items (user, contact, name, subscription, ask_out, pending_in, approved, groups)
     VALUES (@user, @contact, @name, @subscription, @askOut, @pendingIn, @approved, @groups)
     ON CONFLICT (user, contact) DO UPDATE SET name = excluded.name, subscription = excluded.subscription,
       ask_out = excluded.ask_out, pending_in = excluded.pending_in, approved = excluded.approved, groups = excluded.groups`,
  );
  const deleteItem = db.prepare<[string, string]>('DELETE FROM roster_items WHERE user = ? AND contact = ?');

  const readRoster = db.transaction((user: string) => ({
    version: String(selectVersion.get(user)?.version ?? 0),
    items: selectItems.all(user).map(toItem),
  }));
  const setItem = db.transaction((user: string, item: RosterItem) => {
    upsertItem.run({
      user,
      contact: item.jid,
      name: item.name ?? null,
      subscription: item.subscription,
      askOut: item.askOut ? 1 : 0,
      pendingIn: item.pendingIn ? 1 : 0,
      approved: item.approved ? 1 : 0,
      groups: JSON.stringify(item.groups),
    });
    return String(bumpVersion.get(user)?.version);
  });
  const removeItem = db.transaction((user: string, contact: string) => {
    if (deleteItem.run(user, contact).changes === 0) return undefined;
    return String(bumpVersion.get(user)?.version);
  });

  return {
    get: (user) => run('rosters.get', () => readRoster(user)),
    getItem: (user, contact) =>
      run('rosters.getItem', () => {
        const row = selectItem.get(user, contact);
        return row === undefined ? undefined : toItem(row);
      }),
    setItem: (user, item) => run('rosters.setItem', () => setItem(user, item)),
    removeItem: (user, contact) => run('rosters.removeItem', () => removeItem(user, contact)),
  };
}
