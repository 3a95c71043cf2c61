// RFC 6121 §2.1.2 roster items on the wire, and the §2.3.3 / §2.5.3 checks a roster set must pass.
import { tryParseJid, type Jid } from '../../base/jid.js';
import type { StanzaErrorCondition } from '../../base/stanza-errors.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import type { RosterItem } from '../../storage/storage.js';

/** §2.3.3 lets the server pick its own limits for names and group names (in characters). */
export const MAX_NAME_LENGTH = 1023;
export const MAX_GROUP_LENGTH = 1023;

export function itemElement(item: RosterItem): XmlElement {
  const attrs: Record<string, string> = { jid: item.jid, subscription: item.subscription };
  if (item.name !== undefined) attrs.name = item.name;
  if (item.askOut) attrs.ask = 'subscribe';
  // §2.1.2.1: 'approved' is only worth saying when true, and only while the contact is not yet subscribed.
  if (item.approved) attrs.approved = 'true';
  const el = xml('item', attrs);
  for (const group of item.groups) el.append(xml('group', null, group));
  return el;
}

export function removedItemElement(jid: string): XmlElement {
  return xml('item', { jid, subscription: 'remove' });
}

/**
 * An item that exists only to remember an inbound request from someone the user never added
 * (Appendix A "None + Pending In"). The user has not put it in their roster, so it is neither listed
 * in roster results nor pushed; the request itself reaches the user as a presence stanza.
 */
export function isHidden(item: RosterItem): boolean {
  return (
    item.subscription === 'none' &&
    item.pendingIn &&
    !item.askOut &&
    !item.approved &&
    item.name === undefined &&
    item.groups.length === 0
  );
}

/** Nothing left worth keeping: no subscription, nothing pending, no user-given data. */
export function isBlank(item: RosterItem): boolean {
  return (
    item.subscription === 'none' &&
    !item.pendingIn &&
    !item.askOut &&
    !item.approved &&
    item.name === undefined &&
    item.groups.length === 0
  );
}

/** Whether a client would see a difference between the two (pending-in is not on the wire). */
export function wireDiffers(a: RosterItem, b: RosterItem): boolean {
  return (
    a.subscription !== b.subscription ||
    a.askOut !== b.askOut ||
    a.approved !== b.approved ||
    a.name !== b.name ||
    a.groups.length !== b.groups.length ||
    a.groups.some((g, i) => g !== b.groups[i])
  );
}

export function blankItem(jid: string): RosterItem {
  return { jid, subscription: 'none', askOut: false, pendingIn: false, approved: false, groups: [] };
}

export type RosterSetRequest =
  | { kind: 'remove'; jid: Jid }
  | { kind: 'update'; jid: Jid; name: string | undefined; groups: string[] }
  | { kind: 'invalid'; condition: StanzaErrorCondition; text: string };

function invalid(condition: StanzaErrorCondition, text: string): RosterSetRequest {
  return { kind: 'invalid', condition, text };
}

/**
 * §2.3.3: exactly one item; §2.1.2.5: a 'subscription' other than "remove" is ignored, as are 'ask'
 * and 'approved' (clients change those with presence stanzas); §2.3.3 names the error for each flaw.
 */
export function parseRosterSet(query: XmlElement, user: Jid): RosterSetRequest {
  const items = query.getChildren('item');
  if (items.length !== 1 || query.elements().length !== 1) {
    return invalid('bad-request', 'A roster set must contain exactly one <item/> (RFC 6121 §2.3.3)');
  }
  const item = items[0];
  const jidAttr = item.attrs.jid;
  if (jidAttr === undefined) return invalid('bad-request', 'The roster item has no jid attribute');
  const jid = tryParseJid(jidAttr);
  if (jid === undefined) return invalid('jid-malformed', 'The roster item jid is not a valid JID');
  if (item.attrs.subscription === 'remove') return { kind: 'remove', jid };
  if (jid.bareString() === user.bareString()) {
    return invalid('not-allowed', 'A user cannot add their own account to their roster');
  }
  const name = item.attrs.name;
  if (name !== undefined && [...name].length > MAX_NAME_LENGTH) {
    return invalid('not-acceptable', `The item name is longer than ${MAX_NAME_LENGTH} characters`);
  }
  const groups: string[] = [];
  for (const group of item.getChildren('group')) {
    const text = group.text();
    if (text === '') return invalid('not-acceptable', 'A roster group name cannot be empty (RFC 6121 §2.3.3)');
    if ([...text].length > MAX_GROUP_LENGTH) {
      return invalid('not-acceptable', `A roster group name is longer than ${MAX_GROUP_LENGTH} characters`);
    }
    if (groups.includes(text)) return invalid('bad-request', `The group "${text}" is listed twice (RFC 6121 §2.3.3)`);
    groups.push(text);
  }
  return { kind: 'update', jid, name: name === '' ? undefined : name, groups };
}
