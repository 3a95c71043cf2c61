// XEP-0191 §6 JID matching (the XEP-0016 rules): an item <user@domain/resource> matches only that full
// JID, <user@domain> any resource of it, <domain/resource> only that JID, <domain> the domain and every
// JID at it. Items are kept as normalized JID strings, so a match is at most four set lookups.
import type { Jid } from '../../base/jid.js';

export class BlockList {
  private readonly jids: Set<string>;

  constructor(jids: Iterable<string> = []) {
    this.jids = new Set(jids);
  }

  get size(): number {
    return this.jids.size;
  }

  items(): string[] {
    return [...this.jids].sort();
  }

  /** Whether any item matches `other`. */
  matches(other: Jid): boolean {
    const set = this.jids;
    if (set.size === 0) return false;
    const { local, domain, resource } = other;
    if (set.has(domain)) return true;
    if (local !== '') {
      const bare = `${local}@${domain}`;
      if (set.has(bare)) return true;
      if (resource !== '' && set.has(`${bare}/${resource}`)) return true;
    } else if (resource !== '' && set.has(`${domain}/${resource}`)) return true;
    return false;
  }

  /** Whether the item `item` (a normalized JID string) matches `other`. */
  static itemMatches(item: Jid, other: Jid): boolean {
    if (item.domain !== other.domain) return false;
    if (item.local === '' && item.resource === '') return true;
    if (item.local !== other.local) return false;
    return item.resource === '' ? item.local !== '' : item.resource === other.resource;
  }

  add(jids: Iterable<string>): void {
    for (const jid of jids) this.jids.add(jid);
  }

  remove(jids: Iterable<string>): void {
    for (const jid of jids) this.jids.delete(jid);
  }

  clear(): void {
    this.jids.clear();
  }
}
