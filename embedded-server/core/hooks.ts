// The hook catalog: every named hook the node runs, with the accumulator it folds and the arguments its
// handlers receive, declared once (like MongooseIM's mongoose_hooks). Handlers run by ascending priority,
// fold the accumulator, may stop the chain; a handler that throws is logged and skipped.
// Hooks on the stanza hot path are synchronous; the ones that touch storage are asynchronous.
import type { Jid } from '../base/jid.js';
import type { XmlElement } from '../base/xml/element.js';
import type { Session } from './sessions.js';

export interface SyncHooks {
  /** A stanza from a client, after `from` was stamped and before it is routed. Set `drop` to stop it. */
  user_send_packet: { acc: { stanza: XmlElement; drop?: boolean }; args: { session: Session } };
  /** A stanza about to be written to a client. Set `drop` to stop it. */
  user_receive_packet: { acc: { stanza: XmlElement; drop?: boolean }; args: { session: Session; from: Jid } };
  /**
   * Privacy decision for a stanza between a local user and another entity. dir 'in': `other` sends to `user`;
   * 'out': `user` sends to `other`. Checked only for users with a session (the cache is warm); offline
   * delivery asks `offline_message`.
   */
  privacy_check_packet: {
    acc: 'allow' | 'block';
    args: { user: string; other: Jid; stanza: XmlElement; dir: 'in' | 'out' };
  };
  /** Features the server advertises in disco#info (XEP-0030). */
  disco_local_features: { acc: string[]; args: { host: string } };
  /** Features advertised on a user's bare JID (e.g. XEP-0191 is on the server, vcard-temp on both). */
  disco_sm_features: { acc: string[]; args: { user: string } };
  /** Stream features offered after authentication, besides bind (e.g. roster versioning). */
  c2s_stream_features: { acc: XmlElement[]; args: { host: string } };
}

