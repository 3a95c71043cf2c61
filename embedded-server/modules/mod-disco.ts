// XEP-0030: Service Discovery, for the server's JID and (on the account's behalf) for users' bare JIDs.
// Other modules contribute features through the disco_local_features / disco_sm_features hooks.
import type { Jid } from '../base/jid.js';
import { NS } from '../base/namespaces.js';
import { stanzaError } from '../base/stanza-errors.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import { iqResult } from '../base/xml/stanza.js';
import type { IqHandler } from '../core/iq-handlers.js';
import { defineModule, type ModuleContext } from '../core/server-module.js';

export type DiscoOptions = Record<string, never>;

export const SERVER_NAME = 'Meerkat';

/** §3.1 / §4.1: disco requests are IQ-gets carrying <query/>. */
function malformed(iq: XmlElement, payload: XmlElement): XmlElement | undefined {
  if (iq.attrs.type !== 'get') return stanzaError(iq, 'bad-request', { text: 'Service discovery requests are IQs of type get (XEP-0030 §3.1)' });
  if (payload.name !== 'query') return stanzaError(iq, 'bad-request', { text: 'Expected a <query/> element' });
  return undefined;
}

/** §3.2: the response mirrors the requested node. */
function query(ns: string, payload: XmlElement): XmlElement {
  const node = payload.attrs.node;
  return xml('query', node === undefined ? { xmlns: ns } : { xmlns: ns, node });
}

function withFeatures(q: XmlElement, features: Iterable<string>): XmlElement {
  for (const feature of [...new Set(features)].sort()) q.c('feature', { var: feature });
  return q;
}

/**
 * §8 rule 1: the server answers for a bare JID only when the requester may see the account's presence
 * (a 'from' or 'both' subscription) or is the account itself; otherwise it must not reveal the account.
 */
async function mayDiscover(ctx: ModuleContext, requester: Jid, user: string): Promise<boolean> {
  if (requester.bareString() === user) return true;
  const subscription = await ctx.hooks.runAsync('roster_get_subscription', 'none', { user, contact: requester.bareString() });
  return subscription === 'from' || subscription === 'both';
}

export const modDisco = defineModule<DiscoOptions>({
  id: 'mod_disco',
  start(ctx) {
    const serverInfo: IqHandler = (iq, payload, { to }) => {
      const bad = malformed(iq, payload);
      if (bad !== undefined) return bad;
      // The server has no info nodes; §3.1 item-not-found for a node that does not exist.
      if (payload.attrs.node !== undefined) return stanzaError(iq, 'item-not-found');
      const q = query(NS.discoInfo, payload);
      q.c('identity', { category: 'server', type: 'im', name: SERVER_NAME });
      const features = ctx.hooks.run('disco_local_features', [], { host: to.domain });
      return iqResult(iq, withFeatures(q, [NS.discoInfo, NS.discoItems, ...features]));
    };

    const serverItems: IqHandler = (iq, payload) => {
      const bad = malformed(iq, payload);
      if (bad !== undefined) return bad;
      if (payload.attrs.node !== undefined) return stanzaError(iq, 'item-not-found');
      // §4.1: no associated items (no components yet) is an empty result, not an error.
      return iqResult(iq, query(NS.discoItems, payload));
    };

    const accountInfo: IqHandler = async (iq, payload, { from, to }) => {
      const bad = malformed(iq, payload);
      if (bad !== undefined) return bad;
      const user = to.bareString();
      // §8 rule 1: an unknown account and an unauthorized requester get the same answer.
      if (!(await ctx.storage.users.exists(user)) || !(await mayDiscover(ctx, from, user))) {
        return stanzaError(iq, 'service-unavailable');
      }
      if (payload.attrs.node !== undefined) return stanzaError(iq, 'item-not-found');
      const q = query(NS.discoInfo, payload);
      q.c('identity', { category: 'account', type: 'registered' });
      // §3.1: every entity supports at least disco#info.
      const features = ctx.hooks.run('disco_sm_features', [], { user });
      return iqResult(iq, withFeatures(q, [NS.discoInfo, ...features]));
    };

    const accountItems: IqHandler = async (iq, payload, { from, to }) => {
      const bad = malformed(iq, payload);
      if (bad !== undefined) return bad;
      const user = to.bareString();
      const q = query(NS.discoItems, payload);
      // §8 rule 2: an unknown account or an unauthorized requester gets an empty result set.
      if (!(await ctx.storage.users.exists(user)) || !(await mayDiscover(ctx, from, user))) return iqResult(iq, q);
      if (payload.attrs.node !== undefined) return stanzaError(iq, 'item-not-found');
      // §4.1: the items of a bare JID are its available resources.
      for (const session of ctx.sessions.resources(user)) {
        if (session.available) q.c('item', { jid: session.jid.toString() });
      }
      return iqResult(iq, q);
    };

    return {
      serverIq: { [NS.discoInfo]: serverInfo, [NS.discoItems]: serverItems },
      accountIq: { [NS.discoInfo]: accountInfo, [NS.discoItems]: accountItems },
    };
  },
});
