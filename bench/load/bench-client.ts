// RFC 6120 client side, only what a load generator needs: stream header (§4), SASL SCRAM (§6,
// scram-client.ts), stream restart, resource binding (§7), then raw stanzas. Plain TCP only: the bench
// listener runs with tls_mode "none" so that TLS cost does not hide the node's own cost.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ScramClient, type SaltedPasswordCache, type ScramMechanism } from '../../main/core/traffic/scram-client.js';
import { StanzaScanner, attribute, type ScanEvent } from '../../main/core/traffic/stanza-scanner.js';

const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';

export interface ClientTarget {
  host: string;
  port: number;
  /** The XMPP domain (stream "to", JID domain). */
  domain: string;
}

export interface LoginOptions {
  target: ClientTarget;
  username: string;
  password: string;
  resource: string;
  mechanism: ScramMechanism;
  cache: SaltedPasswordCache;
  timeoutMs: number;
}

/** Called for each top-level element once the session is bound; `raw` is the element's XML. */
export type StanzaHandler = (name: string, raw: string) => void;

type Element = Extract<ScanEvent, { kind: 'element' }>;

function streamHeader(domain: string): string {
  return `<?xml version='1.0'?><stream:stream to='${domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
}

/** Text content of a simple element like <challenge>BASE64</challenge>. */
function innerText(raw: string): string {
  const gt = raw.indexOf('>');
  if (raw.charCodeAt(gt - 1) === 0x2f) return '';
  return raw.slice(gt + 1, raw.lastIndexOf('</'));
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export class BenchClient {
  jid = '';
  /** Why the connection ended or failed, if it did. */
  failure: Error | undefined;
  closed = false;
  onStanza: StanzaHandler | undefined;
  onClose: ((client: BenchClient) => void) | undefined;
  private readonly scanner = new StanzaScanner();
  private readonly queued: ScanEvent[] = [];
  private waiter: { resolve: (e: ScanEvent) => void; reject: (err: Error) => void } | undefined;
  private readonly emit = (event: ScanEvent) => this.onEvent(event);

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => this.scanner.push(chunk, this.emit));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      this.closed = true;
      this.fail(new Error('the server closed the connection'));
      this.onClose?.(this);
    });
  }

  /** Connects and runs the whole login; resolves once the resource is bound. */
  static async login(opts: LoginOptions): Promise<{ client: BenchClient; latencyMs: number }> {
    const started = performance.now();
    const socket = connect({ host: opts.target.host, port: opts.target.port });
    const client = new BenchClient(socket);
    let step = 'connect';
    const timer = setTimeout(() => client.fail(new Error(`login timed out after ${opts.timeoutMs} ms (step: ${step})`)), opts.timeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      step = 'stream';
      socket.write(streamHeader(opts.target.domain));
      const features = await client.expect('stream:features');
      if (!features.raw.includes(`>${opts.mechanism}<`)) throw new Error(`${opts.mechanism} is not offered: ${features.raw}`);

      step = 'sasl';
      const scram = new ScramClient(opts.mechanism, opts.username, opts.password, opts.cache);
      socket.write(`<auth xmlns='${NS_SASL}' mechanism='${opts.mechanism}'>${base64(scram.clientFirst())}</auth>`);
      const challenge = await client.expect('challenge');
      const clientFinal = await scram.clientFinal(Buffer.from(innerText(challenge.raw), 'base64').toString('utf8'));
      socket.write(`<response xmlns='${NS_SASL}'>${base64(clientFinal)}</response>`);
      const success = await client.expect('success');
      scram.verifyServerFinal(Buffer.from(innerText(success.raw), 'base64').toString('utf8'));

      step = 'restart';
      socket.write(streamHeader(opts.target.domain));
      const boundFeatures = await client.expect('stream:features');
      if (!boundFeatures.raw.includes('<bind')) throw new Error(`no <bind/> after authentication: ${boundFeatures.raw}`);

      step = 'bind';
      socket.write(`<iq type='set' id='bind_1'><bind xmlns='${NS_BIND}'><resource>${opts.resource}</resource></bind></iq>`);
      const bound = await client.expect('iq');
      if (attribute(bound.raw, 'type') !== 'result') throw new Error(`bind failed: ${bound.raw}`);
      const jidStart = bound.raw.indexOf('<jid>');
      client.jid = jidStart < 0 ? '' : bound.raw.slice(jidStart + 5, bound.raw.indexOf('</jid>', jidStart));
      return { client, latencyMs: performance.now() - started };
    } catch (err) {
      client.socket.destroy();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** From now on every top-level element goes to handler, including any already received. */
  listen(handler: StanzaHandler): void {
    this.onStanza = handler;
    for (const event of this.queued.splice(0)) if (event.kind === 'element') handler(event.name, event.raw);
  }

  write(data: string): boolean {
    return this.socket.write(data);
  }

  sendInitialPresence(): void {
    this.socket.write('<presence/>');
  }

  /** Closes the stream politely; resolves when the socket is closed (or destroys it after timeoutMs). */
  close(timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.destroy(), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.socket.writable) this.socket.end('</stream:stream>');
      else this.socket.destroy();
    });
  }

  private onEvent(event: ScanEvent): void {
    if (this.onStanza !== undefined && event.kind === 'element') return this.onStanza(event.name, event.raw);
    if (this.waiter !== undefined) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter.resolve(event);
    } else {
      this.queued.push(event);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    if (this.waiter !== undefined) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter.reject(this.failure);
    }
    if (!this.closed) this.socket.destroy();
  }

  private nextEvent(): Promise<ScanEvent> {
    const queued = this.queued.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** The next top-level element, which must be `name`; the stream header is skipped. */
  private async expect(name: string): Promise<Element> {
    for (;;) {
      const event = await this.nextEvent();
      if (event.kind === 'stream_open') continue;
      if (event.kind === 'stream_close') throw new Error(`the server closed the stream while we waited for <${name}/>`);
      if (event.name === name) return event;
      throw new Error(`expected <${name}/>, got ${event.raw.slice(0, 500)}`);
    }
  }
}
