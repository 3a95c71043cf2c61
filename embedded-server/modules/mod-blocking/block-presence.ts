// XEP-0191 §3.3 / §3.4: on block, the user's server sends unavailable presence to the blocked JIDs that
// may receive the user's presence; on unblock, it sends them the user's current presence. "May receive"
// follows RFC 6121: a 'from' or 'both' subscription, or directed presence the session sent (§4.6).
import { parseJid, type Jid } from '../../base/jid.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import type { ModuleContext } from '../../core/server-module.js';
import type { Session } from '../../core/sessions.js';
import { BlockList } from './block-list.js';

/**
 * The addresses that currently get the user's presence and match one of `items`: subscribed contacts
 * (bare JIDs, or the exact full JID when a full JID of a subscribed contact was named).
 */
async function subscribedTargets(ctx: ModuleContext, user: string, items: Jid[]): Promise<string[]> {
  const lists = await ctx.hooks.runAsync('roster_get_subscription_lists', { from: [], to: [], pendingIn: [] }, { user });
  const targets = new Set<string>();
  for (const contact of lists.from) {
    const contactJid = parseJid(contact);
    for (const item of items) {
      if (BlockList.itemMatches(item, contactJid)) targets.add(contact);
      else if (item.resource !== '' && item.bareString() === contact) targets.add(item.toString());
    }
  }
  return [...targets];
}

function availableSessions(ctx: ModuleContext, user: string): Session[] {
  return [...ctx.sessions.resources(user)].filter((s) => s.available);
}

async function send(ctx: ModuleContext, session: Session, target: string, presence: XmlElement): Promise<void> {
  presence.attrs.from = session.jid.toString();
  presence.attrs.to = target;
  await ctx.router.route(session.jid, parseJid(target), presence, session);
}

/** §3.3: the blocked JIDs stop seeing the user as available. */
export async function announceBlocked(ctx: ModuleContext, user: string, items: Jid[]): Promise<void> {
  const sessions = availableSessions(ctx, user);
  if (sessions.length === 0 || items.length === 0) return;
  const subscribed = await subscribedTargets(ctx, user, items);
  const blocked = new BlockList(items.map((i) => i.toString()));
  for (const session of sessions) {
    const targets = new Set(subscribed);
    for (const directed of session.directedPresence) {
      if (blocked.matches(parseJid(directed))) {
        targets.add(directed);
        // RFC 6121 §4.6.3: they have now had the unavailable presence the session owed them.
        session.directedPresence.delete(directed);
      }
    }
    for (const target of targets) await send(ctx, session, target, xml('presence', { type: 'unavailable' }));
  }
}

/** §3.4: the unblocked JIDs that may see the user's presence get each available resource's current presence. */
export async function announceUnblocked(ctx: ModuleContext, user: string, items: Jid[]): Promise<void> {
  const sessions = availableSessions(ctx, user).filter((s) => s.presence !== undefined);
  if (sessions.length === 0 || items.length === 0) return;
  const targets = await subscribedTargets(ctx, user, items);
  for (const session of sessions) {
    for (const target of targets) await send(ctx, session, target, session.presence!.clone());
  }
}
