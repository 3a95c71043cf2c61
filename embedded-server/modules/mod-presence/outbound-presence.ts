// RFC 6121 §4 presence sent by a client: §4.2 initial presence (broadcast, probes, the user's other
// resources, pending subscription requests of §3.1.3), §4.4 subsequent broadcasts, §4.5 unavailable,
// §4.6 directed presence; subscription stanzas (§3) go to the roster hooks.
import { tryParseJid, type Jid } from '../../base/jid.js';
import { stanzaError } from '../../base/stanza-errors.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import type { Hooks } from '../../core/hooks.js';
import type { Router } from '../../core/router.js';
import type { Session, SessionTable } from '../../core/sessions.js';
import { addressed, type PresenceBroadcast } from './presence-broadcast.js';
import { isSubscriptionType, parsePriority } from './presence-types.js';

export interface OutboundPresenceDeps {
  hooks: Hooks;
  router: Router;
  sessions: SessionTable;
  broadcast: PresenceBroadcast;
}

export class OutboundPresence {
  constructor(private readonly deps: OutboundPresenceDeps) {}

  /** Returns whether the stanza was dealt with; when not, the c2s routes it as it is. */
  async handle(session: Session, stanza: XmlElement, to: Jid | undefined): Promise<boolean> {
    const type = stanza.attrs.type;
    if (type === 'error') return false;
    if (isSubscriptionType(type)) {
      // A subscription stanza without 'to' has nobody to go to.
      if (to === undefined) return true;
      const { handled } = await this.deps.hooks.runAsync(
        'roster_out_subscription',
        { handled: false },
        { user: session.jid.bare(), contact: to.bare(), type, stanza },
      );
      return handled;
    }
    if (type === 'probe') {
      // §4.3: probes speak for the account, so they go out from the bare JID and the answer reaches every resource.
      if (to !== undefined) await this.deps.router.route(session.jid.bare(), to.bare(), addressed(xml('presence', { type: 'probe' }), session.jid.bare(), to.bare()));
      return true;
    }
    if (type !== undefined && type !== 'unavailable') {
      this.reject(session, stanza, `Unknown presence type "${type}"`);
      return true;
    }
    if (to !== undefined) {
      await this.directed(session, stanza, to);
      return true;
    }
    if (type === 'unavailable') {
      const wasAvailable = session.available;
      session.available = false;
      session.presence = undefined;
      await this.deps.broadcast.unavailable(session, withFrom(stanza, session.jid), wasAvailable);
      return true;
    }
    const priority = parsePriority(stanza);
    if (priority === undefined) {
      this.reject(session, stanza, 'The priority must be an integer from -128 to 127 (RFC 6121 §4.7.2.3)');
      return true;
    }
    await this.available(session, withFrom(stanza, session.jid), priority);
    return true;
  }

  /** §4.2.2 (initial) and §4.4.2 (subsequent) available presence. */
  private async available(session: Session, presence: XmlElement, priority: number): Promise<void> {
    const { broadcast, hooks } = this.deps;
    const initial = !session.available;
    session.available = true;
    session.priority = priority;
    session.presence = presence;
    const lists = await broadcast.subscriptionLists(session.bare);
    await broadcast.toContacts(session, presence, lists.from, { whileOpen: true });
    if (!broadcast.isOpen(session)) return;
    broadcast.toOwnResources(session, presence);
    if (!initial) return;
    await this.probe(session, lists.to);
    if (!broadcast.isOpen(session)) return;
    // §4.2.2: the new resource learns about the user's other available resources.
    for (const other of [...this.deps.sessions.resources(session.bare)]) {
      if (other === session || !other.available || other.presence === undefined) continue;
      this.deps.router.deliver(session, other.jid, session.jid, addressed(other.presence, other.jid, session.jid));
    }
    // §3.1.3: requests that arrived while the user was offline are delivered now.
    for (const contact of lists.pendingIn) {
      const from = tryParseJid(contact);
      if (from === undefined) continue;
      const request = xml('presence', { type: 'subscribe', from: from.toString(), to: session.bare });
      this.deps.router.deliver(session, from, session.jid, request);
    }
    await hooks.runAsync('user_available', null, { session });
  }

  /**
   * §4.2.2 / §4.3.1: probes to the contacts the user is subscribed to. They leave from the new
   * resource's full JID so the answers reach only it (the other resources already know).
   */
  private async probe(session: Session, contacts: readonly string[]): Promise<void> {
    for (const contact of contacts) {
      if (!this.deps.broadcast.isOpen(session)) return;
      const to = tryParseJid(contact);
      if (to === undefined) continue;
      await this.deps.router.route(session.jid, to, addressed(xml('presence', { type: 'probe' }), session.jid, to));
    }
  }

  /** §4.6.2: routed as addressed, and remembered so the entity hears when the session goes away. */
  private async directed(session: Session, stanza: XmlElement, to: Jid): Promise<void> {
    const target = to.toString();
    if (stanza.attrs.type === 'unavailable') session.directedPresence.delete(target);
    else if (to.bareString() !== session.bare) session.directedPresence.add(target);
    await this.deps.router.route(session.jid, to, addressed(stanza, session.jid, to), session);
  }

  /** RFC 6120 §8.3.3.1: a presence that breaks the schema comes back as <bad-request/>. */
  private reject(session: Session, stanza: XmlElement, text: string): void {
    const error = stanzaError(stanza, 'bad-request', { text });
    error.attrs.from = session.bare;
    error.attrs.to = session.jid.toString();
    this.deps.router.deliver(session, session.jid.bare(), session.jid, error);
  }
}

function withFrom(stanza: XmlElement, from: Jid): XmlElement {
  const copy = stanza.clone();
  copy.attrs.from = from.toString();
  delete copy.attrs.to;
  return copy;
}
