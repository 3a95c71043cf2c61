// A real node core for module tests: Runtime, SessionTable, Hooks, IQ dispatch, Router, ModuleHost and
// SQLite storage in a temp dir, wired like node/start-node.ts. A "client" is a real runtime process in
// the session table whose handler records what the router delivers to it; only the socket is missing,
// so the c2s's part (stamping 'from', handing presence to user_send_presence, closing) is done here
// the way c2s/bound-session.ts does it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
// eslint-disable-next-line no-restricted-imports -- tests run the modules on the real SQLite adapter, not a mock
import { openSqliteStorage } from '../adapters/sqlite/sqlite-storage.js';
import { parseJid, tryParseJid, type Jid } from '../base/jid.js';
import { deriveScramCredentialsSync } from '../base/sasl/scram-credentials.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import { Hooks, type HookName } from '../core/hooks.js';
import { IqHandlers } from '../core/iq-handlers.js';
import { ModuleHost } from '../core/module-host.js';
import { Router } from '../core/router.js';
import type { ModuleContext, ServerModule } from '../core/server-module.js';
import { NO_TELEMETRY } from '../core/telemetry.js';
import type { SessionMessage } from '../core/session-messages.js';
import { SessionTable, type Session } from '../core/sessions.js';
import { Runtime } from '../runtime/index.js';
import type { Storage } from '../storage/storage.js';

export interface LogLine {
  level: number;
  what?: string;
  [key: string]: unknown;
}

export interface HarnessOptions {
  /** Modules to start, with their options. */
  modules: [ServerModule<never>, unknown][];
  domain?: string;
  now?: () => number;
}

export class TestClient {
  private ids = 0;

  constructor(
    private readonly harness: ModuleHarness,
    readonly session: Session,
    /** Everything the router delivered to this session, in order. */
    readonly received: XmlElement[],
  ) {}

  get jid(): Jid {
    return this.session.jid;
  }

  /** What bound-session.ts does with a client stanza: stamp 'from', then presence to the hook, the rest to the router. */
  async send(stanza: XmlElement): Promise<void> {
    const { hooks, router } = this.harness;
    const session = this.session;
    stanza.attrs.from = session.jid.toString();
    const to = stanza.attrs.to === undefined ? undefined : tryParseJid(stanza.attrs.to);
    const acc = hooks.run('user_send_packet', { stanza }, { session });
    if (acc.drop) return;
    if (stanza.name === 'presence') {
      const { handled } = await hooks.runAsync('user_send_presence', { handled: false }, { session, stanza: acc.stanza, to });
      if (!handled && to !== undefined) await router.route(session.jid, to, acc.stanza, session);
    } else {
      await router.route(session.jid, to ?? session.jid.bare(), acc.stanza, session);
    }
    await this.harness.settle();
  }

  /** Sends an IQ and returns the reply addressed to it. */
  async iq(type: 'get' | 'set', payload: XmlElement, to?: string): Promise<XmlElement> {
    const id = `test-${++this.ids}`;
    await this.send(xml('iq', to === undefined ? { type, id } : { type, id, to }, payload));
    const reply = this.received.find((el) => el.name === 'iq' && el.attrs.id === id && (el.attrs.type === 'result' || el.attrs.type === 'error'));
    if (reply === undefined) throw new Error(`no reply to IQ ${id}; received: ${this.received.map(String).join('\n')}`);
    return reply;
  }

  /** Received stanzas matching the predicate, removed from the record so the next check starts clean. */
  take(predicate: (el: XmlElement) => boolean = () => true): XmlElement[] {
    const taken: XmlElement[] = [];
    for (let i = 0; i < this.received.length; ) {
      if (predicate(this.received[i])) taken.push(...this.received.splice(i, 1));
      else i++;
    }
    return taken;
  }

  presences(type?: string): XmlElement[] {
    return this.take((el) => el.name === 'presence' && el.attrs.type === type);
  }

  /** Roster pushes (RFC 6121 §2.1.6) received so far. */
  pushes(): XmlElement[] {
    return this.take((el) => el.name === 'iq' && el.attrs.type === 'set' && el.getChild('query', 'jabber:iq:roster') !== undefined);
  }

  clear(): void {
    this.received.length = 0;
  }

  /** What the c2s does when a session ends: out of the table, then user_close_session, then the process exits. */
  async close(reason = 'closed by test'): Promise<void> {
    const { sessions, hooks, runtime } = this.harness;
    if (sessions.close(this.session)) await hooks.runAsync('user_close_session', null, { session: this.session, reason });
    runtime.stop(this.session.pid, 'normal');
    await this.harness.settle();
  }
}

