// RFC 6121 §8.5.2.2.1 "store the message offline", bounded per user (XEP-0160 §4 lets a server refuse
// once a user's storage is full; the router then tells the sender). 'stored' is said only after the
// storage promise resolved, i.e. the message is durable.
import type { Jid } from '../../base/jid.js';
import type { XmlElement } from '../../base/xml/element.js';
import type { Storage } from '../../storage/storage.js';
import { offlineDecision } from './offline-policy.js';

export type IntakeOutcome = 'stored' | 'ignored' | 'full';

export class OfflineIntake {
  /** Count-then-store runs one message at a time per user, or concurrent senders could overfill the quota. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly storage: Storage,
    private readonly maxMessages: number,
    private readonly now: () => number,
  ) {}

  offer(from: Jid, to: Jid, stanza: XmlElement): Promise<IntakeOutcome> | IntakeOutcome {
    if (offlineDecision(stanza) === 'ignore') return 'ignored';
    const user = to.bareString();
    return this.oneAtATime(user, async () => {
      if ((await this.storage.offline.count(user)) >= this.maxMessages) return 'full';
      const copy = stanza.clone();
      copy.attrs.from ??= from.toString();
      copy.attrs.to ??= to.toString();
      await this.storage.offline.store({ to: user, from: from.toString(), stanza: copy.toString(), storedAt: this.now() });
      return 'stored';
    });
  }

  private oneAtATime<T>(user: string, step: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(user) ?? Promise.resolve()).then(step);
    const tail = result.catch(() => undefined);
    this.tails.set(user, tail);
    void tail.then(() => {
      if (this.tails.get(user) === tail) this.tails.delete(user);
    });
    return result;
  }
}
