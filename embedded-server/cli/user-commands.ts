// `meerkat-node user add|delete|list`: account administration straight on the node's storage.
import { deriveScramCredentials } from '../base/sasl/scram-credentials.js';
import type { NodeConfig } from '../config/node-config-schema.js';
import type { Storage, UserCredentials } from '../storage/storage.js';
import { StorageError } from '../storage/storage.js';
import { accountJid } from './bare-jid.js';
import type { CliContext } from './cli-context.js';
import { CliFailure, EXIT } from './cli-failure.js';

const LIST_PAGE_SIZE = 1000;

/** The account's normalized bare JID; fails with a usage error when `input` is not one of ours. */
export function checkAccountJid(input: string, config: NodeConfig): string {
  const { jid, problem } = accountJid(input, config.general.hosts);
  if (jid === undefined) throw new CliFailure(EXIT.usage, `invalid JID "${input}": ${problem}`);
  return jid;
}

/** Both SCRAM credential sets for a password; only these are stored, never the password. */
export async function credentialsFor(password: string, iterations: number): Promise<UserCredentials> {
  const [scramSha1, scramSha256] = await Promise.all([
    deriveScramCredentials(password, 'sha1', iterations),
    deriveScramCredentials(password, 'sha256', iterations),
  ]);
  return { scramSha1, scramSha256 };
}

export async function addUser(ctx: CliContext, storage: Storage, config: NodeConfig, input: string, password: string): Promise<void> {
  const jid = checkAccountJid(input, config);
  if (password === '') throw new CliFailure(EXIT.usage, 'the password is empty');
  let credentials: UserCredentials;
  try {
    credentials = await credentialsFor(password, config.auth.scram_iterations);
  } catch (err) {
    // SASLprep (RFC 4013) refuses some characters, e.g. control characters.
    throw new CliFailure(EXIT.usage, `the password cannot be used: ${(err as Error).message}`);
  }
  try {
    await storage.users.create({ jid, credentials });
  } catch (err) {
    if (err instanceof StorageError && err.code === 'user_exists') {
      throw new CliFailure(EXIT.failed, `user ${jid} already exists`);
    }
    throw err;
  }
  ctx.stdout(`created user ${jid}\n`);
}

export async function deleteUser(ctx: CliContext, storage: Storage, config: NodeConfig, input: string): Promise<void> {
  const jid = checkAccountJid(input, config);
  if (!(await storage.users.delete(jid))) throw new CliFailure(EXIT.failed, `no such user: ${jid}`);
  ctx.stdout(`deleted user ${jid}\n`);
}

export async function listUsers(ctx: CliContext, storage: Storage, config: NodeConfig, host: string | undefined): Promise<void> {
  if (host !== undefined && !config.general.hosts.includes(host)) {
    throw new CliFailure(EXIT.usage, `"${host}" is not a host of this node (general.hosts: ${config.general.hosts.join(', ')})`);
  }
  // Paged, so listing a large node does not hold every JID in memory at once.
  for (let offset = 0; ; offset += LIST_PAGE_SIZE) {
    const page = await storage.users.list({ host, limit: LIST_PAGE_SIZE, offset });
    if (page.length > 0) ctx.stdout(page.map((jid) => `${jid}\n`).join(''));
    if (page.length < LIST_PAGE_SIZE) return;
  }
}
