// RFC 6121 §8.5.2.1.1 / XEP-0160 §3: a user's stored messages go to the first resource that becomes
// available with a non-negative priority, oldest first, each marked with XEP-0203 <delay/> saying when
// the server stored it. Storage hands the messages over and deletes them in one step, so whatever
// cannot be handed to the session is written back: a message is never lost between the two.
import type { Logger } from 'pino';
import { tryParseJid } from '../../base/jid.js';
import { NS } from '../../base/namespaces.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import { isParseError, parseFragment } from '../../base/xml/fragment-parser.js';
import type { Router } from '../../core/router.js';
import type { Session, SessionTable } from '../../core/sessions.js';
import type { OfflineMessage, Storage } from '../../storage/storage.js';

export interface OfflineDeliveryDeps {
  storage: Storage;
  router: Router;
  sessions: SessionTable;
  log: Logger;
}

export function delayElement(domain: string, storedAt: number): XmlElement {
  return xml('delay', { xmlns: NS.delay, from: domain, stamp: new Date(storedAt).toISOString() }, 'Offline Storage');
}

export class OfflineDelivery {
  constructor(private readonly deps: OfflineDeliveryDeps) {}

  /** Returns how many messages were handed to the session. */
  async deliverTo(session: Session): Promise<number> {
    const { storage, router, log } = this.deps;
    // §8.5.2.1.1: a resource with a negative priority never receives messages addressed to the bare JID.
    if (session.priority < 0 || !this.isOpen(session)) return 0;
    const messages = await storage.offline.takeAll(session.bare);
    let delivered = 0;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i];
      // The stream limit was applied when the message came in; a node may allow stanzas larger than the default.
      const stanza = parseFragment(message.stanza, { maxStanzaBytes: Buffer.byteLength(message.stanza) });
      const from = tryParseJid(message.from);
      if (isParseError(stanza) || from === undefined) {
        log.warn({ what: 'offline_message_unreadable', user: session.bare, id: message.id });
        continue;
      }
      stanza.append(delayElement(session.jid.domain, message.storedAt));
      if (!this.isOpen(session) || !router.deliver(session, from, session.jid, stanza)) {
        await this.putBack(messages.slice(i));
        log.info({ what: 'offline_delivery_interrupted', user: session.bare, kept: messages.length - i });
        return delivered;
      }
      delivered++;
    }
    if (delivered > 0) log.debug({ what: 'offline_messages_delivered', jid: session.jid.toString(), count: delivered });
    return delivered;
  }

  private isOpen(session: Session): boolean {
    return this.deps.sessions.get(session.bare, session.jid.resource) === session;
  }

  /** Keeps the original storage time, so the <delay/> still tells the truth when they are delivered later. */
  private async putBack(messages: OfflineMessage[]): Promise<void> {
    for (const { to, from, stanza, storedAt } of messages) await this.deps.storage.offline.store({ to, from, stanza, storedAt });
  }
}
