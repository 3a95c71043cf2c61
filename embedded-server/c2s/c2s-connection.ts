// RFC 6120 client-to-server stream, as one explicit state machine: a closed set of states and one
// dispatch function per state. SASL lives in sasl-exchange.ts, resource binding and stanza handling
// for a bound session in bound-session.ts, transports in *-transport.ts.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { NS } from '../base/namespaces.js';
import { streamErrorXml } from '../base/stream-errors.js';
import { tryParseJid } from '../base/jid.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import type { StreamErrorCondition } from '../base/xml/stream-parser.js';
import type { SessionMessage } from '../core/session-messages.js';
import type { ExitReason, ProcessContext } from '../runtime/index.js';
import { BoundSession } from './bound-session.js';
import type { C2sDeps } from './c2s-deps.js';
import { SaslExchange, failureElement, type SaslMechanism } from './sasl-exchange.js';
import type { C2sTransport, TransportEvent } from './transport.js';
import { SEND_HIGH_WATERMARK_BYTES } from './transport.js';

export type C2sState =
  | 'wait_for_stream'
  | 'wait_for_feature_before_auth'
  | 'wait_for_sasl_response'
  | 'wait_for_feature_after_auth'
  | 'session_established'
  | 'closed';

export type C2sMessage = TransportEvent | SessionMessage;

/** RFC 6120 §6.4.5: a reasonable number of retries (at least 2, at most 5). */
const MAX_AUTH_FAILURES = 3;
/** Input backpressure: stop reading the socket while this many parsed events wait in the mailbox. */
const INPUT_HIGH_WATERMARK = 1000;
const INPUT_LOW_WATERMARK = 100;

export class C2sConnection {
  state: C2sState = 'wait_for_stream';
  private ctx!: ProcessContext;
  private host: string;
  private streamId = '';
  private headerSent = false;
  private authenticatedUser: string | undefined;
  private sasl: SaslExchange | undefined;
  private authFailures = 0;
  private bound: BoundSession | undefined;
  private queuedInput = 0;
  private inputPaused = false;
  private held = false;
  private saslStartedAt = 0;

  constructor(
    private readonly deps: C2sDeps,
    readonly transport: C2sTransport,
  ) {
    this.host = deps.hosts[0];
  }

  init(ctx: ProcessContext): void {
    this.ctx = ctx;
    ctx.setState(this.state);
    this.deps.telemetry.metrics.connectionOpened(this.transport.kind);
    this.transport.attach((event) => this.enqueueInput(event));
  }

  /** Transport events go through the process mailbox, so input is handled in order with deliveries. */
  private enqueueInput(event: TransportEvent): void {
    if (event.type === 'drained' || event.type === 'socket_closed') {
      // Held sessions must still learn that their peer drained or went away.
      if (this.held) this.unhold();
    }
    if (!this.deps.runtime.send(this.ctx.self, event)) {
      if (this.deps.runtime.isAlive(this.ctx.self)) this.deps.runtime.exit(this.ctx.self, 'mailbox_overflow');
      return;
    }
    this.queuedInput++;
    if (!this.inputPaused && this.queuedInput > INPUT_HIGH_WATERMARK) {
      this.inputPaused = true;
      this.transport.pauseInput();
    }
  }

  private setState(state: C2sState): void {
    this.state = state;
    this.ctx.setState(state);
  }

