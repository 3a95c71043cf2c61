// RFC 6121 §2.1.6 roster push: every change goes to all of the user's interested resources (those that
// requested the roster), including the one that caused it. Pushes come from the user's bare JID so
// clients accept them (§2.1.6: a push from anyone else must be ignored).
import type { Jid } from '../../base/jid.js';
import { NS } from '../../base/namespaces.js';
import { xml, type XmlElement } from '../../base/xml/element.js';
import type { Router } from '../../core/router.js';
import type { SessionTable } from '../../core/sessions.js';

export class RosterPusher {
  private sequence = 0;

  constructor(
    private readonly sessions: SessionTable,
    private readonly router: Router,
    /** Whether pushes carry the roster version (§2.6.1). */
    private readonly versioning: boolean,
  ) {}

  /** Sends one push per interested resource; returns how many went out. */
  push(user: Jid, item: XmlElement, version: string | undefined): number {
    const bare = user.bareString();
    let sent = 0;
    for (const session of this.sessions.resources(bare)) {
      if (!session.rosterRequested) continue;
      const query = xml('query', this.versioning && version !== undefined ? { xmlns: NS.roster, ver: version } : { xmlns: NS.roster });
      query.append(item.clone());
      const iq = xml('iq', { type: 'set', id: `roster-push-${++this.sequence}`, from: bare, to: session.jid.toString() }, query);
      if (this.router.deliver(session, user, session.jid, iq)) sent++;
    }
    return sent;
  }
}
