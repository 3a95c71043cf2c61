// Admin API handlers for sessions and messages sent as the server (contract: admin/contract/sessions.ts).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Jid } from '../../base/jid.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import type { Session } from '../../core/sessions.js';
import { formatPid, type ExitReason, type Pid } from '../../runtime/index.js';
import { messagesSend, sessionsKick, sessionsKickUser, sessionsList, type KickResult, type SessionRow } from '../contract/sessions.js';
import { AdminError } from '../server/admin-error.js';
import type { RouteTable } from '../server/route-table.js';
import { accountParam, jidParam } from './admin-jids.js';

/** The exit reason of a kicked session; c2s-connection.ts turns it into the stream error the client gets. */
export const KICK_REASON: ExitReason = { error: 'kicked' };

export interface SessionsRoutesDeps {
  config: { general: { hosts: readonly string[] } };
  sessions: {
    all(): Iterable<Session>;
    resources(bare: string): Iterable<Session>;
    get(bare: string, resource: string): Session | undefined;
    count(): number;
  };
  runtime: { exit(pid: Pid, reason: ExitReason): void };
  router: { route(from: Jid, to: Jid, stanza: XmlElement): void | Promise<void> };
  log: Logger;
}

export function sessionRow(s: Session): SessionRow {
  const row: SessionRow = {
    jid: s.jid.toString(),
    bare: s.bare,
    pid: s.pid,
    pid_text: formatPid(s.pid),
    transport: s.transport,
    peer: s.peer,
    started_at_ms: s.startedAt,
    available: s.available,
    priority: s.priority,
  };
  const show = s.presence?.getChildText('show');
  const status = s.presence?.getChildText('status');
  if (show !== undefined) row.show = show;
  if (status !== undefined) row.status = status;
  return row;
}

function page<T>(items: Iterable<T>, offset: number, limit: number): T[] {
  const out: T[] = [];
  let skip = offset;
  for (const item of items) {
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

/** Ends sessions with KICK_REASON; used by the sessions and users endpoints. */
export function kickSessions(deps: Pick<SessionsRoutesDeps, 'runtime' | 'log'>, sessions: Session[], why: string): KickResult {
  const kicked = sessions.map((s) => ({ jid: s.jid.toString(), pid: s.pid }));
  for (const s of kicked) {
    deps.runtime.exit(s.pid, KICK_REASON);
    deps.log.info({ what: 'admin_session_kicked', jid: s.jid, pid: s.pid, reason: why });
  }
  return { kicked };
}

export function registerSessionsRoutes(routes: RouteTable, deps: SessionsRoutesDeps): void {
  const hosts = deps.config.general.hosts;

  routes.add(sessionsList, ({ query }) => {
    if (query.user === undefined) {
      return { total: deps.sessions.count(), offset: query.offset, limit: query.limit, sessions: page(deps.sessions.all(), query.offset, query.limit).map(sessionRow) };
    }
    const user = accountParam(query.user, hosts, 'user');
    const all = [...deps.sessions.resources(user.bareString())];
    return { total: all.length, offset: query.offset, limit: query.limit, sessions: all.slice(query.offset, query.offset + query.limit).map(sessionRow) };
  });

  routes.add(sessionsKick, ({ params }) => {
    const jid = jidParam(params.jid, 'the session JID');
    if (jid.isBare() || jid.local === '') throw new AdminError('bad_request', `"${params.jid}" is not a full JID (user@host/resource); to end all of a user's sessions use DELETE /api/sessions?user=`);
    const session = deps.sessions.get(jid.bareString(), jid.resource);
    if (session === undefined) throw new AdminError('not_found', `No session ${jid.toString()}`);
    return kickSessions(deps, [session], 'admin_request');
  });

  routes.add(sessionsKickUser, ({ query }) => {
    const user = accountParam(query.user, hosts, 'user');
    return kickSessions(deps, [...deps.sessions.resources(user.bareString())], 'admin_request');
  });

  routes.add(messagesSend, async ({ body }) => {
    const to = jidParam(body.to, 'to');
    if (!hosts.includes(to.domain)) throw new AdminError('bad_request', `"${to.domain}" is not a host of this node; the node has no server-to-server connections`);
    const from = body.from === undefined ? jidParam(to.domain, 'from') : jidParam(body.from, 'from');
    if (!hosts.includes(from.domain)) throw new AdminError('bad_request', `from "${body.from}" is not on a host of this node (hosts: ${hosts.join(', ')})`);
    const id = randomUUID();
    const stanza = xml('message', { from: from.toString(), to: to.toString(), type: body.type, id }, xml('body', null, body.body));
    await deps.router.route(from, to, stanza);
    deps.log.info({ what: 'admin_message_sent', from_jid: from.toString(), to_jid: to.toString(), id, type: body.type });
    return { id, from: from.toString(), to: to.toString(), type: body.type };
  });
}