  handle(msg: C2sMessage): void | Promise<void> {
    if (msg.type !== 'deliver' && msg.type !== 'replaced' && msg.type !== 'close') {
      this.queuedInput--;
      if (this.inputPaused && this.queuedInput < INPUT_LOW_WATERMARK) {
        this.inputPaused = false;
        this.transport.resumeInput();
      }
    }
    switch (msg.type) {
      case 'deliver': {
        if (this.bound === undefined) {
          if (msg.meta !== undefined) this.deps.telemetry.spans.closeParked(msg.meta);
          return;
        }
        this.bound.deliver(msg.from, msg.stanza, msg.meta);
        if (!this.held && this.transport.bufferedBytes > SEND_HIGH_WATERMARK_BYTES) {
          // The client is not reading: stop taking deliveries; they queue in the mailbox (bounded).
          this.held = true;
          this.ctx.setState('blocked_on_send');
          this.ctx.hold();
        }
        return;
      }
      case 'drained':
        if (this.held) this.unhold();
        return;
      case 'socket_closed':
        this.deps.log.debug({ what: 'c2s_socket_closed', peer: this.transport.peer, jid: this.bound?.session.jid.toString(), reason: msg.error });
        this.exit('normal');
        return;
      case 'parse_error':
        return this.streamError(msg.condition, msg.text);
      case 'stream_end':
        this.transport.closeStream();
        this.exit('normal');
        return;
      case 'replaced':
        return this.streamError('conflict', 'Replaced by a new connection for the same resource');
      case 'close':
        return this.streamError(msg.condition, msg.text);
      case 'tls_established':
        // The parser was renewed when TLS started: the client's new stream header may already be
        // parsed and queued behind this event, so resetting again here would lose it.
        this.setState('wait_for_stream');
        return;
      case 'stream_start':
        return this.onStreamStart(msg.attrs);
      case 'stanza':
        return this.onElement(msg.el);
    }
  }

  private unhold(): void {
    this.held = false;
    this.ctx.setState(this.state);
    this.ctx.release();
  }

  private exit(reason: ExitReason): void {
    if (this.state === 'closed') return;
    this.setState('closed');
    this.ctx.exit(reason);
  }

  /** Called by the runtime exactly once, however the process ends (including kill). */
  terminate(reason: ExitReason): void {
    this.deps.telemetry.metrics.connectionClosed(this.transport.kind);
    if (this.state !== 'closed') {
      this.state = 'closed';
      const [condition, text] = exitReasonToStreamError(reason);
      this.sendStreamError(condition, text);
    }
    this.bound?.close(describeReason(reason));
    this.bound = undefined;
  }

  describe(): unknown {
    return {
      state: this.state,
      peer: this.transport.peer,
      transport: this.transport.kind,
      secure: this.transport.secure,
      jid: this.bound?.session.jid.toString(),
      bufferedBytes: this.transport.bufferedBytes,
      inputPaused: this.inputPaused,
    };
  }

  // RFC 6120 §4.7 / §4.8: validate the initiating entity's stream header, answer with ours, then features.
  private onStreamStart(attrs: Record<string, string>): void {
    if (this.state !== 'wait_for_stream') return this.streamError('invalid-xml', 'A stream header arrived inside an open stream');
    this.streamId = randomBytes(8).toString('hex');
    const to = attrs.to;
    if (to !== undefined) {
      const domain = tryParseJid(to);
      if (domain !== undefined && domain.local === '' && this.deps.hosts.includes(domain.domain)) this.host = domain.domain;
      else {
        this.openStream(attrs);
        return this.streamError('host-unknown', `This server does not serve ${to}`);
      }
    }
    this.openStream(attrs);
    if (attrs['xmlns:stream'] !== NS.stream) return this.streamError('invalid-namespace', 'The stream namespace must be http://etherx.jabber.org/streams');
    if (attrs.xmlns !== NS.client) return this.streamError('invalid-namespace', "The default namespace must be 'jabber:client'");
    const major = Number((attrs.version ?? '0.0').split('.')[0]);
    if (!(major >= 1)) return this.streamError('unsupported-version', "Only XMPP version '1.0' streams are supported");
    if (this.authenticatedUser === undefined) {
      this.transport.send(this.featuresBeforeAuth());
      this.setState('wait_for_feature_before_auth');
    } else {
      this.transport.send(this.featuresAfterAuth());
      this.setState('wait_for_feature_after_auth');
    }
  }

  private openStream(clientAttrs: Record<string, string>): void {
    const attrs: Record<string, string> = { id: this.streamId, from: this.host, version: '1.0', 'xml:lang': 'en' };
    const from = clientAttrs.from;
    if (from !== undefined && tryParseJid(from) !== undefined) attrs.to = from;
    this.transport.openStream(attrs);
    this.headerSent = true;
  }

  private tlsRequired(): boolean {
    return this.deps.tlsMode === 'starttls_required' && this.transport.kind === 'tcp' && !this.transport.secure;
  }

  private offeredMechanisms(): SaslMechanism[] {
    // PLAIN only where the stream is confidential (RFC 6120 §13.8, RFC 4616 §6).
    return this.deps.authMethods.filter((m) => m !== 'PLAIN' || this.transport.secure);
  }

