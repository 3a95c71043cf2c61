// One traffic run on one node: N real XMPP clients over TCP, each message sent by a random user to a
// random other user, paced to R messages/s in total. The achieved rate is measured from messages
// received (over the last few seconds), so it shows what the node delivered, not what we offered.
// A run ends when stopped, at its maximum duration, or when a client's node goes away.
import { randomInt } from 'node:crypto';
import type { TrafficStatus } from '../../common/traffic-views.js';
import { SaltedPasswordCache } from './scram-client.js';
import { attribute } from './stanza-scanner.js';
import { XmppLightClient } from './xmpp-light-client.js';

export interface TrafficTarget {
  nodeId: string;
  host: string;
  port: number;
  domain: string;
  /** Makes sure the account exists with this password. */
  ensureUser(jid: string, password: string): Promise<void>;
}

export interface TrafficRunOptions {
  users: number;
  ratePerSec: number;
  maxDurationS: number;
  password: string;
  now?: () => number;
}

const TICK_MS = 50;
const RATE_WINDOW_MS = 5000;
const SETUP_CONCURRENCY = 8;
/** A client with this much unsent data is skipped for now: its socket is backed up. */
const MAX_WRITE_BACKLOG = 64 * 1024;

async function eachBounded(count: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

export class TrafficRun {
  private phase: TrafficStatus['phase'] = 'idle';
  private clients: XmppLightClient[] = [];
  private sent = 0;
  private received = 0;
  private errors = 0;
  private lastError: string | null = null;
  private startedAt: number | null = null;
  private sendStart = 0;
  private endedBecause: string | null = null;
  private ticker: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private readonly window: { at: number; received: number }[] = [];
  private readonly now: () => number;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly target: TrafficTarget,
    private readonly options: TrafficRunOptions,
    private readonly onEnd: (run: TrafficRun) => void = () => {},
  ) {
    this.now = options.now ?? Date.now;
  }

  get running(): boolean {
    return this.phase === 'connecting' || this.phase === 'sending';
  }

  status(): TrafficStatus {
    return {
      nodeId: this.target.nodeId,
      running: this.running,
      phase: this.phase,
      users: this.options.users,
      connected: this.clients.filter((c) => !c.closed).length,
      targetRate: this.options.ratePerSec,
      achievedRate: this.achievedRate(),
      sent: this.sent,
      received: this.received,
      errors: this.errors,
      lastError: this.lastError,
      startedAt: this.startedAt,
      endedBecause: this.endedBecause,
    };
  }

  /** Creates the users and logs them in, then starts sending; resolves when sending began (or the run failed). */
  async start(): Promise<void> {
    this.phase = 'connecting';
    this.startedAt = this.now();
    this.deadline = setTimeout(() => void this.stop('max_duration'), this.options.maxDurationS * 1000);
    this.deadline.unref();
    try {
      const names = Array.from({ length: this.options.users }, (_, i) => `traffic-${i + 1}`);
      await eachBounded(names.length, SETUP_CONCURRENCY, (i) => this.target.ensureUser(`${names[i]}@${this.target.domain}`, this.options.password));
      const cache = new SaltedPasswordCache();
      const clients: XmppLightClient[] = new Array(names.length);
      await eachBounded(names.length, SETUP_CONCURRENCY * 2, async (i) => {
        if (!this.running) return;
        const client = await XmppLightClient.login({
          host: this.target.host,
          port: this.target.port,
          domain: this.target.domain,
          username: names[i],
          password: this.options.password,
          resource: 'traffic',
          cache,
          timeoutMs: 15_000,
        });
        clients[i] = client;
        this.clients.push(client);
        client.listen((name, raw) => this.onStanza(name, raw));
        client.onClose = () => this.onClientClosed(client);
        client.write('<presence/>');
      });
      if (!this.running) return;
      this.phase = 'sending';
      this.sendStart = this.now();
      this.ticker = setInterval(() => this.tick(), TICK_MS);
    } catch (error) {
      this.note(error instanceof Error ? error.message : String(error));
      await this.stop('failed');
    }
  }

  stop(reason = 'stopped'): Promise<void> {
    this.stopping ??= (async () => {
      if (this.endedBecause === null) this.endedBecause = reason;
      this.phase = 'stopped';
      if (this.ticker !== undefined) clearInterval(this.ticker);
      if (this.deadline !== undefined) clearTimeout(this.deadline);
      const clients = this.clients;
      for (const client of clients) client.onClose = undefined;
      await Promise.all(clients.map((c) => c.close()));
      this.onEnd(this);
    })();
    return this.stopping;
  }

  private tick(): void {
    const now = this.now();
    this.window.push({ at: now, received: this.received });
    while (this.window.length > 1 && now - this.window[0].at > RATE_WINDOW_MS) this.window.shift();
    const live = this.clients.filter((c) => !c.closed);
    if (live.length < 2) return;
    const due = Math.floor((this.options.ratePerSec * (now - this.sendStart)) / 1000) - this.sent;
    // After a stall (a busy event loop), catch up by at most one second's worth, not in one burst.
    const batch = Math.min(due, Math.max(1, Math.ceil(this.options.ratePerSec)));
    for (let n = 0; n < batch; n++) {
      const from = live[randomInt(live.length)];
      if (from.writableLength > MAX_WRITE_BACKLOG) continue;
      let to = live[randomInt(live.length - 1)];
      if (to === from) to = live[live.length - 1];
      const bare = to.jid.split('/')[0];
      from.write(`<message to='${bare}' type='chat' id='t${this.sent}'><body>traffic ${this.sent}</body></message>`);
      this.sent++;
    }
  }

  private onStanza(name: string, raw: string): void {
    if (name === 'message') {
      if (attribute(raw, 'type') === 'error') {
        this.errors++;
        this.note(`message error: ${raw.slice(0, 200)}`);
      } else if (raw.includes('<body>')) {
        this.received++;
      }
    } else if (name === 'stream:error') {
      this.errors++;
      this.note(`stream error: ${raw.slice(0, 200)}`);
    }
  }

  private onClientClosed(client: XmppLightClient): void {
    if (!this.running) return;
    this.errors++;
    this.note(`${client.jid || 'a client'} lost its connection: ${client.failure?.message ?? 'closed'}`);
    // Every client gone means the node is gone: there is nothing left to measure.
    if (this.clients.every((c) => c.closed)) void this.stop('node_stopped');
  }

  private achievedRate(): number {
    if (this.window.length < 2) return 0;
    const first = this.window[0];
    const last = this.window[this.window.length - 1];
    const seconds = (last.at - first.at) / 1000;
    return seconds > 0 ? Math.round(((last.received - first.received) / seconds) * 10) / 10 : 0;
  }

  private note(message: string): void {
    this.lastError = message;
  }
}
