// RFC 6120 §7 resource binding and §8 stanza handling for an authenticated, bound session:
// stamping and checking `from` (§8.1.2.1), addressing rules for stanzas without `to` (§10.3),
// IQ well-formedness (§8.2.3). Routing itself is the router's job.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Span } from '@opentelemetry/api';
import { NS } from '../base/namespaces.js';
import { streamErrorXml } from '../base/stream-errors.js';
import { parseJid, tryParseJid, type Jid } from '../base/jid.js';
import { stanzaError, isErrorStanza, type StanzaErrorCondition } from '../base/stanza-errors.js';
import { iqResult } from '../base/xml/stanza.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import type { Session } from '../core/sessions.js';
import { stanzaMeta, type SpanDescriber, type StanzaMeta } from '../core/telemetry.js';
import type { Pid, ProcessContext } from '../runtime/index.js';
import type { C2sDeps } from './c2s-deps.js';
import type { C2sTransport } from './transport.js';

/**
 * The c2s.receive span's attributes, made only for a kept trace (SpanStack.describe): nothing
 * changes a received stanza's kind, type or `to`. Closes over the session's JID and pid only, so
 * a kept trace does not hold the connection.
 */
function receivedBy(from: string, pid: Pid): SpanDescriber<XmlElement> {
  return (el) => ({ 'xmpp.kind': el.name, 'xmpp.type': el.attrs.type ?? '', 'xmpp.from': from, 'xmpp.to': el.attrs.to ?? '', 'runtime.pid': pid });
}

export class BoundSession {
  session!: Session;
  private describeReceived!: SpanDescriber<XmlElement>;
  private closed = false;

  constructor(
    private readonly deps: C2sDeps,
    private readonly transport: C2sTransport,
    private readonly ctx: ProcessContext,
    private readonly bare: string,
    private readonly end: () => void,
  ) {}

  /** RFC 6120 §7.6-7.7: returns false when binding failed (an error was sent; the stream stays open). */
  async bind(iq: XmlElement, bind: XmlElement): Promise<boolean> {
    const span = this.deps.telemetry.tracer.startSpan('c2s.bind', { attributes: { 'xmpp.user': this.bare, 'net.peer': this.transport.peer } });
    try {
      return await this.bindResource(iq, bind, span);
    } finally {
      span.end();
    }
  }

  private async bindResource(iq: XmlElement, bind: XmlElement, span: Span): Promise<boolean> {
    const requested = bind.getChildText('resource')?.trim();
    let jid: Jid | undefined;
    if (requested === undefined || requested === '') {
      jid = parseJid(`${this.bare}/${randomBytes(6).toString('hex')}`);
    } else {
      jid = tryParseJid(`${this.bare}/${requested}`);
      if (jid === undefined) {
        this.reply(iq, stanzaError(iq, 'bad-request', { text: 'The requested resource is not a valid resourcepart' }));
        return false;
      }
    }
    const { session, replaced } = this.deps.sessions.open(
      { pid: this.ctx.self, jid, transport: this.transport.kind, peer: this.transport.peer },
      this.deps.now(),
    );
    this.session = session;
    this.describeReceived = receivedBy(session.jid.toString(), this.ctx.self);
    // RFC 6120 §7.7.2.2: the newest session wins; the old one ends with <conflict/>.
    if (replaced !== undefined) this.deps.runtime.exit(replaced.pid, { error: 'replaced' });
    this.ctx.setServes(jid.toString());
    await this.deps.hooks.runAsync('user_open_session', null, { session });
    if (this.closed) return false;
    const result = iqResult(iq, xml('bind', { xmlns: NS.bind }, xml('jid', null, jid.toString())));
    delete result.attrs.from;
    this.transport.send(result);
    span.setAttribute('xmpp.jid', jid.toString());
    this.deps.telemetry.withSpan(span, () =>
      this.deps.log.info({
        what: 'session_opened',
        jid: jid.toString(),
        pid: this.ctx.self,
        peer: this.transport.peer,
        transport: this.transport.kind,
        secure: this.transport.secure,
        replaced: replaced !== undefined,
      }),
    );
    return true;
  }

  handleStanza(el: XmlElement): void | Promise<void> {
    const name = el.name;
    if (name !== 'message' && name !== 'presence' && name !== 'iq') {
      // RFC 6120 §4.9.3.22
      return this.streamError('unsupported-stanza-type', `<${name}/> is not a stanza`);
    }
    this.deps.counters.stanzasIn++;
    const { telemetry } = this.deps;
    telemetry.metrics.stanzaIn(name, this.transport.kind);
    const meta = stanzaMeta(performance.now());
    const { spans } = telemetry;
    spans.open('c2s.receive', meta.receivedAt, this.describeReceived, el);
    let result: void | Promise<void>;
    try {
      result = this.receive(el, name, meta);
    } catch (err) {
      spans.fail(String(err));
      spans.close();
      throw err;
    }
    if (result instanceof Promise) {
      const end = spans.detach();
      return result.finally(() => end());
    }
    spans.close();
  }