  private featuresBeforeAuth(): XmlElement {
    const features = xml('stream:features');
    if (this.transport.canStartTls && this.deps.tlsMode !== 'none') {
      const starttls = features.c('starttls', { xmlns: NS.tls });
      if (this.deps.tlsMode === 'starttls_required') starttls.c('required');
    }
    // RFC 6120 §5.3.1: when TLS is mandatory, offer nothing else until it is negotiated.
    if (!this.tlsRequired()) {
      const mechanisms = features.c('mechanisms', { xmlns: NS.sasl });
      for (const m of this.offeredMechanisms()) mechanisms.c('mechanism').t(m);
    }
    return features;
  }

  private featuresAfterAuth(): XmlElement {
    const features = xml('stream:features');
    features.c('bind', { xmlns: NS.bind });
    // RFC 3921 session establishment is a no-op kept for old clients (RFC 6121 Appendix E).
    features.c('session', { xmlns: NS.session }).c('optional');
    for (const extra of this.deps.hooks.run('c2s_stream_features', [], { host: this.host })) features.append(extra.clone());
    return features;
  }

  private onElement(el: XmlElement): void | Promise<void> {
    switch (this.state) {
      case 'wait_for_feature_before_auth':
        return this.beforeAuth(el);
      case 'wait_for_sasl_response':
        return this.saslResponse(el);
      case 'wait_for_feature_after_auth':
        return this.afterAuth(el);
      case 'session_established':
        return (this.bound as BoundSession).handleStanza(el);
      case 'wait_for_stream':
      case 'closed':
        return;
    }
  }

  private beforeAuth(el: XmlElement): void | Promise<void> {
    if (el.name === 'starttls' && el.xmlns === NS.tls) {
      if (!this.transport.canStartTls || this.deps.tlsMode === 'none') {
        this.transport.send(xml('failure', { xmlns: NS.tls }));
        this.transport.closeStream();
        return this.exit('normal');
      }
      this.transport.send(xml('proceed', { xmlns: NS.tls }));
      this.transport.resetParser();
      this.transport.startTls();
      this.setState('wait_for_stream');
      return;
    }
    if (el.name === 'auth' && el.xmlns === NS.sasl) {
      if (this.tlsRequired()) {
        this.transport.send(failureElement('encryption-required', 'STARTTLS is required before authentication'));
        return;
      }
      const mechanism = el.attrs.mechanism as SaslMechanism;
      if (!this.offeredMechanisms().includes(mechanism)) {
        this.transport.send(failureElement('invalid-mechanism'));
        return;
      }
      this.sasl = new SaslExchange(mechanism, this.saslContext());
      this.saslStartedAt = performance.now();
      this.setState('wait_for_sasl_response');
      return this.sasl.start(el).then((step) => this.onSaslStep(step));
    }
    // RFC 6120 §6.4.1/§4.9.3.12: stanzas before authentication are not accepted.
    return this.streamError('not-authorized', 'Authenticate before sending stanzas');
  }

  private saslResponse(el: XmlElement): void | Promise<void> {
    if (el.xmlns === NS.sasl && el.name === 'abort') {
      this.sasl = undefined;
      this.transport.send(failureElement('aborted'));
      this.setState('wait_for_feature_before_auth');
      return;
    }
    if (el.xmlns !== NS.sasl || el.name !== 'response' || this.sasl === undefined) {
      return this.streamError('not-authorized', 'Expected a SASL <response/>');
    }
    return this.sasl.step(el).then((step) => this.onSaslStep(step));
  }

