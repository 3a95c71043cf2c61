// Hostile and broken clients: each gets the right stream error or backpressure, the node keeps
// serving everyone else, and no process is leaked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { rawConnect, STREAM_HEADER } from '../support/raw-socket.js';
import { startTestNode, type TestNode } from '../support/test-node.js';
import { connect, xml, type TestClient } from '../support/xmpp-clients.js';

const streamError = (condition: string) => new RegExp(`<stream:error[^>]*><${condition} xmlns=['"]urn:ietf:params:xml:ns:xmpp-streams['"]/>`);

describe('bad input', () => {
  let t: TestNode;
  let bystander: TestClient;
  let baseline: number;

  beforeAll(async () => {
    t = await startTestNode({ c2s: { max_mailbox: 2000 } });
    for (const u of ['bystander', 'flooder', 'sink', 'sleeper', 'talker']) await t.addUser(u, 'pw');
    bystander = await connect({ service: t.tcpService, username: 'bystander', password: 'pw', resource: 'watch' });
    baseline = t.node.runtime.count();
  });
  afterAll(async () => {
    await bystander.stop();
    await t.stop();
  });

  /** The node still answers a well-behaved client. */
  const stillServing = async () => {
    const pong = await bystander.iq('get', xml('ping', { xmlns: 'urn:xmpp:ping' }), 'localhost', 10_000);
    expect(pong.attrs.type).toBe('result');
  };

  const cases: [string, string, string][] = [
    ['malformed XML', '<message><body>oops</message>', 'not-well-formed'],
    ['an undefined entity', '<message><body>&nope;</body></message>', 'not-well-formed'],
    ['an entity declaration', '<!DOCTYPE x [<!ENTITY boom "boom">]><message/>', 'restricted-xml'],
    ['a processing instruction', '<?evil please?><message/>', 'restricted-xml'],
    ['a comment', '<!-- hello --><message/>', 'restricted-xml'],
    ['10,000-deep nesting', '<a>'.repeat(10_000), 'policy-violation'],
  ];
  for (const [label, payload, condition] of cases) {
    it(`answers ${label} with <${condition}/> and closes`, async () => {
      const peer = await rawConnect(t.tcpPort);
      await peer.write(STREAM_HEADER);
      await peer.waitForText(/<\/stream:features>/);
      await peer.write(payload);
      const all = await peer.closed;
      expect(all).toMatch(streamError(condition));
      expect(all.endsWith('</stream:stream>')).toBe(true);
      await stillServing();
    });
  }

  it('refuses a 10 MB stanza with <policy-violation/> without reading it all', async () => {
    const peer = await rawConnect(t.tcpPort);
    await peer.write(STREAM_HEADER);
    await peer.waitForText(/<\/stream:features>/);
    const chunk = 'x'.repeat(64 * 1024);
    await peer.write("<message to='bystander@localhost'><body>");
    let sent = 0;
    while (sent < 10 * 1024 * 1024 && !peer.socket.destroyed && !/stream:error/.test(peer.text())) {
      await peer.write(chunk);
      sent += chunk.length;
    }
    const all = await peer.closed;
    expect(all).toMatch(streamError('policy-violation'));
    expect(sent).toBeLessThan(10 * 1024 * 1024);
    await stillServing();
  });

  it('answers an oversize WebSocket frame with <policy-violation/>', async () => {
    const ws = new WebSocket(t.wsService, 'xmpp');
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(d.toString()));
    await new Promise((r) => ws.once('open', r));
    ws.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
    await expect.poll(() => frames.some((f) => f.includes('stream:features'))).toBe(true);
    ws.send(`<message xmlns='jabber:client'><body>${'y'.repeat(100 * 1024)}</body></message>`);
    await new Promise((r) => ws.once('close', r));
    expect(frames.join('')).toMatch(/<policy-violation xmlns=['"]urn:ietf:params:xml:ns:xmpp-streams['"]\/>/);
    expect(frames.at(-1)).toMatch(/^<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/);
  });

  it('keeps a client flooding 100,000 stanzas behind backpressure while others are served', async () => {
    const sink = await connect({ service: t.tcpService, username: 'sink', password: 'pw', resource: 'r' });
    const flooder = await connect({ service: t.tcpService, username: 'flooder', password: 'pw', resource: 'r' });
    const pid = t.node.sessions.get('flooder@localhost', 'r')?.pid as number;
    const total = 100_000;
    let count = 0;
    sink.xmpp.on('stanza', (el: { name: string }) => {
      if (el.name === 'message') count++;
    });
    const batch = 1000;
    const writes: Promise<void>[] = [];
    for (let i = 0; i < total; i += batch) {
      let data = '';
      for (let j = i; j < i + batch; j++) data += `<message to='${sink.jid}' type='chat' id='f${j}'><body>${j}</body></message>`;
      writes.push(flooder.xmpp.write(data));
    }
    await stillServing();
    await Promise.all(writes);
    await expect.poll(() => count, { timeout: 60_000, interval: 200 }).toBe(total);
    const info = t.node.runtime.info(pid);
    // The flooder's mailbox stayed bounded: its socket was paused instead of buffering 100,000 stanzas.
    expect(info?.peakMailbox).toBeLessThan(5000);
    await sink.stop();
    await flooder.stop();
  });

  it('ends the session of a client that stops reading, once its bounded queue is full', async () => {
    const sleeper = await connect({ service: t.tcpService, username: 'sleeper', password: 'pw', resource: 'r' });
    const talker = await connect({ service: t.tcpService, username: 'talker', password: 'pw', resource: 'r' });
    (sleeper.xmpp as unknown as { socket: { pause(): void } }).socket.pause();
    const body = 'z'.repeat(16 * 1024);
    for (let i = 0; i < 5000; i++) {
      await talker.xmpp.send(xml('message', { to: sleeper.jid, type: 'chat', id: `s${i}` }, xml('body', {}, body)));
      if (t.node.sessions.get('sleeper@localhost', 'r') === undefined) break;
    }
    await expect.poll(() => t.node.sessions.get('sleeper@localhost', 'r'), { timeout: 20_000 }).toBeUndefined();
    const closed = t.logs.find((l) => l.what === 'session_closed' && l.jid === sleeper.jid);
    expect(closed?.reason).toBe('mailbox_overflow');
    // What could not be delivered to the dead session went to offline storage.
    expect(await t.node.storage.offline.count('sleeper@localhost')).toBeGreaterThan(0);
    await stillServing();
    await talker.stop();
    await sleeper.stop();
  });

  it('leaks no process: the count returns to its baseline', async () => {
    await expect.poll(() => t.node.runtime.count(), { timeout: 10_000 }).toBe(baseline);
    expect(t.node.sessions.count()).toBe(1);
  });
});
