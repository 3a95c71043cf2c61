// RFC 6121 §3 presence subscriptions with §3.4 pre-approval, on both servers at once: every account
// lives on this node, so the user's server (outbound, Appendix A.2) and the contact's server (inbound,
// A.3) are both this module, joined by router.route. A change is decided and stored under the user's
// queue; stanzas are routed only after the queue is released, because routing runs the other user's
// half, which may answer straight back (auto-replies) and would otherwise wait on itself.
import type { Jid } from '../../base/jid.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import type { Router } from '../../core/router.js';
import type { SessionTable } from '../../core/sessions.js';
import type { RosterItem, Storage } from '../../storage/storage.js';
import type { PerUserQueue } from './per-user-queue.js';
import { blankItem, isBlank, isHidden, itemElement, removedItemElement, wireDiffers } from './roster-item-xml.js';
import type { RosterPusher } from './roster-pushes.js';
import {
  hasFrom,
  hasTo,
  inboundStep,
  outboundStep,
  sameState,
  stateOf,
  type SubscriptionState,
  type SubscriptionType,
} from './subscription-states.js';

export interface SubscriptionFlowDeps {
  storage: Storage;
  sessions: SessionTable;
  router: Router;
  pusher: RosterPusher;
  queue: PerUserQueue;
}

function applyState(item: RosterItem, state: SubscriptionState): RosterItem {
  return { ...item, subscription: state.subscription, askOut: state.pendingOut, pendingIn: state.pendingIn };
}

export class SubscriptionFlow {
  constructor(private readonly deps: SubscriptionFlowDeps) {}

  /** Appendix A.2 and §3.4.1: `user` sent a subscription stanza to `contact` (bare JIDs). */
  async outbound(user: Jid, contact: Jid, type: SubscriptionType, stanza: XmlElement): Promise<void> {
    const userBare = user.bareString();
    const contactBare = contact.bareString();
    // A user always gets their own presence; a subscription to oneself means nothing.
    if (userBare === contactBare) return;
    const { route, before } = await this.deps.queue.run(userBare, async () => {
      const item = await this.deps.storage.rosters.getItem(userBare, contactBare);
      const before = stateOf(item);
      const step = outboundStep(before, type);
      let next = item ?? blankItem(contactBare);
      if (!sameState(before, step.next)) next = applyState(next, step.next);
      if (type === 'subscribed' && !step.route && !hasFrom(before.subscription)) {
        // §3.4.1 pre-approval: remember the answer for a request that has not arrived yet.
        next = { ...next, approved: true };
      } else if (type === 'unsubscribed' || hasFrom(next.subscription)) {
        // §3.4: "unsubscribed" cancels a pre-approval; once subscribed, it has served its purpose.
        next = { ...next, approved: false };
      }
      await this.save(user, item, next);
      return { route: step.route, before };
    });
    if (!route) return;
    await this.send(user.bare(), contact.bare(), stanza, type);
    // §3.1.5: the new subscriber gets the user's current presence; §3.2.2: a cancelled one gets unavailable.
    if (type === 'subscribed') await this.sendPresenceOf(userBare, contact.bare());
    if (type === 'unsubscribed' && hasFrom(before.subscription)) await this.sendUnavailableOf(userBare, contact.bare());
  }

  /** Appendix A.3 and §3.4.2: a subscription stanza from `contact` reached `user` (bare JIDs). */
  async inbound(user: Jid, contact: Jid, type: SubscriptionType): Promise<'deliver' | 'drop'> {
    const userBare = user.bareString();
    const contactBare = contact.bareString();
    if (userBare === contactBare) return 'drop';
    // RFC 6121 §8.5.1: subscription stanzas to an account that does not exist are silently ignored.
    if (!(await this.deps.storage.users.exists(userBare))) return 'drop';
    const outcome = await this.deps.queue.run(userBare, async () => {
      const item = await this.deps.storage.rosters.getItem(userBare, contactBare);
      const before = stateOf(item);
      if (type === 'subscribe' && item?.approved === true && !hasFrom(before.subscription)) {
        // §3.4.2: the user approved in advance, so the request is granted without asking the user.
        const next = { ...item, subscription: hasTo(before.subscription) ? ('both' as const) : ('from' as const), pendingIn: false, approved: false };
        await this.save(user, item, next);
        return { deliver: false, autoReply: true, before };
      }
      const step = inboundStep(before, type);
      if (!sameState(before, step.next)) {
        let next = applyState(item ?? blankItem(contactBare), step.next);
        if (hasFrom(next.subscription)) next = { ...next, approved: false };
        await this.save(user, item, next);
      }
      return { deliver: step.deliver, autoReply: step.autoReply, before };
    });
    if (outcome.autoReply) {
      await this.send(user.bare(), contact.bare(), xml('presence'), 'subscribed');
      await this.sendPresenceOf(userBare, contact.bare());
    }
    // §3.3.3: the contact unsubscribed from the user, so the contact learns the user is gone.
    if (type === 'unsubscribe' && hasFrom(outcome.before.subscription)) await this.sendUnavailableOf(userBare, contact.bare());
    return outcome.deliver ? 'deliver' : 'drop';
  }