export interface AsyncHooks {
  /** After resource binding, before the client is told the bind succeeded. */
  user_open_session: { acc: null; args: { session: Session } };
  /** The session sent its first available presence (RFC 6121 §4.2); offline messages go out now. */
  user_available: { acc: null; args: { session: Session } };
  /** A message for a user with no session that can take it. The fold's result says what became of it. */
  offline_message: {
    acc: 'unhandled' | 'stored' | 'blocked' | 'full' | 'ignored';
    args: { from: Jid; to: Jid; stanza: XmlElement };
  };
  /** A session ended, however it ended (the session is already out of the table). Handlers must not fail. */
  user_close_session: { acc: null; args: { session: Session; reason: string } };
  /** A presence stanza from the client (all kinds: initial, broadcast, directed, subscriptions), `from` stamped. */
  user_send_presence: { acc: { handled: boolean }; args: { session: Session; stanza: XmlElement; to: Jid | undefined } };
  /** A presence routed to a local user (with or without sessions). */
  user_receive_presence: { acc: { handled: boolean }; args: { from: Jid; to: Jid; stanza: XmlElement } };
  /**
   * Privacy decision for an IQ get/set that another entity sends to a user's bare JID, which the server
   * answers on the account's behalf whether or not the user is online (XEP-0191 §3.3).
   */
  privacy_check_account: { acc: 'allow' | 'block'; args: { user: string; other: Jid; stanza: XmlElement } };
  /** A user account is being removed; modules drop their data. */
  remove_user: { acc: null; args: { user: string } };
  /**
   * RFC 6121 §3 outbound: a local user sent subscribe/subscribed/unsubscribe/unsubscribed to `contact`
   * (both bare JIDs). The roster module updates the user's roster, pushes the change and routes the
   * stanza (from the user's bare JID) when Appendix A.2 says so; `handled` tells the caller not to route it.
   */
  roster_out_subscription: {
    acc: { handled: boolean };
    args: { user: Jid; contact: Jid; type: 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed'; stanza: XmlElement };
  };
  /**
   * RFC 6121 §3 inbound: a subscription stanza from `contact` reached local `user` (both bare JIDs). The
   * roster module applies Appendix A.3; the fold says whether to deliver it to the user's available resources.
   */
  roster_in_subscription: {
    acc: 'unhandled' | 'deliver' | 'drop';
    args: { user: Jid; contact: Jid; type: 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed'; stanza: XmlElement };
  };
  /** RFC 6121 §4: a user's contacts (bare JID strings) by direction, for broadcast, probes and pending requests. */
  roster_get_subscription_lists: { acc: { from: string[]; to: string[]; pendingIn: string[] }; args: { user: string } };
  /** RFC 6121 §4.3.2: the subscription state of `contact` in `user`'s roster (both bare JID strings), e.g. to authorize a probe. */
  roster_get_subscription: { acc: 'none' | 'to' | 'from' | 'both'; args: { user: string; contact: string } };
}

export type HookName = keyof SyncHooks | keyof AsyncHooks;
type SyncName = keyof SyncHooks;
type AsyncName = keyof AsyncHooks;

/** What a handler returns: the new accumulator, optionally telling the runner to stop the chain. */
export type HookResult<A> = A | { stop: true; acc: A };

export type SyncHandler<N extends SyncName> = (acc: SyncHooks[N]['acc'], args: SyncHooks[N]['args']) => HookResult<SyncHooks[N]['acc']>;
export type AsyncHandler<N extends AsyncName> = (
  acc: AsyncHooks[N]['acc'],
  args: AsyncHooks[N]['args'],
) => Promise<HookResult<AsyncHooks[N]['acc']>> | HookResult<AsyncHooks[N]['acc']>;

export type HookRegistration =
  | { [N in SyncName]: { hook: N; priority: number; handler: SyncHandler<N> } }[SyncName]
  | { [N in AsyncName]: { hook: N; priority: number; handler: AsyncHandler<N> } }[AsyncName];

interface Entry {
  priority: number;
  owner: string;
  handler: (acc: unknown, args: unknown) => unknown;
}

export interface HookErrorSink {
  (hook: HookName, owner: string, err: unknown): void;
}

function isStop(value: unknown): value is { stop: true; acc: unknown } {
  return typeof value === 'object' && value !== null && (value as { stop?: unknown }).stop === true && 'acc' in value;
}

export class Hooks {
  private readonly table = new Map<HookName, Entry[]>();

  constructor(private readonly onError: HookErrorSink) {}

  /** Adds a module's handlers; returns a function that removes exactly those handlers. */
  add(owner: string, registrations: HookRegistration[]): () => void {
    const added: [HookName, Entry][] = [];
    for (const reg of registrations) {
      const entry: Entry = { priority: reg.priority, owner, handler: reg.handler as Entry['handler'] };
      const list = this.table.get(reg.hook) ?? [];
      list.push(entry);
      list.sort((a, b) => a.priority - b.priority);
      this.table.set(reg.hook, list);
      added.push([reg.hook, entry]);
    }
    return () => {
      for (const [hook, entry] of added) {
        const list = this.table.get(hook);
        if (!list) continue;
        const i = list.indexOf(entry);
        if (i >= 0) list.splice(i, 1);
      }
    };
  }

  has(hook: HookName): boolean {
    return (this.table.get(hook)?.length ?? 0) > 0;
  }

  run<N extends SyncName>(hook: N, acc: SyncHooks[N]['acc'], args: SyncHooks[N]['args']): SyncHooks[N]['acc'] {
    const list = this.table.get(hook);
    if (list === undefined) return acc;
    let value: unknown = acc;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      try {
        const out = entry.handler(value, args);
        if (isStop(out)) return out.acc as SyncHooks[N]['acc'];
        value = out;
      } catch (err) {
        this.onError(hook, entry.owner, err);
      }
    }
    return value as SyncHooks[N]['acc'];
  }

  async runAsync<N extends AsyncName>(hook: N, acc: AsyncHooks[N]['acc'], args: AsyncHooks[N]['args']): Promise<AsyncHooks[N]['acc']> {
    const list = this.table.get(hook);
    if (list === undefined) return acc;
    let value: unknown = acc;
    for (const entry of [...list]) {
      try {
        const out = await entry.handler(value, args);
        if (isStop(out)) return out.acc as AsyncHooks[N]['acc'];
        value = out;
      } catch (err) {
        this.onError(hook, entry.owner, err);
      }
    }
    return value as AsyncHooks[N]['acc'];
  }
}
