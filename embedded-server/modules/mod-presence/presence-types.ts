// RFC 6121 §4.7.1 presence types and §4.7.2.3 priority, as this module reads them off the wire.
import type { XmlElement } from '../../base/xml/element.js';

export type SubscriptionType = 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed';

const SUBSCRIPTION_TYPES: ReadonlySet<string> = new Set(['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed']);

export function isSubscriptionType(type: string | undefined): type is SubscriptionType {
  return type !== undefined && SUBSCRIPTION_TYPES.has(type);
}

/** An integer from -128 to 127; absent means 0; anything else is undefined (a <bad-request/>). */
export function parsePriority(stanza: XmlElement): number | undefined {
  const el = stanza.getChild('priority');
  if (el === undefined) return 0;
  const text = el.text().trim();
  if (!/^[+-]?\d{1,3}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= -128 && value <= 127 ? value : undefined;
}