export class ModuleHarness {
  readonly runtime: Runtime;
  readonly sessions = new SessionTable();
  readonly hooks: Hooks;
  readonly serverIq = new IqHandlers();
  readonly accountIq = new IqHandlers();
  readonly router: Router;
  readonly storage: Storage;
  readonly moduleHost: ModuleHost;
  readonly logs: LogLine[] = [];
  /** Hook handlers that threw; a test that expects none asserts this stays empty. */
  readonly hookErrors: { hook: HookName; owner: string; err: unknown }[] = [];
  readonly domain: string;
  private readonly dir: string;
  private readonly now: () => number;

  constructor(opts: HarnessOptions) {
    this.domain = opts.domain ?? 'localhost';
    const now = opts.now ?? Date.now;
    this.now = now;
    this.dir = mkdtempSync(join(tmpdir(), 'meerkat-modules-'));
    this.storage = openSqliteStorage({ path: join(this.dir, 'node.sqlite') });
    const log = pino({ level: 'debug' }, { write: (line: string) => void this.logs.push(JSON.parse(line) as LogLine) });
    this.runtime = new Runtime({ now, onProcessError: (pid, kind, err) => log.error({ what: 'process_crashed', pid, kind, err }) });
    this.hooks = new Hooks((hook, owner, err) => {
      this.hookErrors.push({ hook, owner, err });
      log.error({ what: 'hook_handler_failed', hook, module: owner, err });
    });
    this.router = new Router({
      hosts: new Set([this.domain]),
      sessions: this.sessions,
      hooks: this.hooks,
      runtime: this.runtime,
      serverIq: this.serverIq,
      accountIq: this.accountIq,
      userExists: (bare) => this.storage.users.exists(bare),
      log,
      telemetry: NO_TELEMETRY,
    });
    this.moduleHost = new ModuleHost(this.hooks, this.serverIq, this.accountIq, log);
    const ctx: ModuleContext = {
      hosts: [this.domain],
      storage: this.storage,
      hooks: this.hooks,
      router: this.router,
      sessions: this.sessions,
      runtime: this.runtime,
      log,
      nodeName: 'test1',
      version: 'test',
      metrics: NO_TELEMETRY.metrics,
      now,
    };
    for (const [module, options] of opts.modules) this.moduleHost.start(module, ctx, options);
  }

  async addUser(local: string): Promise<string> {
    const jid = `${local}@${this.domain}`;
    await this.storage.users.create({
      jid,
      credentials: { scramSha1: deriveScramCredentialsSync('pw', 'sha1', 1), scramSha256: deriveScramCredentialsSync('pw', 'sha256', 1) },
    });
    return jid;
  }

  /** Binds a resource for an existing user, like the c2s after resource binding. */
  async connect(fullJid: string): Promise<TestClient> {
    const jid = parseJid(fullJid);
    const received: XmlElement[] = [];
    const pid = this.runtime.spawn<SessionMessage>({
      kind: 'c2s',
      serves: fullJid,
      handle: (msg) => {
        if ('system' in msg || msg.type !== 'deliver') return;
        const acc = this.hooks.run('user_receive_packet', { stanza: msg.stanza }, { session: client.session, from: msg.from });
        // Serialized and parsed back in spirit: a later change to a shared element must not rewrite history.
        if (!acc.drop) received.push(acc.stanza.clone());
      },
    });
    const { session, replaced } = this.sessions.open({ pid, jid, transport: 'tcp', peer: 'test' }, this.now());
    if (replaced !== undefined) this.runtime.stop(replaced.pid, { error: 'replaced' });
    const client = new TestClient(this, session, received);
    await this.hooks.runAsync('user_open_session', null, { session });
    return client;
  }

  /** Waits until every mailbox is drained (deliveries are asynchronous: the scheduler runs them in turns). */
  async settle(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.runtime.stats().mailboxTotal === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.runtime.stats().mailboxTotal === 0) return;
      }
    }
    throw new Error('mailboxes did not drain');
  }

  async stop(): Promise<void> {
    await this.moduleHost.stopAll();
    await this.runtime.shutdown();
    await this.storage.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Shorthand for the common stanzas tests send. */
export function presence(attrs: Record<string, string> = {}, ...children: XmlElement[]): XmlElement {
  return xml('presence', attrs, ...children);
}
