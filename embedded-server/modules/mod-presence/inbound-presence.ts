// RFC 6121 presence arriving for a local user: §3 subscription stanzas (through the roster hooks),
// §4.3.2 probes answered on the user's behalf, and the §8.5.2 / §8.5.3 delivery rules for presence to
// a bare JID (every available resource) or a full JID (that resource only).
import type { Jid } from '../../base/jid.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import type { Hooks } from '../../core/hooks.js';
import type { Router } from '../../core/router.js';
import type { SessionTable } from '../../core/sessions.js';
import type { Storage } from '../../storage/storage.js';
import { addressed } from './presence-broadcast.js';
import { isSubscriptionType } from './presence-types.js';

export interface InboundPresenceDeps {
  hooks: Hooks;
  router: Router;
  sessions: SessionTable;
  storage: Storage;
}

export class InboundPresence {
  constructor(private readonly deps: InboundPresenceDeps) {}

  async handle(from: Jid, to: Jid, stanza: XmlElement): Promise<void> {
    const type = stanza.attrs.type;
    if (isSubscriptionType(type)) {
      // §3.1.3 and friends: a full 'to' is treated as the bare JID; the roster decides whether the user sees it.
      const decision = await this.deps.hooks.runAsync('roster_in_subscription', 'unhandled', {
        user: to.bare(),
        contact: from.bare(),
        type,
        stanza,
      });
      if (decision !== 'drop') this.toAvailableResources(from, to.bare(), stanza);
      return;
    }
    if (type === 'probe') return this.answerProbe(from, to);
    if (to.resource === '') {
      // §8.5.2.1.1: to every available resource; §8.5.2.2.1: with none, presence is dropped.
      this.toAvailableResources(from, to, stanza);
      return;
    }
    // §8.5.3.1: a connected resource gets it; §8.5.3.2.2: no such resource, silently ignored.
    const session = this.deps.sessions.get(to.bareString(), to.resource);
    if (session !== undefined) this.deps.router.deliver(session, from, to, stanza.clone());
  }

  private toAvailableResources(from: Jid, to: Jid, stanza: XmlElement): void {
    for (const session of [...this.deps.sessions.resources(to.bareString())]) {
      if (!session.available) continue;
      this.deps.router.deliver(session, from, session.jid, addressed(stanza, from, to));
    }
  }

  /**
   * §4.3.2: the prober must have a subscription to the user ('from' or 'both' in the user's roster).
   * Then each available resource answers with its last presence; with none, unavailable. An
   * unauthorized prober gets "unsubscribed", which also mends a roster that wrongly says 'to'.
   */
  private async answerProbe(from: Jid, to: Jid): Promise<void> {
    const { hooks, router, sessions, storage } = this.deps;
    const user = to.bare();
    const bare = user.toString();
    if (from.bareString() !== bare) {
      const subscription = await hooks.runAsync('roster_get_subscription', 'none', { user: bare, contact: from.bareString() });
      if (subscription !== 'from' && subscription !== 'both') {
        // §8.5.1: for an account that does not exist, saying nothing reveals nothing.
        if (hooks.has('roster_get_subscription') && (await storage.users.exists(bare))) {
          await router.route(user, from.bare(), addressed(xml('presence', { type: 'unsubscribed' }), user, from.bare()));
        }
        return;
      }
    }
    let answered = false;
    for (const session of [...sessions.resources(bare)]) {
      if (!session.available || session.presence === undefined) continue;
      answered = true;
      await router.route(session.jid, from, addressed(session.presence, session.jid, from));
    }
    if (!answered) await router.route(user, from, addressed(xml('presence', { type: 'unavailable' }), user, from));
  }
}
