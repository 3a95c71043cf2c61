// XEP-0191: Blocking Command. Commands and pushes live in blocking-commands.ts; this file enforces the
// blocks: inbound stanzas from a blocked JID are refused (privacy_check_packet, §3.3), outbound stanzas
// to one bounce with <not-acceptable/><blocked/> (§3.3), the user's available presence never reaches
// one, and offline messages from one are refused.
import { tryParseJid, type Jid } from '../../base/jid.js';
import { NS } from '../../base/namespaces.js';
import { isErrorStanza, stanzaError } from '../../base/stanza-errors.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import type { SessionMessage } from '../../core/session-messages.js';
import { defineModule } from '../../core/server-module.js';
import { BlockListCache } from './block-list-cache.js';
import { blockingIqHandler } from './blocking-commands.js';

export type BlockingOptions = Record<string, never>;

/** Before mod_offline's offline_message handler, so a blocked sender's message is never stored. */
export const OFFLINE_PRIORITY = 10;

export const modBlocking = defineModule<BlockingOptions>({
  id: 'mod_blocking',
  start(ctx) {
    const cache = new BlockListCache(ctx.storage.blocklists, (user) => ctx.sessions.hasSessions(user));
    const hosts = new Set(ctx.hosts);

    /**
     * Never blocked: the user's own resources (the XEP-0016 rule XEP-0191 keeps) and the user's own
     * server, which a block of the user's domain would otherwise cut off (disco, ping, pushes).
     */
    function exempt(user: string, other: Jid): boolean {
      return other.bareString() === user || (other.local === '' && other.resource === '' && hosts.has(other.domain));
    }

    /**
     * §3.3 "appear offline": presence the server sends on a local user's behalf (broadcasts, probe
     * answers) never passes user_send_packet, so it is stopped where it is delivered. Only available
     * presence: unavailable is what the blocked JID should see, and subscription stanzas keep rosters
     * consistent (polite blocking, §4).
     */
    function blocksPresenceTo(sender: Jid, recipient: string, stanza: XmlElement): boolean {
      if (stanza.name !== 'presence' || stanza.attrs.type !== undefined || sender.local === '') return false;
      const senderList = cache.peek(sender.bareString());
      if (senderList === undefined || senderList.size === 0) return false;
      const to = tryParseJid(recipient);
      return to !== undefined && senderList.matches(to);
    }

    return {
      accountIq: { [NS.blocking]: blockingIqHandler(ctx, cache) },
      features: [NS.blocking],
      hooks: [
        {
          hook: 'user_open_session',
          priority: 50,
          handler: async (acc, { session }) => {
            await cache.load(session.bare);
            return acc;
          },
        },
        {
          hook: 'user_close_session',
          priority: 50,
          handler: (acc, { session }) => {
            if (!ctx.sessions.hasSessions(session.bare)) cache.drop(session.bare);
            return acc;
          },
        },
        {
          hook: 'remove_user',
          priority: 50,
          handler: (acc, { user }) => {
            cache.drop(user);
            return acc;
          },
        },
        {
          hook: 'privacy_check_packet',
          priority: 10,
          handler: (acc, { user, other, stanza, dir }) => {
            if (exempt(user, other)) return acc;
            if (cache.peek(user)?.matches(other) === true) return { stop: true, acc: 'block' };
            if (dir === 'in' && blocksPresenceTo(other, user, stanza)) return { stop: true, acc: 'block' };
            return acc;
          },
        },
        {
          hook: 'user_send_packet',
          priority: 10,
          handler: (acc, { session }) => {
            const stanza = acc.stanza;
            const toAttr = stanza.attrs.to;
            const list = cache.peek(session.bare);
            if (toAttr === undefined || list === undefined || list.size === 0) return acc;
            const to = tryParseJid(toAttr);
            if (to === undefined || exempt(session.bare, to) || !list.matches(to)) return acc;
            // §3.3: not routed; the sender learns why, unless the stanza is itself an error (RFC 6120 §8.3.1).
            if (!isErrorStanza(stanza)) {
              const error = stanzaError(stanza, 'not-acceptable', { extra: xml('blocked', { xmlns: NS.blockingErrors }) });
              error.attrs.from = to.toString();
              error.attrs.to = session.jid.toString();
              // Straight to the session: through the router the reply would meet the block it reports.
              const msg: SessionMessage = { type: 'deliver', from: to, to: session.jid, stanza: error };
              ctx.runtime.send(session.pid, msg);
            }
            return { stop: true, acc: { ...acc, drop: true } };
          },
        },
        {
          hook: 'privacy_check_account',
          priority: 10,
          handler: async (acc, { user, other }) => {
            if (exempt(user, other)) return acc;
            const list = await cache.read(user);
            return list.matches(other) ? { stop: true, acc: 'block' } : acc;
          },
        },
        {
          hook: 'offline_message',
          priority: OFFLINE_PRIORITY,
          handler: async (acc, { from, to }) => {
            if (exempt(to.bareString(), from)) return acc;
            const list = await cache.read(to.bareString());
            return list.matches(from) ? { stop: true, acc: 'blocked' } : acc;
          },
        },
      ],
      stop() {
        cache.clear();
      },
    };
  },
});
