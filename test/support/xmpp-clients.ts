// Real XMPP clients (@xmpp/client, a third-party library) for the integration tests, with small
// helpers to wait for stanzas. @xmpp/websocket needs a global WebSocket, which Node 20 lacks.
import { client, xml, type Client, type Element } from '@xmpp/client';
import { WebSocket } from 'ws';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export { xml };
export type { Element };

export interface TestClient {
  xmpp: Client;
  jid: string;
  /** Sends an IQ and resolves with the whole reply stanza; rejects with a StanzaError (.condition) on type='error'. */
  iq(type: 'get' | 'set', payload: Element, to?: string, timeoutMs?: number): Promise<Element>;
  /** Every stanza received so far. */
  received: Element[];
  /** Resolves with the first received stanza (past or future) that matches. */
  waitFor(match: (el: Element) => boolean, timeoutMs?: number, label?: string): Promise<Element>;
  stop(): Promise<void>;
}

export interface ConnectOptions {
  service: string;
  domain?: string;
  username: string;
  password: string;
  resource?: string;
  /** Send initial presence after login (default true). */
  presence?: boolean;
}

export async function connect(opts: ConnectOptions): Promise<TestClient> {
  const xmpp = client({
    service: opts.service,
    domain: opts.domain ?? 'localhost',
    username: opts.username,
    password: opts.password,
    resource: opts.resource,
  });
  xmpp.reconnect.stop();
  xmpp.on('error', () => {});
  const received: Element[] = [];
  const waiters: { match: (el: Element) => boolean; resolve: (el: Element) => void }[] = [];
  xmpp.on('stanza', (el: Element) => {
    received.push(el);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].match(el)) {
        waiters[i].resolve(el);
        waiters.splice(i, 1);
      }
    }
  });
  const address = await xmpp.start();
  if (opts.presence !== false) await xmpp.send(xml('presence'));
  return {
    xmpp,
    jid: address.toString(),
    received,
    iq(type, payload, to, timeoutMs = 10_000) {
      return xmpp.iqCaller.request(xml('iq', { type, to }, payload), timeoutMs);
    },
    waitFor(match, timeoutMs = 5000, label = 'stanza') {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${label}; received: ${received.map(String).join('\n')}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (el) => {
            clearTimeout(timer);
            resolve(el);
          },
        });
      });
    },
    async stop() {
      try {
        await xmpp.stop();
      } catch {
        // already closed by the server
      }
    },
  };
}
