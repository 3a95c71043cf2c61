// XEP-0191 §3.2–§3.5: the blocklist get, block and unblock commands, and the pushes that keep every
// interested resource (one that requested the blocklist, §3.2) in step.
import { parseJid, tryParseJid, type Jid } from '../../base/jid.js';
import { NS } from '../../base/namespaces.js';
import { stanzaError } from '../../base/stanza-errors.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import { iqResult } from '../../base/xml/stanza.js';
import type { IqHandler } from '../../core/iq-handlers.js';
import type { ModuleContext } from '../../core/server-module.js';
import type { BlockListCache } from './block-list-cache.js';
import { announceBlocked, announceUnblocked } from './block-presence.js';

/** session.data key; the value `true` marks a resource that requested the blocklist. */
export const INTERESTED = 'mod_blocking';

function itemsElement(name: 'block' | 'unblock' | 'blocklist', jids: string[]): XmlElement {
  const el = xml(name, { xmlns: NS.blocking });
  for (const jid of jids) el.c('item', { jid });
  return el;
}

/** Parses the <item jid/> children into normalized JIDs, or returns the error to answer with. */
function parseItems(iq: XmlElement, command: XmlElement): Jid[] | XmlElement {
  const jids: Jid[] = [];
  const seen = new Set<string>();
  for (const item of command.getChildren('item')) {
    const raw = item.attrs.jid;
    if (raw === undefined) return stanzaError(iq, 'bad-request', { text: 'Every <item/> needs a jid attribute' });
    const jid = tryParseJid(raw);
    if (jid === undefined) return stanzaError(iq, 'jid-malformed', { text: `'${raw}' is not a valid JID` });
    const key = jid.toString();
    if (!seen.has(key)) {
      seen.add(key);
      jids.push(jid);
    }
  }
  return jids;
}

export function blockingIqHandler(ctx: ModuleContext, cache: BlockListCache): IqHandler {
  let pushCounter = 0;

  /** §3.3–§3.5: the change goes to every resource that requested the blocklist. */
  function push(user: string, change: XmlElement): void {
    const from = parseJid(user);
    for (const session of ctx.sessions.resources(user)) {
      if (session.data.get(INTERESTED) !== true) continue;
      const iq = xml('iq', { type: 'set', id: `block-push-${++pushCounter}`, from: user, to: session.jid.toString() }, change.clone());
      ctx.router.deliver(session, from, session.jid, iq);
    }
  }

  async function block(iq: XmlElement, command: XmlElement, user: string): Promise<XmlElement> {
    const parsed = parseItems(iq, command);
    if (!Array.isArray(parsed)) return parsed;
    // §3.3: a block with no item is a bad request (an unblock with none means "all").
    if (parsed.length === 0) return stanzaError(iq, 'bad-request', { text: 'A block needs at least one <item/>' });
    await cache.load(user);
    const added = await ctx.storage.blocklists.add(user, parsed.map((j) => j.toString()));
    cache.peek(user)?.add(added);
    if (added.length > 0) {
      push(user, itemsElement('block', added));
      await announceBlocked(ctx, user, added.map((j) => parseJid(j)));
    }
    return iqResult(iq);
  }

  async function unblock(iq: XmlElement, command: XmlElement, user: string): Promise<XmlElement> {
    const parsed = parseItems(iq, command);
    if (!Array.isArray(parsed)) return parsed;
    await cache.load(user);
    let removed: string[];
    if (parsed.length === 0) {
      // §3.5: an empty unblock lifts every block, and the push is an empty <unblock/>.
      removed = await ctx.storage.blocklists.clear(user);
      cache.peek(user)?.clear();
      if (removed.length > 0) push(user, itemsElement('unblock', []));
    } else {
      removed = await ctx.storage.blocklists.remove(user, parsed.map((j) => j.toString()));
      cache.peek(user)?.remove(removed);
      if (removed.length > 0) push(user, itemsElement('unblock', removed));
    }
    await announceUnblocked(ctx, user, removed.map((j) => parseJid(j)));
    return iqResult(iq);
  }

  return async (iq, payload, { from, to, session }) => {
    const user = to.bareString();
    // §3: the commands have no 'to' (or the user's own bare JID); nobody manages another user's list.
    if (from.bareString() !== user) return stanzaError(iq, 'forbidden', { text: 'You can only manage your own blocklist' });
    const type = iq.attrs.type;
    if (payload.name === 'blocklist' && type === 'get') {
      const list = await cache.load(user);
      // §3.2: this resource now gets block and unblock pushes.
      session?.data.set(INTERESTED, true);
      return iqResult(iq, itemsElement('blocklist', list.items()));
    }
    if (payload.name === 'block' && type === 'set') return block(iq, payload, user);
    if (payload.name === 'unblock' && type === 'set') return unblock(iq, payload, user);
    return stanzaError(iq, 'bad-request', { text: 'Expected a get of <blocklist/> or a set of <block/> or <unblock/>' });
  };
}
