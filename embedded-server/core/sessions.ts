// RFC 6120 §7 / RFC 6121 §1.5: the session table. One entry per bound resource; the router reads it on
// every stanza, so lookups are two Map gets. It is owned by the node and mutated only from the c2s
// processes that open and close sessions (single-threaded: no locking needed).
import type { Jid } from '../base/jid.js';
import type { XmlElement } from '../base/xml/element.js';
import type { Pid } from '../runtime/index.js';

export type Transport = 'tcp' | 'websocket';

export interface Session {
  readonly pid: Pid;
  /** Full JID of the bound resource. */
  readonly jid: Jid;
  /** Bare JID string, the key of the user's session group. */
  readonly bare: string;
  readonly transport: Transport;
  readonly startedAt: number;
  /** The client's address, for logs. */
  readonly peer: string;
  /** RFC 6121 §4.2: the session sent initial presence and has not gone unavailable since. */
  available: boolean;
  priority: number;
  /** The last broadcast (undirected, available) presence the client sent. */
  presence: XmlElement | undefined;
  /** RFC 6121 §2.1.6: an interested resource requested the roster and gets roster pushes. */
  rosterRequested: boolean;
  /** RFC 6121 §4.6: JIDs that received directed presence; they get unavailable when the session ends. */
  readonly directedPresence: Set<string>;
  /** Per-module session state, keyed by module id. */
  readonly data: Map<string, unknown>;
}

export type NewSession = Pick<Session, 'pid' | 'jid' | 'transport' | 'peer'>;

export class SessionTable {
  private readonly byBare = new Map<string, Map<string, Session>>();
  private total = 0;
  private readonly perTransport: Record<Transport, number> = { tcp: 0, websocket: 0 };

  /**
   * Registers a bound resource. When the full JID is already bound, the old session is returned so the
   * caller can terminate it with <conflict/> (RFC 6120 §7.7.2.2, "override the old session").
   */
  open(init: NewSession, now: number): { session: Session; replaced: Session | undefined } {
    const bare = init.jid.bareString();
    const replaced = this.byBare.get(bare)?.get(init.jid.resource);
    if (replaced !== undefined) this.forget(replaced);
    let group = this.byBare.get(bare);
    if (group === undefined) {
      group = new Map();
      this.byBare.set(bare, group);
    }
    const session: Session = {
      ...init,
      bare,
      startedAt: now,
      available: false,
      priority: 0,
      presence: undefined,
      rosterRequested: false,
      directedPresence: new Set(),
      data: new Map(),
    };
    group.set(init.jid.resource, session);
    this.total++;
    this.perTransport[session.transport]++;
    return { session, replaced };
  }

  /** Removes the session if it is still the one registered under its full JID. */
  close(session: Session): boolean {
    const current = this.byBare.get(session.bare)?.get(session.jid.resource);
    if (current !== session) return false;
    this.forget(session);
    return true;
  }

  private forget(session: Session): void {
    const group = this.byBare.get(session.bare);
    if (group === undefined) return;
    if (group.delete(session.jid.resource)) {
      this.total--;
      this.perTransport[session.transport]--;
    }
    if (group.size === 0) this.byBare.delete(session.bare);
  }

  get(bare: string, resource: string): Session | undefined {
    return this.byBare.get(bare)?.get(resource);
  }

  /** All sessions of a user (any availability). */
  resources(bare: string): Iterable<Session> {
    return this.byBare.get(bare)?.values() ?? [];
  }

  hasSessions(bare: string): boolean {
    return this.byBare.has(bare);
  }

  /** RFC 6121 §8.5.2.1.1: the available resources with the highest non-negative priority. */
  highestPriority(bare: string): Session[] {
    const group = this.byBare.get(bare);
    if (group === undefined) return [];
    let best: Session[] = [];
    let bestPriority = -1;
    for (const s of group.values()) {
      if (!s.available || s.priority < 0) continue;
      if (s.priority > bestPriority) {
        bestPriority = s.priority;
        best = [s];
      } else if (s.priority === bestPriority) best.push(s);
    }
    return best;
  }

  count(): number {
    return this.total;
  }

  countByTransport(): Readonly<Record<Transport, number>> {
    return this.perTransport;
  }

  userCount(): number {
    return this.byBare.size;
  }

  *all(): IterableIterator<Session> {
    for (const group of this.byBare.values()) yield* group.values();
  }
}