  private onSaslStep(step: Awaited<ReturnType<SaslExchange['start']>>): void {
    if (this.state === 'closed') return;
    const mechanism = (this.sasl as SaslExchange).mechanism;
    this.transport.send(step.reply);
    if (step.kind === 'challenge') return;
    this.sasl = undefined;
    if (step.kind === 'failure') {
      this.deps.counters.loginsFailed[mechanism]++;
      this.deps.telemetry.metrics.loginFailed(mechanism);
      this.authFailures++;
      const span = this.authSpan(mechanism, step.username, step.condition);
      this.deps.telemetry.withSpan(span, () =>
        this.deps.log.info({
          what: 'c2s_auth_failed',
          peer: this.transport.peer,
          mechanism,
          jid: step.username === undefined ? undefined : `${step.username}@${this.host}`,
          reason: step.condition,
          text: step.text,
        }),
      );
      span.end();
      if (this.authFailures >= MAX_AUTH_FAILURES) return this.streamError('policy-violation', 'Too many failed authentication attempts');
      this.setState('wait_for_feature_before_auth');
      return;
    }
    this.deps.counters.loginsOk[mechanism]++;
    this.deps.telemetry.metrics.loginSucceeded(mechanism);
    const span = this.authSpan(mechanism, step.username, undefined);
    this.authenticatedUser = step.username;
    this.deps.telemetry.withSpan(span, () =>
      this.deps.log.debug({ what: 'c2s_auth_succeeded', peer: this.transport.peer, mechanism, jid: `${step.username}@${this.host}` }),
    );
    span.end();
    // RFC 6120 §6.4.6: the stream restarts after <success/>.
    this.transport.resetParser();
    this.setState('wait_for_stream');
  }

  /** One span per SASL exchange, from <auth/> to its outcome; failures are errors, so they are always kept. */
  private authSpan(mechanism: SaslMechanism, user: string | undefined, failure: string | undefined): Span {
    const started = this.saslStartedAt;
    const span = this.deps.telemetry.tracer.startSpan('c2s.auth', {
      startTime: started,
      attributes: { 'sasl.mechanism': mechanism, 'xmpp.user': user ?? '', 'net.peer': this.transport.peer, 'xmpp.transport': this.transport.kind },
    });
    if (failure !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
    return span;
  }

  private saslContext() {
    return {
      host: this.host,
      credentials: (bare: string) => this.deps.storage.users.getCredentials(bare),
      toBare: (username: string, host: string) => {
        const jid = tryParseJid(`${username}@${host}`);
        return jid === undefined || jid.resource !== '' ? undefined : jid.bareString();
      },
    };
  }

  private afterAuth(el: XmlElement): void | Promise<void> {
    const bind = el.name === 'iq' ? el.getChild('bind', NS.bind) : undefined;
    if (bind === undefined || el.attrs.type !== 'set') {
      return this.streamError('not-authorized', 'Bind a resource before sending stanzas');
    }
    const bound = new BoundSession(this.deps, this.transport, this.ctx, `${this.authenticatedUser}@${this.host}`, () => this.exit('normal'));
    // Known before the bind completes, so that a connection dying mid-bind still leaves the session table.
    this.bound = bound;
    return bound.bind(el, bind).then((ok) => {
      if (this.state === 'closed') return;
      if (!ok) {
        this.bound = undefined;
        return;
      }
      this.setState('session_established');
    });
  }

  streamError(condition: StreamErrorCondition, text?: string): void {
    if (this.state === 'closed') return;
    this.sendStreamError(condition, text);
    this.exit('normal');
  }

  private sendStreamError(condition: StreamErrorCondition, text: string | undefined): void {
    this.deps.counters.streamErrors++;
    this.deps.telemetry.metrics.streamError(condition);
    this.deps.log.info({
      what: 'c2s_stream_error',
      peer: this.transport.peer,
      jid: this.bound?.session.jid.toString(),
      condition,
      text,
    });
    if (!this.headerSent) this.openStream({});
    this.transport.closeStream(streamErrorXml(condition, text));
  }
}

function exitReasonToStreamError(reason: ExitReason): [StreamErrorCondition, string | undefined] {
  if (reason === 'shutdown') return ['system-shutdown', 'The server is shutting down'];
  if (reason === 'killed') return ['policy-violation', 'The session was ended by an operator'];
  if (reason === 'mailbox_overflow') return ['policy-violation', 'Too many stanzas are queued for this client; it is not reading its connection'];
  if (reason === 'normal') return ['reset', undefined];
  if (reason.error === 'replaced') return ['conflict', 'Replaced by a new connection for the same resource'];
  if (reason.error === 'kicked') return ['policy-violation', 'Kicked by an operator'];
  return ['internal-server-error', undefined];
}

function describeReason(reason: ExitReason): string {
  return typeof reason === 'string' ? reason : reason.error;
}
