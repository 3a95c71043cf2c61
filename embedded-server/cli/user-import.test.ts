import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../adapters/sqlite/sqlite-storage.js';
import { deriveScramCredentialsSync } from '../base/sasl/scram-credentials.js';
import { defaultConfig } from '../config/load-config.js';
import { fakeCli, tempNodeDir } from './fake-cli-context.js';
import { importUsers } from './user-import.js';
import { main } from './main.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('meerkat-node user import', () => {
  it('imports valid lines, skips existing users, reports bad lines with their numbers', async () => {
    const { dir, configFile } = tempNodeDir();
    dirs.push(dir);
    await main(['user', 'add', 'existing@localhost', '-p', 'old', '-c', configFile], fakeCli().ctx);
    const accounts = join(dir, 'accounts.csv');
    writeFileSync(
      accounts,
      [
        '# accounts for the pilot',
        'alice@localhost,secret,with,commas',
        '',
        'not-a-jid,pw',
        'bob@example.org,hunter2',
        'existing@localhost,new',
        'no-comma-here@localhost',
        'carol@localhost,',
        '   # indented comment',
        'ALICE@localhost,again',
        'dave@other.test,pw',
        'erin@localhost,pw\r',
      ].join('\n'),
    );

    const cli = fakeCli();
    expect(await main(['user', 'import', accounts, '--config', configFile], cli.ctx)).toBe(0);
    expect(cli.stdout()).toBe('imported 3 users, skipped 1 existing, 5 invalid lines\n');
    const stderr = cli.stderr();
    expect(stderr).toContain('line 4: invalid JID "not-a-jid"');
    expect(stderr).toContain('line 7: expected "jid,password"');
    expect(stderr).toContain('line 8: empty password for carol@localhost');
    expect(stderr).toContain('line 10: alice@localhost already appears on line 2');
    expect(stderr).toContain('line 11: invalid JID "dave@other.test"');
    expect(stderr.match(/^line /gm)).toHaveLength(5);

    const storage = openSqliteStorage({ path: join(dir, 'data', 'meerkat.db') });
    expect(await storage.users.list()).toEqual(['alice@localhost', 'bob@example.org', 'erin@localhost', 'existing@localhost']);
    // Everything after the first comma is the password, and the existing user kept its old one.
    const alice = await storage.users.getCredentials('alice@localhost');
    const salt = Buffer.from(alice?.scramSha256.salt ?? '', 'base64');
    expect(alice?.scramSha256).toEqual(deriveScramCredentialsSync('secret,with,commas', 'sha256', 4096, salt));
    const existing = await storage.users.getCredentials('existing@localhost');
    const oldSalt = Buffer.from(existing?.scramSha1.salt ?? '', 'base64');
    expect(existing?.scramSha1).toEqual(deriveScramCredentialsSync('old', 'sha1', 4096, oldSalt));
    await storage.close();
  });

  it('reports progress and writes in batches', async () => {
    const config = defaultConfig({ general: { data_dir: '/unused' } });
    const storage = openSqliteStorage({ path: ':memory:' });
    const text = Array.from({ length: 25 }, (_, i) => `user${i}@localhost,pw${i}`).join('\n');
    const cli = fakeCli();
    const summary = await importUsers(cli.ctx, storage, config, text, { concurrency: 3, batchSize: 4, progressEvery: 10 });
    expect(summary).toEqual({ imported: 25, existing: 0, invalid: 0 });
    expect(cli.stderr()).toBe('import: 10/25 accounts processed\nimport: 20/25 accounts processed\n');
    expect(await storage.users.count()).toBe(25);
    await storage.close();
  });

  it('fails with exit 2 when the accounts file is missing', async () => {
    const { dir, configFile } = tempNodeDir();
    dirs.push(dir);
    const cli = fakeCli();
    expect(await main(['user', 'import', join(dir, 'missing.csv'), '-c', configFile], cli.ctx)).toBe(2);
    expect(cli.stderr()).toMatch(/^meerkat-node: cannot read .*missing\.csv/);
  });
});
