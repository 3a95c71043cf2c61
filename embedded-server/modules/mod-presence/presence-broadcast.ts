// RFC 6121 §4.2.2, §4.4.2, §4.5.2 and §4.6.3: where a user's broadcast presence goes — the contacts
// subscribed to it ('from' or 'both'), the user's own available resources, and, for unavailable
// presence, every entity that received directed presence during the session.
import { tryParseJid, type Jid } from '../../base/jid.js';
import type { XmlElement } from '../../base/xml/element.js';
import type { AsyncHooks, Hooks } from '../../core/hooks.js';
import type { Router } from '../../core/router.js';
import type { Session, SessionTable } from '../../core/sessions.js';

export type SubscriptionLists = AsyncHooks['roster_get_subscription_lists']['acc'];

/** A copy addressed to one recipient: stanzas are shared objects, and each recipient sees its own 'to'. */
export function addressed(stanza: XmlElement, from: Jid, to: Jid): XmlElement {
  const copy = stanza.clone();
  copy.attrs.from = from.toString();
  copy.attrs.to = to.toString();
  return copy;
}

export class PresenceBroadcast {
  constructor(
    private readonly hooks: Hooks,
    private readonly router: Router,
    private readonly sessions: SessionTable,
  ) {}

  /** The session is still the one bound to its full JID (it may end while a broadcast awaits). */
  isOpen(session: Session): boolean {
    return this.sessions.get(session.bare, session.jid.resource) === session;
  }

  /** Without mod_roster there are no contacts: presence then only reaches the user's own resources. */
  subscriptionLists(bare: string): Promise<SubscriptionLists> {
    return this.hooks.runAsync('roster_get_subscription_lists', { from: [], to: [], pendingIn: [] }, { user: bare });
  }

  /** Routes the presence to each contact's bare JID; the contact's side delivers it to their available resources. */
  async toContacts(session: Session, presence: XmlElement, contacts: readonly string[], opts: { whileOpen: boolean }): Promise<void> {
    for (const contact of contacts) {
      if (opts.whileOpen && !this.isOpen(session)) return;
      const to = tryParseJid(contact);
      if (to === undefined) continue;
      await this.router.route(session.jid, to, addressed(presence, session.jid, to));
    }
  }

  /** §4.2.2 / §4.4.2: the user's other available resources, and the sending resource itself when it is still there. */
  toOwnResources(session: Session, presence: XmlElement): void {
    for (const resource of [...this.sessions.resources(session.bare)]) {
      if (resource !== session && !resource.available) continue;
      this.router.deliver(resource, session.jid, resource.jid, addressed(presence, session.jid, resource.jid));
    }
  }

  /**
   * §4.5.2 and §4.6.3: unavailable presence to the contacts (when the session had been available), to
   * every directed-presence recipient not already reached that way, and to the user's own resources.
   */
  async unavailable(session: Session, presence: XmlElement, wasAvailable: boolean): Promise<void> {
    const directed = [...session.directedPresence];
    session.directedPresence.clear();
    if (!wasAvailable && directed.length === 0) return;
    const lists = await this.subscriptionLists(session.bare);
    const contacts = wasAvailable ? lists.from : [];
    await this.toContacts(session, presence, contacts, { whileOpen: false });
    const reached = new Set(contacts);
    for (const target of directed) {
      const to = tryParseJid(target);
      if (to === undefined || reached.has(to.bareString())) continue;
      await this.router.route(session.jid, to, addressed(presence, session.jid, to));
    }
    if (wasAvailable) this.toOwnResources(session, presence);
  }
}
