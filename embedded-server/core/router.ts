// RFC 6120 §10 (server rules for processing XML stanzas) and RFC 6121 §8 (delivery rules for
// message, presence and IQ to local accounts). The router is called in the sending process; stanzas
// to online sessions are handed to the recipient's c2s process mailbox without awaiting anything.
// Only paths that need storage (offline delivery, existence checks) are asynchronous.
import { performance } from 'node:perf_hooks';
import type { Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Jid } from '../base/jid.js';
import type { XmlElement } from '../base/xml/element.js';
import { isErrorStanza, stanzaError, type StanzaErrorCondition } from '../base/stanza-errors.js';
import type { Runtime } from '../runtime/index.js';
import type { Hooks } from './hooks.js';
import type { IqHandlers } from './iq-handlers.js';
import type { SessionMessage } from './session-messages.js';
import type { Session, SessionTable } from './sessions.js';
import { stanzaMeta, type RouteOutcome, type StanzaKind, type StanzaMeta, type Telemetry } from './telemetry.js';

export interface RouterDeps {
  hosts: ReadonlySet<string>;
  sessions: SessionTable;
  hooks: Hooks;
  runtime: Runtime;
  /** IQs addressed to the server itself (to = domain). */
  serverIq: IqHandlers;
  /** IQs addressed to an account's bare JID, handled by the server on the account's behalf. */
  accountIq: IqHandlers;
  userExists(bare: string): Promise<boolean>;
  log: Logger;
  telemetry: Telemetry;
}

function kindOf(stanza: XmlElement): StanzaKind | undefined {
  const name = stanza.name;
  return name === 'message' || name === 'presence' || name === 'iq' ? name : undefined;
}

// Span attributes made only for kept traces (SpanStack.describe): one row each instead of one per attribute.
const describeStanza = (stanza: XmlElement) => ({ 'xmpp.kind': stanza.name, 'xmpp.type': stanza.attrs.type ?? '' });
const describeDelivery = (session: Session) => ({ 'xmpp.to': session.jid.toString(), 'runtime.pid': session.pid });

export interface RouteCounters {
  routed: number;
  delivered: number;
  bounced: number;
  offline: number;
  dropped: number;
}

export class Router {
  readonly counters: RouteCounters = { routed: 0, delivered: 0, bounced: 0, offline: 0, dropped: 0 };

  constructor(private readonly deps: RouterDeps) {}

  isLocalDomain(domain: string): boolean {
    return this.deps.hosts.has(domain);
  }

  /**
   * Routes a stanza whose `from` is already stamped. `origin` is the sender's session when a local
   * client sent it. The returned promise (if any) settles when storage work is done.
   */
  route(from: Jid, to: Jid, stanza: XmlElement, origin?: Session, meta?: StanzaMeta): void | Promise<void> {
    this.counters.routed++;
    const { spans } = this.deps.telemetry;
    spans.open('router.route', undefined, describeStanza, stanza);
    spans.attribute('xmpp.from', from);
    spans.attribute('xmpp.to', to);
    let result: void | Promise<void>;
    try {
      result = this.dispatch(from, to, stanza, origin, meta);
    } catch (err) {
      spans.fail(String(err));
      spans.close();
      throw err;
    }
    if (result instanceof Promise) {
      const end = spans.detach();
      return result.then(
        () => end(),
        (err: unknown) => {
          end(String(err));
          throw err;
        },
      );
    }
    spans.close();
  }

  private outcome(stanza: XmlElement, outcome: RouteOutcome): void {
    const kind = kindOf(stanza);
    if (kind !== undefined) this.deps.telemetry.metrics.routed(kind, outcome);
  }

  private dispatch(from: Jid, to: Jid, stanza: XmlElement, origin: Session | undefined, meta: StanzaMeta | undefined): void | Promise<void> {
    if (!this.deps.hosts.has(to.domain)) {
      // No server-to-server connections: every remote domain is unreachable (RFC 6120 §10.4.3).
      return this.bounce(from, to, stanza, 'remote-server-not-found');
    }
    if (to.local === '') return this.routeToServer(from, to, stanza, origin);
    switch (stanza.name) {
      case 'message':
        return this.routeMessage(from, to, stanza, meta);
      case 'presence':
        return this.routePresence(from, to, stanza);
      case 'iq':
        return this.routeIq(from, to, stanza, origin, meta);
      default:
        this.drop(stanza);
        return;
    }
  }

