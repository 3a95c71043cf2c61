// Admin API handlers for accounts (contract: admin/contract/users.ts). A password is turned into
// SCRAM-SHA-1 and SCRAM-SHA-256 credentials (RFC 5802/7677) at once and never stored or logged.
import type { Logger } from 'pino';
import { deriveScramCredentials } from '../../base/sasl/scram-credentials.js';
import type { Hooks } from '../../core/hooks.js';
import type { Session } from '../../core/sessions.js';
import type { ExitReason, Pid } from '../../runtime/index.js';
import { StorageError, type UserStore } from '../../storage/storage.js';
import { usersCreate, usersDelete, usersList, type UserDeleted } from '../contract/users.js';
import { AdminError } from '../server/admin-error.js';
import type { RouteTable } from '../server/route-table.js';
import { accountParam } from './admin-jids.js';
import { kickSessions } from './sessions-routes.js';

export interface UsersRoutesDeps {
  config: { general: { hosts: readonly string[] }; auth: { scram_iterations: number } };
  storage: { users: Pick<UserStore, 'create' | 'delete' | 'exists' | 'list' | 'count'> };
  sessions: { resources(bare: string): Iterable<Session> };
  runtime: { exit(pid: Pid, reason: ExitReason): void };
  hooks: Pick<Hooks, 'runAsync'>;
  log: Logger;
}

function countSessions(sessions: UsersRoutesDeps['sessions'], bare: string): number {
  let n = 0;
  for (const _ of sessions.resources(bare)) n++;
  return n;
}

export function registerUsersRoutes(routes: RouteTable, deps: UsersRoutesDeps): void {
  const hosts = deps.config.general.hosts;
  const users = deps.storage.users;

  routes.add(usersList, async ({ query }) => {
    if (query.host !== undefined && !hosts.includes(query.host)) {
      throw new AdminError('bad_request', `"${query.host}" is not a host of this node (hosts: ${hosts.join(', ')})`);
    }
    const [total, page] = await Promise.all([users.count(query.host), users.list({ host: query.host, limit: query.limit, offset: query.offset })]);
    return {
      total,
      offset: query.offset,
      limit: query.limit,
      users: page.map((jid) => ({ jid, sessions: countSessions(deps.sessions, jid) })),
    };
  });

  routes.add(usersCreate, async ({ body }) => {
    const jid = accountParam(body.jid, hosts).bareString();
    if (await users.exists(jid)) throw new AdminError('conflict', `User ${jid} already exists`);
    let credentials;
    try {
      const iterations = deps.config.auth.scram_iterations;
      const [scramSha1, scramSha256] = await Promise.all([
        deriveScramCredentials(body.password, 'sha1', iterations),
        deriveScramCredentials(body.password, 'sha256', iterations),
      ]);
      credentials = { scramSha1, scramSha256 };
    } catch (err) {
      // SASLprep (RFC 4013) refuses some characters, e.g. control characters. The message names the
      // rule, never the password.
      throw new AdminError('bad_request', `The password cannot be used: ${(err as Error).message}`);
    }
    try {
      await users.create({ jid, credentials });
    } catch (err) {
      if (err instanceof StorageError && err.code === 'user_exists') throw new AdminError('conflict', `User ${jid} already exists`);
      throw err;
    }
    deps.log.info({ what: 'admin_user_created', jid });
    return { jid };
  });

  routes.add(usersDelete, async ({ params }): Promise<UserDeleted> => {
    const jid = accountParam(params.jid, hosts).bareString();
    if (!(await users.exists(jid))) throw new AdminError('not_found', `No user ${jid}`);
    // Sessions first, so the account cannot act while modules drop its data.
    const { kicked } = kickSessions(deps, [...deps.sessions.resources(jid)], 'user_deleted');
    await deps.hooks.runAsync('remove_user', null, { user: jid });
    if (!(await users.delete(jid))) throw new AdminError('not_found', `No user ${jid}`);
    deps.log.info({ what: 'admin_user_deleted', jid, kicked_sessions: kicked.length });
    return { jid, kicked_sessions: kicked.length };
  });
}
