// RFC 6121 §2 (rosters) and §3 (presence subscriptions): mod_roster. It answers jabber:iq:roster for
// each account, runs the subscription state machine for both ends behind the roster_* hooks (so
// mod_presence never calls it), and advertises roster versioning and pre-approval as stream features.
import { parseJid } from '../../base/jid.js';
import { NS } from '../../base/namespaces.js';
import { xml } from '../../base/xml/element.js';
import { defineModule } from '../../core/server-module.js';
import { PerUserQueue } from './per-user-queue.js';
import { createRosterIqHandler } from './roster-iq.js';
import { RosterPusher } from './roster-pushes.js';
import { SubscriptionFlow } from './subscription-flow.js';
import { hasFrom, hasTo } from './subscription-states.js';

export interface RosterOptions {
  /** RFC 6121 §2.6 roster versioning (default true). */
  versioning?: boolean;
}

export const modRoster = defineModule<RosterOptions>({
  id: 'mod_roster',
  start(ctx, options) {
    const versioning = options.versioning ?? true;
    const { storage, sessions, router, log } = ctx;
    const pusher = new RosterPusher(sessions, router, versioning);
    const flow = new SubscriptionFlow({ storage, sessions, router, pusher, queue: new PerUserQueue() });
    // §2.6.1 and §3.4: what a client may rely on, announced after authentication.
    const streamFeatures = [
      ...(versioning ? [xml('ver', { xmlns: NS.rosterver })] : []),
      xml('sub', { xmlns: NS.pre_approval }),
    ];
    return {
      accountIq: { [NS.roster]: createRosterIqHandler({ storage, flow, versioning, log }) },
      hooks: [
        { hook: 'c2s_stream_features', priority: 50, handler: (acc) => [...acc, ...streamFeatures] },
        {
          hook: 'roster_out_subscription',
          priority: 50,
          handler: async (_acc, { user, contact, type, stanza }) => {
            await flow.outbound(user, contact, type, stanza);
            return { handled: true };
          },
        },
        {
          hook: 'roster_in_subscription',
          priority: 50,
          handler: (_acc, { user, contact, type }) => flow.inbound(user, contact, type),
        },
        {
          hook: 'roster_get_subscription_lists',
          priority: 50,
          handler: async (acc, { user }) => {
            const roster = await storage.rosters.get(user);
            const lists = { from: [...acc.from], to: [...acc.to], pendingIn: [...acc.pendingIn] };
            for (const item of roster.items) {
              if (hasFrom(item.subscription)) lists.from.push(item.jid);
              if (hasTo(item.subscription)) lists.to.push(item.jid);
              if (item.pendingIn) lists.pendingIn.push(item.jid);
            }
            return lists;
          },
        },
        {
          hook: 'roster_get_subscription',
          priority: 50,
          handler: async (acc, { user, contact }) => (await storage.rosters.getItem(user, contact))?.subscription ?? acc,
        },
        {
          // Like ejabberd: the contacts of a removed account are told, so their rosters do not keep a
          // subscription with an account that no longer exists. (A roster already deleted is empty.)
          hook: 'remove_user',
          priority: 50,
          handler: async (acc, { user }) => {
            const userJid = parseJid(user);
            const roster = await storage.rosters.get(user);
            for (const item of roster.items) await flow.remove(userJid, parseJid(item.jid));
            return acc;
          },
        },
      ],
    };
  },
});
