// XEP-0160 (Best Practices for Handling Offline Messages) §3 and XEP-0334 (Message Processing Hints):
// which messages for an offline user are worth storing. Only chat and normal messages are stored
// (RFC 6121 §8.5.2.2.1); a message that carries nothing but a chat state (XEP-0085) or hints is
// transient — storing "is typing" for someone who reads it hours later helps nobody.
import type { XmlElement } from '../../base/xml/element.js';

export const CHATSTATES_NS = 'http://jabber.org/protocol/chatstates';
export const HINTS_NS = 'urn:xmpp:hints';

export type StoreDecision = 'store' | 'ignore';

/** Elements that carry no content of their own: the thread id, chat states and processing hints. */
function isTransient(child: XmlElement): boolean {
  const ns = child.attrs.xmlns;
  if (ns === CHATSTATES_NS || ns === HINTS_NS) return true;
  return child.name === 'thread' && (ns === undefined || ns === 'jabber:client');
}

export function offlineDecision(stanza: XmlElement): StoreDecision {
  const type = stanza.attrs.type ?? 'normal';
  if (type !== 'chat' && type !== 'normal') return 'ignore';
  // XEP-0334 §4.3/§4.4: the sender asked us not to keep it; §4.5: the sender asked us to keep it.
  if (stanza.getChild('no-store', HINTS_NS) !== undefined || stanza.getChild('no-permanent-store', HINTS_NS) !== undefined) {
    return 'ignore';
  }
  if (stanza.getChild('store', HINTS_NS) !== undefined) return 'store';
  // A body, a subject, or any payload (an invitation, an encrypted message, a receipt) is worth keeping.
  return stanza.elements().some((child) => !isTransient(child)) ? 'store' : 'ignore';
}