  /** Hands a stanza to one session's process after the inbound privacy check. */
  deliver(session: Session, from: Jid, to: Jid, stanza: XmlElement, meta?: StanzaMeta): boolean {
    const { hooks, runtime, telemetry } = this.deps;
    if (hooks.run('privacy_check_packet', 'allow', { user: session.bare, other: from, stanza, dir: 'in' }) === 'block') {
      this.blocked(from, to, stanza);
      return true;
    }
    // One clock read for the routing latency and the start of the c2s.deliver span.
    const handedAt = performance.now();
    const receivedAt = meta?.receivedAt ?? handedAt;
    const delivery = stanzaMeta(receivedAt);
    // Parked in the message and ended by the recipient's process when it writes the stanza: covers the wait in its mailbox.
    const { spans } = telemetry;
    spans.openParked(delivery, 'c2s.deliver', handedAt, describeDelivery, session);
    const msg: SessionMessage = { type: 'deliver', from, to, stanza, meta: delivery };
    if (runtime.send(session.pid, msg)) {
      this.counters.delivered++;
      telemetry.metrics.routingLatency((handedAt - receivedAt) / 1000);
      this.outcome(stanza, 'delivered');
      // One line per stanza only when someone asks for it (router at debug): off, it costs a level check.
      const { log } = this.deps;
      if (log.isLevelEnabled('debug')) {
        log.debug({ what: 'stanza_routed', kind: stanza.name, type: stanza.attrs.type, id: stanza.attrs.id, from_jid: from.toString(), to_jid: session.jid.toString(), pid: session.pid, outcome: 'delivered' });
      }
      return true;
    }
    spans.closeParked(delivery, 'recipient mailbox full or process gone');
    // The session's mailbox is full (its client stopped reading) or it just died: end it rather than
    // let it hold the user's traffic, and tell the caller so messages can go to offline storage.
    if (runtime.isAlive(session.pid)) runtime.exit(session.pid, 'mailbox_overflow');
    return false;
  }

  /** Sends an error reply for `stanza` back to its sender, unless it is itself an error (RFC 6120 §8.3.1). */
  bounce(from: Jid, to: Jid, stanza: XmlElement, condition: StanzaErrorCondition, text?: string): void | Promise<void> {
    if (isErrorStanza(stanza)) {
      this.drop(stanza);
      return;
    }
    this.counters.bounced++;
    this.outcome(stanza, 'bounced');
    this.deps.telemetry.spans.fail(condition);
    const error = stanzaError(stanza, condition, text === undefined ? undefined : { text });
    error.attrs.from = to.toString();
    error.attrs.to = from.toString();
    return this.route(to, from, error);
  }

  private drop(stanza: XmlElement): void {
    this.counters.dropped++;
    this.outcome(stanza, 'dropped');
  }

  private blocked(from: Jid, to: Jid, stanza: XmlElement): void | Promise<void> {
    // XEP-0191 §3.6: message and IQ get/set from a blocked entity get <service-unavailable/>; presence is dropped.
    const type = stanza.attrs.type;
    if (stanza.name === 'presence' || (stanza.name === 'iq' && (type === 'result' || type === 'error'))) {
      this.drop(stanza);
      return;
    }
    return this.bounce(from, to, stanza, 'service-unavailable');
  }

  private routeToServer(from: Jid, to: Jid, stanza: XmlElement, origin: Session | undefined): void | Promise<void> {
    if (stanza.name === 'iq') {
      const type = stanza.attrs.type;
      if (type !== 'get' && type !== 'set') {
        this.drop(stanza);
        return;
      }
      return this.replyTo(from, to, this.deps.serverIq.dispatch(stanza, { from, to, session: origin }));
    }
    if (stanza.name === 'message' && stanza.attrs.type !== 'error' && stanza.attrs.type !== 'headline') {
      return this.bounce(from, to, stanza, 'service-unavailable');
    }
    this.drop(stanza);
  }

  private replyTo(from: Jid, to: Jid, reply: XmlElement | Promise<XmlElement>): void | Promise<void> {
    const send = (el: XmlElement): void | Promise<void> => {
      el.attrs.from = to.toString();
      el.attrs.to = from.toString();
      return this.route(to, from, el);
    };
    if (reply instanceof Promise) return reply.then(send);
    return send(reply);
  }

  private routeMessage(from: Jid, to: Jid, stanza: XmlElement, meta: StanzaMeta | undefined): void | Promise<void> {
    const { sessions } = this.deps;
    const type = stanza.attrs.type ?? 'normal';
    const bare = to.bareString();
    if (to.resource !== '') {
      const session = sessions.get(bare, to.resource);
      if (session !== undefined) {
        if (this.deliver(session, from, to, stanza, meta)) return;
        return this.toOffline(from, to, stanza);
      }
      // RFC 6121 §8.5.3.2: no such resource.
      if (type === 'groupchat') return this.bounce(from, to, stanza, 'service-unavailable');
      if (type === 'headline' || type === 'error') {
        this.drop(stanza);
        return;
      }
      // chat and normal are treated as if sent to the bare JID (§8.5.3.2.1).
    }
    // RFC 6121 §8.5.2.1.1 delivery to the bare JID.
    if (type === 'error') {
      this.drop(stanza);
      return;
    }
    if (type === 'groupchat') return this.bounce(from, to, stanza, 'service-unavailable');
    const targets =
      type === 'headline' ? [...sessions.resources(bare)].filter((s) => s.available && s.priority >= 0) : sessions.highestPriority(bare);
    let delivered = false;
    for (const session of targets) delivered = this.deliver(session, from, session.jid, stanza, meta) || delivered;
    if (delivered) return;
    if (type === 'headline') {
      this.drop(stanza);
      return;
    }
    return this.toOffline(from, to.bare(), stanza);
  }