  private receive(el: XmlElement, name: 'message' | 'presence' | 'iq', meta: StanzaMeta): void | Promise<void> {
    const session = this.session;
    // §8.1.2.1: the server stamps `from`; a client-supplied one must match its own JID.
    const claimed = el.attrs.from;
    if (claimed !== undefined && claimed !== session.jid.toString()) {
      const parsed = tryParseJid(claimed);
      if (parsed === undefined || parsed.bareString() !== session.bare || (parsed.resource !== '' && parsed.resource !== session.jid.resource)) {
        return this.streamError('invalid-from', 'The from address does not match the authenticated session');
      }
    }
    el.attrs.from = session.jid.toString();
    let to: Jid | undefined;
    const toAttr = el.attrs.to;
    if (toAttr !== undefined) {
      to = tryParseJid(toAttr);
      if (to === undefined) return this.bounceLocal(el, 'jid-malformed', 'The to address is not a valid JID');
    }
    if (name === 'iq') {
      const type = el.attrs.type;
      if (el.attrs.id === undefined || (type !== 'get' && type !== 'set' && type !== 'result' && type !== 'error')) {
        return this.bounceLocal(el, 'bad-request', 'An IQ needs an id and a type of get, set, result or error');
      }
    }
    const acc = this.runSendHooks(el, session);
    if (acc.drop) return;
    const stanza = acc.stanza;
    if (name === 'presence') return this.sendPresence(stanza, to);
    // §10.3: a message or IQ without `to` is addressed to the sender's own account.
    return this.deps.router.route(session.jid, to ?? session.jid.bare(), stanza, session, meta);
  }

  private runSendHooks(el: XmlElement, session: Session) {
    const { spans } = this.deps.telemetry;
    spans.open('hooks.user_send_packet');
    try {
      return this.deps.hooks.run('user_send_packet', { stanza: el }, { session });
    } finally {
      spans.close();
    }
  }

  private async sendPresence(stanza: XmlElement, to: Jid | undefined): Promise<void> {
    const { handled } = await this.deps.hooks.runAsync('user_send_presence', { handled: false }, { session: this.session, stanza, to });
    if (!handled && to !== undefined) await this.deps.router.route(this.session.jid, to, stanza, this.session);
  }

  /** Writes a routed stanza to the client, after the user_receive_packet hook. */
  deliver(from: Jid, stanza: XmlElement, meta: StanzaMeta | undefined): void {
    const acc = this.deps.hooks.run('user_receive_packet', { stanza }, { session: this.session, from });
    if (acc.drop) {
      if (meta !== undefined) this.deps.telemetry.spans.closeParked(meta);
      return;
    }
    this.deps.counters.stanzasOut++;
    this.transport.send(acc.stanza);
    const { metrics, spans } = this.deps.telemetry;
    const name = stanza.name;
    if (name === 'message' || name === 'presence' || name === 'iq') metrics.stanzaOut(name, this.transport.kind);
    if (meta !== undefined) {
      const now = performance.now();
      metrics.deliveryLatency((now - meta.receivedAt) / 1000);
      spans.closeParked(meta, undefined, now);
    }
  }

  private bounceLocal(el: XmlElement, condition: StanzaErrorCondition, text: string): void {
    if (isErrorStanza(el)) return;
    this.reply(el, stanzaError(el, condition, { text }));
  }

  private reply(original: XmlElement, reply: XmlElement): void {
    // An error about the client's own stanza comes from the server on behalf of the addressee.
    reply.attrs.from = original.attrs.to ?? this.bare;
    if (this.session !== undefined) reply.attrs.to = this.session.jid.toString();
    else delete reply.attrs.to;
    this.transport.send(reply);
  }

  private streamError(condition: 'unsupported-stanza-type' | 'invalid-from', text: string): void {
    this.deps.log.info({ what: 'c2s_stream_error', jid: this.session.jid.toString(), peer: this.transport.peer, condition, text });
    this.transport.closeStream(streamErrorXml(condition, text));
    this.end();
  }

  /** Removes the session from the table and tells the modules; safe to call more than once. */
  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    const session = this.session;
    if (session === undefined) return;
    if (!this.deps.sessions.close(session)) return; // already replaced: the new session owns the JID
    this.deps.log.info({
      what: 'session_closed',
      jid: session.jid.toString(),
      pid: this.ctx.self,
      reason,
      duration_ms: this.deps.now() - session.startedAt,
    });
    this.deps.hooks.runAsync('user_close_session', null, { session, reason }).catch((err: unknown) => {
      this.deps.log.error({ what: 'user_close_session_failed', jid: session.jid.toString(), err });
    });
  }
}
