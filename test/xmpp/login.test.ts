// Logging in with a real third-party client (@xmpp/client) over TCP, STARTTLS and WebSocket.
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnect, STREAM_HEADER } from '../support/raw-socket.js';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, xml } from '../support/xmpp-clients.js';

describe('login', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
    await t.addUser('alice', 'wonderland');
  });
  afterAll(() => t.stop());

  for (const transport of ['tcp', 'websocket'] as const) {
    it(`logs in with SCRAM and binds a resource over ${transport}`, async () => {
      const service = transport === 'tcp' ? t.tcpService : t.wsService;
      const c = await connect({ service, username: 'alice', password: 'wonderland', resource: `laptop-${transport}` });
      expect(c.jid).toBe(`alice@localhost/laptop-${transport}`);
      const session = t.node.sessions.get('alice@localhost', `laptop-${transport}`);
      expect(session?.transport).toBe(transport);
      const opened = t.logs.find((l) => l.what === 'session_opened' && l.jid === c.jid);
      expect(opened).toMatchObject({ transport, pid: session?.pid });
      expect(t.node.c2s.counters.loginsOk['SCRAM-SHA-1']).toBeGreaterThan(0);
      await c.stop();
    });

    it(`refuses a wrong password with <not-authorized/> over ${transport}`, async () => {
      const service = transport === 'tcp' ? t.tcpService : t.wsService;
      const before = t.node.c2s.counters.loginsFailed['SCRAM-SHA-1'];
      const err = await connect({ service, username: 'alice', password: 'not-the-password' }).then(
        () => undefined,
        (e: unknown) => e as { condition?: string; message: string },
      );
      expect(err?.condition).toBe('not-authorized');
      expect(t.node.c2s.counters.loginsFailed['SCRAM-SHA-1']).toBe(before + 1);
      const line = t.logs.findLast((l) => l.what === 'c2s_auth_failed');
      expect(line).toMatchObject({ jid: 'alice@localhost', reason: 'not-authorized', mechanism: 'SCRAM-SHA-1', module: 'c2s' });
      expect(JSON.stringify(line)).not.toContain('not-the-password');
    });
  }

  it('refuses an unknown user exactly like a wrong password', async () => {
    const err = await connect({ service: t.tcpService, username: 'nobody', password: 'x' }).then(
      () => undefined,
      (e: unknown) => e as { condition?: string },
    );
    expect(err?.condition).toBe('not-authorized');
  });

  it('lets the server generate the resource when the client asks for none', async () => {
    const c = await connect({ service: t.tcpService, username: 'alice', password: 'wonderland' });
    expect(c.jid).toMatch(/^alice@localhost\/[0-9a-f]{12}$/);
    await c.stop();
  });

  it('replaces the old session when the same resource binds again', async () => {
    const first = await connect({ service: t.tcpService, username: 'alice', password: 'wonderland', resource: 'phone' });
    const closed = new Promise<string>((resolve) => {
      first.xmpp.on('error', (e: { condition?: string }) => resolve(e.condition ?? 'error'));
    });
    const second = await connect({ service: t.wsService, username: 'alice', password: 'wonderland', resource: 'phone' });
    expect(await closed).toBe('conflict');
    expect(t.node.sessions.get('alice@localhost', 'phone')?.transport).toBe('websocket');
    await second.stop();
    await first.stop();
  });
});

describe('STARTTLS', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ tlsMode: 'starttls_required' });
    await t.addUser('bob', 'builder');
  });
  afterAll(() => t.stop());

  it('negotiates TLS with the generated certificate, then logs in', async () => {
    // The node generated a self-signed certificate; this test checks the negotiation, not the trust chain.
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const c = await connect({ service: t.tcpService, username: 'bob', password: 'builder', resource: 'tls' });
      const session = t.node.sessions.get('bob@localhost', 'tls');
      expect(session).toBeDefined();
      expect(t.logs.find((l) => l.what === 'session_opened' && l.jid === c.jid)).toMatchObject({ secure: true });
      const pong = await c.iq('get', xml('ping', { xmlns: 'urn:xmpp:ping' }), 'localhost');
      expect(pong.attrs.type).toBe('result');
      await c.stop();
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
    }
    expect(t.logs.some((l) => l.what === 'tls_certificate_generated')).toBe(true);
  });

  it('reads a stream header and <auth/> sent in one write right after the TLS handshake', async () => {
    const peer = await rawConnect(t.tcpPort);
    await peer.write(STREAM_HEADER);
    await peer.waitForText(/<\/stream:features>/);
    await peer.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    await peer.waitForText(/<proceed/);
    const secure = tlsConnect({ socket: peer.socket, rejectUnauthorized: false });
    let received = '';
    secure.setEncoding('utf8').on('data', (d: string) => (received += d));
    await new Promise<void>((resolve) => secure.once('secureConnect', () => resolve()));
    const plain = Buffer.from('\0bob\0builder').toString('base64');
    secure.write(STREAM_HEADER + `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth>`);
    await expect.poll(() => received, { timeout: 5000 }).toMatch(/<success xmlns=/);
    secure.destroy();
  });
});