  private async toOffline(from: Jid, to: Jid, stanza: XmlElement): Promise<void> {
    const span = this.deps.telemetry.tracer.startSpan('offline.store', { attributes: { 'xmpp.to': to.bareString() } });
    try {
      await this.storeOffline(from, to, stanza, span);
    } finally {
      span.end();
    }
  }

  private async storeOffline(from: Jid, to: Jid, stanza: XmlElement, span: Span): Promise<void> {
    const bare = to.bareString();
    // After an await no span is current any more: bounces run inside this one, so an error marks
    // this trace (and is always kept) and the error reply joins it.
    const bounce = (condition: StanzaErrorCondition, text?: string) =>
      this.deps.telemetry.withSpan(span, () => this.bounce(from, to, stanza, condition, text));
    if (!(await this.deps.userExists(bare))) {
      // RFC 6121 §8.5.1: no such account.
      return bounce('service-unavailable');
    }
    const outcome = await this.deps.hooks.runAsync('offline_message', 'unhandled', { from, to: to.bare(), stanza });
    switch (outcome) {
      case 'stored':
        this.counters.offline++;
        this.outcome(stanza, 'offline');
        this.deps.telemetry.metrics.offlineStored();
        this.deps.log.debug({ what: 'stanza_routed', kind: stanza.name, type: stanza.attrs.type, id: stanza.attrs.id, from_jid: from.toString(), to_jid: bare, outcome: 'offline' });
        return;
      case 'ignored':
        this.drop(stanza);
        return;
      case 'full':
        return bounce('service-unavailable', 'The recipient is offline and their offline storage is full');
      default:
        // 'unhandled' (no offline storage) or 'blocked' (XEP-0191 §3.6).
        return bounce('service-unavailable');
    }
  }

  private async routePresence(from: Jid, to: Jid, stanza: XmlElement): Promise<void> {
    const { hooks, sessions } = this.deps;
    if (hooks.has('user_receive_presence')) {
      const { handled } = await hooks.runAsync('user_receive_presence', { handled: false }, { from, to, stanza });
      if (handled) return;
    }
    // Without mod_presence: directed presence to a full JID goes to that session, to a bare JID to
    // every available resource; subscription management is mod_presence's job.
    const bare = to.bareString();
    if (to.resource !== '') {
      const session = sessions.get(bare, to.resource);
      if (session !== undefined) this.deliver(session, from, to, stanza);
      else this.drop(stanza);
      return;
    }
    for (const session of sessions.resources(bare)) if (session.available) this.deliver(session, from, session.jid, stanza);
  }

  private async accountIqChecked(from: Jid, to: Jid, stanza: XmlElement, origin: Session | undefined): Promise<void> {
    const verdict = await this.deps.hooks.runAsync('privacy_check_account', 'allow', { user: to.bareString(), other: from, stanza });
    if (verdict === 'block') return this.bounce(from, to, stanza, 'service-unavailable');
    return this.replyTo(from, to, this.deps.accountIq.dispatch(stanza, { from, to, session: origin }));
  }

  private routeIq(from: Jid, to: Jid, stanza: XmlElement, origin: Session | undefined, meta: StanzaMeta | undefined): void | Promise<void> {
    const type = stanza.attrs.type;
    const isRequest = type === 'get' || type === 'set';
    if (to.resource === '') {
      // RFC 6121 §8.5.2.1.3 / RFC 6120 §10.5.3: the server answers on behalf of the account.
      if (!isRequest) {
        this.drop(stanza);
        return;
      }
      if (from.bareString() !== to.bareString() && this.deps.hooks.has('privacy_check_account')) {
        return this.accountIqChecked(from, to, stanza, origin);
      }
      return this.replyTo(from, to, this.deps.accountIq.dispatch(stanza, { from, to, session: origin }));
    }
    const session = this.deps.sessions.get(to.bareString(), to.resource);
    if (session !== undefined && this.deliver(session, from, to, stanza, meta)) return;
    // RFC 6121 §8.5.3.2.3 (no such resource): error for get/set, silently ignore result/error.
    if (isRequest) return this.bounce(from, to, stanza, 'service-unavailable');
    this.drop(stanza);
  }
}