  /**
   * §2.5.2: removing an item also ends both subscriptions (and any pending request) with the contact.
   * Returns false when there was no such item.
   */
  async remove(user: Jid, jid: Jid): Promise<boolean> {
    const userBare = user.bareString();
    const key = jid.toString();
    const removed = await this.deps.queue.run(userBare, async () => {
      const item = await this.deps.storage.rosters.getItem(userBare, key);
      if (item === undefined) return undefined;
      const version = await this.deps.storage.rosters.removeItem(userBare, key);
      this.deps.pusher.push(user, removedItemElement(key), version);
      return item;
    });
    if (removed === undefined) return false;
    const contact = jid.bare();
    if (hasTo(removed.subscription) || removed.askOut) await this.send(user.bare(), contact, xml('presence'), 'unsubscribe');
    if (hasFrom(removed.subscription) || removed.pendingIn) await this.send(user.bare(), contact, xml('presence'), 'unsubscribed');
    if (hasFrom(removed.subscription)) await this.sendUnavailableOf(userBare, contact);
    return true;
  }

  /** §2.3.2: a roster set changes only the name and groups; subscription fields stay as they are. */
  async update(user: Jid, jid: Jid, name: string | undefined, groups: string[]): Promise<void> {
    const userBare = user.bareString();
    const key = jid.toString();
    await this.deps.queue.run(userBare, async () => {
      const item = await this.deps.storage.rosters.getItem(userBare, key);
      const next: RosterItem = { ...(item ?? blankItem(key)), groups };
      if (name === undefined) delete next.name;
      else next.name = name;
      const version = await this.deps.storage.rosters.setItem(userBare, next);
      // Always pushed, even when nothing changed: the requesting client waits for it (§2.3.2).
      this.deps.pusher.push(user, itemElement(next), version);
    });
  }

  /** Stores a changed item and pushes what clients can see of the change. */
  private async save(user: Jid, before: RosterItem | undefined, next: RosterItem): Promise<void> {
    const userBare = user.bareString();
    if (before !== undefined && !wireDiffers(before, next) && before.pendingIn === next.pendingIn) return;
    if (before === undefined && isBlank(next)) return;
    if (before !== undefined && isHidden(before) && isBlank(next)) {
      // A request from a stranger came and went: nothing of it is left to keep.
      await this.deps.storage.rosters.removeItem(userBare, before.jid);
      return;
    }
    const version = await this.deps.storage.rosters.setItem(userBare, next);
    if (isHidden(next)) return;
    if (before === undefined || isHidden(before) || wireDiffers(before, next)) this.deps.pusher.push(user, itemElement(next), version);
  }

  /** Routes a subscription stanza stamped with bare JIDs (§3.1.2: subscriptions are between accounts). */
  private async send(from: Jid, to: Jid, stanza: XmlElement, type: SubscriptionType): Promise<void> {
    const out = stanza.clone();
    out.attrs.type = type;
    out.attrs.from = from.toString();
    out.attrs.to = to.toString();
    await this.deps.router.route(from, to, out);
  }

  private async sendPresenceOf(userBare: string, to: Jid): Promise<void> {
    for (const session of [...this.deps.sessions.resources(userBare)]) {
      if (!session.available || session.presence === undefined) continue;
      const presence = session.presence.clone();
      presence.attrs.from = session.jid.toString();
      presence.attrs.to = to.toString();
      await this.deps.router.route(session.jid, to, presence);
    }
  }

  private async sendUnavailableOf(userBare: string, to: Jid): Promise<void> {
    for (const session of [...this.deps.sessions.resources(userBare)]) {
      if (!session.available) continue;
      const presence = xml('presence', { type: 'unavailable', from: session.jid.toString(), to: to.toString() });
      await this.deps.router.route(session.jid, to, presence);
    }
  }
}

