// The node's storage contract. Every adapter (adapters/sqlite today, PostgreSQL later) implements
// this interface and passes the shared suite in storage-suite.ts. Methods are async so that
// network databases fit; a promise that resolves means the write is durable (it survives kill -9).
// Users are keyed by their bare JID string ("alice@localhost"), already normalized.
import type { ScramCredentials } from '../base/sasl/scram-credentials.js';

export type Subscription = 'none' | 'to' | 'from' | 'both';

/** RFC 6121 §3 "pending" flags: ask=out is our outbound request, pendingIn an inbound one we hold. */
export interface RosterItem {
  jid: string;
  name?: string;
  subscription: Subscription;
  /** An outbound subscription request is pending ("ask='subscribe'" on the wire). */
  askOut: boolean;
  /** An inbound subscription request waits for the user's answer (stored, redelivered at login). */
  pendingIn: boolean;
  /** The user pre-approved the contact's subscription (RFC 6121 §3.4). */
  approved: boolean;
  groups: string[];
}

export interface Roster {
  /** Monotonic per-user version, as a decimal string (RFC 6121 §2.6 roster versioning). */
  version: string;
  items: RosterItem[];
}

export interface UserCredentials {
  scramSha1: ScramCredentials;
  scramSha256: ScramCredentials;
}

export interface NewUser {
  jid: string;
  credentials: UserCredentials;
}

export interface OfflineMessage {
  id: number;
  to: string;
  from: string;
  /** The stanza as serialized XML. */
  stanza: string;
  /** When the server stored it (ms since epoch), for XEP-0203 <delay/>. */
  storedAt: number;
}

export interface UserStore {
  /** Creates a user; rejects with StorageError code 'user_exists' when the JID is taken. */
  create(user: NewUser): Promise<void>;
  /** Creates many users in one transaction; returns how many were created (existing ones skipped). */
  createMany(users: NewUser[]): Promise<number>;
  /** Deletes the user and everything stored for them; returns false when there was no such user. */
  delete(jid: string): Promise<boolean>;
  exists(jid: string): Promise<boolean>;
  getCredentials(jid: string): Promise<UserCredentials | undefined>;
  setCredentials(jid: string, credentials: UserCredentials): Promise<boolean>;
  /** Bare JIDs sorted, optionally limited to one host. */
  list(opts?: { host?: string; limit?: number; offset?: number }): Promise<string[]>;
  count(host?: string): Promise<number>;
}

export interface RosterStore {
  get(user: string): Promise<Roster>;
  getItem(user: string, contact: string): Promise<RosterItem | undefined>;
  /** Inserts or replaces the item; returns the new roster version. */
  setItem(user: string, item: RosterItem): Promise<string>;
  /** Removes the item; returns the new roster version, or undefined when there was no item. */
  removeItem(user: string, contact: string): Promise<string | undefined>;
}

export interface OfflineStore {
  store(msg: Omit<OfflineMessage, 'id'>): Promise<void>;
  count(user: string): Promise<number>;
  /** Returns the user's offline messages oldest first and deletes them, in one transaction. */
  takeAll(user: string): Promise<OfflineMessage[]>;
}

export interface VCardStore {
  /** The vCard as serialized XML (<vCard xmlns='vcard-temp'>...), or undefined. */
  get(user: string): Promise<string | undefined>;
  set(user: string, vcardXml: string): Promise<void>;
}

export interface PrivateStore {
  /** XEP-0049: one XML fragment per (user, namespace). */
  get(user: string, namespace: string): Promise<string | undefined>;
  set(user: string, namespace: string, xmlFragment: string): Promise<void>;
}

export interface BlockListStore {
  get(user: string): Promise<string[]>;
  /** Adds JIDs (duplicates ignored); returns the JIDs that were actually added. */
  add(user: string, jids: string[]): Promise<string[]>;
  /** Removes JIDs; returns the JIDs that were actually removed. */
  remove(user: string, jids: string[]): Promise<string[]>;
  /** Removes every entry; returns the removed JIDs. */
  clear(user: string): Promise<string[]>;
}

export interface Storage {
  readonly backend: string;
  readonly users: UserStore;
  readonly rosters: RosterStore;
  readonly offline: OfflineStore;
  readonly vcards: VCardStore;
  readonly privateStorage: PrivateStore;
  readonly blocklists: BlockListStore;
  close(): Promise<void>;
}

export type StorageErrorCode = 'user_exists' | 'not_found' | 'migration_failed' | 'unavailable' | 'invalid_argument';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
