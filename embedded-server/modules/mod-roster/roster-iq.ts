// RFC 6121 §2 roster management: §2.1.3 roster get, §2.3 roster set, §2.5 roster delete, and §2.6
// versioning (a client that already holds the current version gets an empty result).
import type { Logger } from 'pino';
import { NS } from '../../base/namespaces.js';
import { stanzaError } from '../../base/stanza-errors.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import { iqResult } from '../../base/xml/stanza.js';
import type { IqContext, IqHandler } from '../../core/iq-handlers.js';
import type { Storage } from '../../storage/storage.js';
import { isHidden, itemElement, parseRosterSet } from './roster-item-xml.js';
import type { SubscriptionFlow } from './subscription-flow.js';

export interface RosterIqDeps {
  storage: Storage;
  flow: SubscriptionFlow;
  versioning: boolean;
  log: Logger;
}

export function createRosterIqHandler(deps: RosterIqDeps): IqHandler {
  return async (iq, query, ctx) => {
    if (query.name !== 'query') return stanzaError(iq, 'bad-request', { text: 'Expected <query xmlns="jabber:iq:roster"/>' });
    // §2.3.3 / §2.1.3: a roster belongs to its account; only that account's own resources may read or change it.
    if (ctx.from.bareString() !== ctx.to.bareString()) return stanzaError(iq, 'forbidden');
    try {
      return iq.attrs.type === 'get' ? await rosterGet(deps, iq, query, ctx) : await rosterSet(deps, iq, query, ctx);
    } catch (err) {
      deps.log.error({ what: 'roster_iq_failed', jid: ctx.from.toString(), type: iq.attrs.type, err });
      return stanzaError(iq, 'internal-server-error');
    }
  };
}

async function rosterGet(deps: RosterIqDeps, iq: XmlElement, query: XmlElement, ctx: IqContext): Promise<XmlElement> {
  // §2.2: a resource that asked for the roster is "interested" and gets every push from now on; marking
  // it before reading means a change racing with the read reaches it as a push rather than being lost.
  if (ctx.session !== undefined) ctx.session.rosterRequested = true;
  const roster = await deps.storage.rosters.get(ctx.to.bareString());
  const clientVersion = query.attrs.ver;
  // §2.6.3: the client's copy is current; later changes arrive as pushes.
  if (deps.versioning && clientVersion !== undefined && clientVersion === roster.version) return iqResult(iq);
  const result = xml('query', deps.versioning ? { xmlns: NS.roster, ver: roster.version } : { xmlns: NS.roster });
  for (const item of roster.items) if (!isHidden(item)) result.append(itemElement(item));
  return iqResult(iq, result);
}

async function rosterSet(deps: RosterIqDeps, iq: XmlElement, query: XmlElement, ctx: IqContext): Promise<XmlElement> {
  const user = ctx.to.bare();
  const request = parseRosterSet(query, user);
  switch (request.kind) {
    case 'invalid':
      return stanzaError(iq, request.condition, { text: request.text });
    case 'remove':
      // §2.5.3: removing an item that is not there.
      if (!(await deps.flow.remove(user, request.jid))) return stanzaError(iq, 'item-not-found');
      return iqResult(iq);
    case 'update':
      await deps.flow.update(user, request.jid, request.name, request.groups);
      return iqResult(iq);
  }
}
