import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../adapters/sqlite/sqlite-storage.js';
import { deriveScramCredentialsSync } from '../base/sasl/scram-credentials.js';
import { fakeCli, tempNodeDir } from './fake-cli-context.js';
import { main } from './main.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function node() {
  const made = tempNodeDir();
  dirs.push(made.dir);
  return made;
}

describe('meerkat-node user add/list/delete', () => {
  it('adds users into <data_dir>/meerkat.db with SCRAM credentials of the configured iterations', async () => {
    const { dir, configFile } = node();
    const cli = fakeCli();
    expect(await main(['user', 'add', 'alice@localhost', '--password', 'wonderland', '--config', configFile], cli.ctx)).toBe(0);
    expect(cli.stdout()).toBe('created user alice@localhost\n');
    expect(cli.stderr()).toBe('');

    const dbPath = join(dir, 'data', 'meerkat.db');
    expect(existsSync(dbPath)).toBe(true);
    const storage = openSqliteStorage({ path: dbPath });
    const credentials = await storage.users.getCredentials('alice@localhost');
    await storage.close();
    expect(credentials?.scramSha256.iterations).toBe(4096);
    const salt = Buffer.from(credentials?.scramSha256.salt ?? '', 'base64');
    // The stored keys are exactly what the password derives to, so a login with it will succeed.
    expect(credentials?.scramSha256).toEqual(deriveScramCredentialsSync('wonderland', 'sha256', 4096, salt));
    const salt1 = Buffer.from(credentials?.scramSha1.salt ?? '', 'base64');
    expect(credentials?.scramSha1).toEqual(deriveScramCredentialsSync('wonderland', 'sha1', 4096, salt1));
  });

  it('lists users sorted, optionally by host', async () => {
    const { configFile } = node();
    for (const jid of ['carol@example.org', 'bob@localhost', 'alice@localhost']) {
      expect(await main(['user', 'add', jid, '-p', 'pw', '-c', configFile], fakeCli().ctx)).toBe(0);
    }
    const all = fakeCli();
    expect(await main(['user', 'list', '--config', configFile], all.ctx)).toBe(0);
    expect(all.stdout()).toBe('alice@localhost\nbob@localhost\ncarol@example.org\n');
    const byHost = fakeCli();
    expect(await main(['user', 'list', '--host', 'example.org', '--config', configFile], byHost.ctx)).toBe(0);
    expect(byHost.stdout()).toBe('carol@example.org\n');
    const badHost = fakeCli();
    expect(await main(['user', 'list', '--host', 'nowhere.test', '--config', configFile], badHost.ctx)).toBe(2);
    expect(badHost.stderr()).toContain('"nowhere.test" is not a host of this node');
  });

  it('refuses an existing user with exit 1', async () => {
    const { configFile } = node();
    expect(await main(['user', 'add', 'alice@localhost', '-p', 'one', '-c', configFile], fakeCli().ctx)).toBe(0);
    const again = fakeCli();
    expect(await main(['user', 'add', 'alice@localhost', '-p', 'two', '-c', configFile], again.ctx)).toBe(1);
    expect(again.stderr()).toBe('meerkat-node: user alice@localhost already exists\n');
  });

  it.each([
    ['alice', 'expected a bare JID'],
    ['alice@elsewhere.test', '"elsewhere.test" is not a host of this node (general.hosts: localhost, example.org)'],
    ['al"ice@localhost', 'forbidden character'],
    ['alice@localhost/phone', 'without a /resource'],
    ['@localhost', 'empty'],
  ])('refuses the invalid JID %s with exit 2', async (jid, reason) => {
    const { configFile } = node();
    const cli = fakeCli();
    expect(await main(['user', 'add', jid, '-p', 'pw', '-c', configFile], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain(`meerkat-node: invalid JID "${jid}": `);
    expect(cli.stderr()).toContain(reason);
  });

  it('stores the normalized JID, so differently cased spellings name the same account', async () => {
    const { configFile } = node();
    const add = fakeCli();
    expect(await main(['user', 'add', 'Alice@LocalHost', '-p', 'pw', '-c', configFile], add.ctx)).toBe(0);
    expect(add.stdout()).toBe('created user alice@localhost\n');
    const again = fakeCli();
    expect(await main(['user', 'add', 'alice@localhost', '-p', 'pw', '-c', configFile], again.ctx)).toBe(1);
    const del = fakeCli();
    expect(await main(['user', 'delete', 'ALICE@localhost', '-c', configFile], del.ctx)).toBe(0);
    expect(del.stdout()).toBe('deleted user alice@localhost\n');
  });

  it('deletes a user, and reports an unknown one with exit 1', async () => {
    const { configFile } = node();
    await main(['user', 'add', 'alice@localhost', '-p', 'pw', '-c', configFile], fakeCli().ctx);
    const del = fakeCli();
    expect(await main(['user', 'delete', 'alice@localhost', '-c', configFile], del.ctx)).toBe(0);
    expect(del.stdout()).toBe('deleted user alice@localhost\n');
    const list = fakeCli();
    await main(['user', 'list', '-c', configFile], list.ctx);
    expect(list.stdout()).toBe('');
    const again = fakeCli();
    expect(await main(['user', 'delete', 'alice@localhost', '-c', configFile], again.ctx)).toBe(1);
    expect(again.stderr()).toBe('meerkat-node: no such user: alice@localhost\n');
  });
});
