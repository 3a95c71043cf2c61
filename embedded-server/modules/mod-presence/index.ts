// RFC 6121 §4 (exchanging presence) and the presence half of §3: mod_presence. It takes every presence
// a client sends and every presence routed to a local user; subscription state lives in mod_roster,
// reached only through the roster_* hooks.
import { xml } from '../../base/xml/element.js';
import { defineModule } from '../../core/server-module.js';
import { InboundPresence } from './inbound-presence.js';
import { OutboundPresence } from './outbound-presence.js';
import { PresenceBroadcast } from './presence-broadcast.js';

export type PresenceOptions = Record<string, never>;

export const modPresence = defineModule<PresenceOptions>({
  id: 'mod_presence',
  start(ctx) {
    const { hooks, router, sessions, storage } = ctx;
    const broadcast = new PresenceBroadcast(hooks, router, sessions);
    const outbound = new OutboundPresence({ hooks, router, sessions, broadcast });
    const inbound = new InboundPresence({ hooks, router, sessions, storage });
    return {
      hooks: [
        {
          hook: 'user_send_presence',
          priority: 50,
          handler: async (acc, { session, stanza, to }) => (acc.handled ? acc : { handled: await outbound.handle(session, stanza, to) }),
        },
        {
          hook: 'user_receive_presence',
          priority: 50,
          handler: async (acc, { from, to, stanza }) => {
            if (acc.handled) return acc;
            await inbound.handle(from, to, stanza);
            return { handled: true };
          },
        },
        {
          // §4.5.2: a session that ends without saying goodbye still goes unavailable for everyone who saw it.
          hook: 'user_close_session',
          priority: 50,
          handler: async (acc, { session }) => {
            const wasAvailable = session.available;
            session.available = false;
            session.presence = undefined;
            const presence = xml('presence', { type: 'unavailable', from: session.jid.toString() });
            await broadcast.unavailable(session, presence, wasAvailable);
            return acc;
          },
        },
      ],
    };
  },
});
