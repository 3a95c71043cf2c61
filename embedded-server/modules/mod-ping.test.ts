import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NS } from '../base/namespaces.js';
import { parseStanzaError } from '../base/stanza-errors.js';
import { xml } from '../base/xml/element.js';
import type { ServerModule } from '../core/server-module.js';
import { modDisco } from './mod-disco.js';
import { modPing } from './mod-ping.js';
import { ModuleHarness, type TestClient } from './test-harness.js';

const ping = () => xml('ping', { xmlns: NS.ping });

describe('mod_ping (XEP-0199)', () => {
  let h: ModuleHarness;
  let alice: TestClient;

  beforeEach(async () => {
    h = new ModuleHarness({
      modules: [
        [modPing as ServerModule<never>, {}],
        [modDisco as ServerModule<never>, {}],
      ],
    });
    await h.addUser('alice');
    await h.addUser('bob');
    alice = await h.connect('alice@localhost/home');
  });

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  it('answers a ping to the server with an empty result (§4.2)', async () => {
    const reply = await alice.iq('get', ping(), 'localhost');
    expect(reply.attrs.type).toBe('result');
    expect(reply.attrs.from).toBe('localhost');
    expect(reply.attrs.to).toBe('alice@localhost/home');
    expect(reply.elements()).toHaveLength(0);
  });

  it('answers a ping with no to address or to the own bare JID on the account’s behalf (§4.2)', async () => {
    expect((await alice.iq('get', ping())).attrs.type).toBe('result');
    expect((await alice.iq('get', ping(), 'alice@localhost')).attrs.type).toBe('result');
  });

  it('answers a ping to another existing account’s bare JID, not forwarding it to a resource (§4.4)', async () => {
    const bob = await h.connect('bob@localhost/phone');
    const reply = await alice.iq('get', ping(), 'bob@localhost');
    expect(reply.attrs.type).toBe('result');
    expect(reply.attrs.from).toBe('bob@localhost');
    expect(bob.received).toEqual([]);
  });

  it('answers service-unavailable for a bare JID with no account (RFC 6121 §8.5.1)', async () => {
    const reply = await alice.iq('get', ping(), 'nobody@localhost');
    expect(reply.attrs.type).toBe('error');
    expect(parseStanzaError(reply)?.condition).toBe('service-unavailable');
  });

  it('refuses a ping of type set and an unknown element as bad-request (§3: a ping is an IQ-get)', async () => {
    expect(parseStanzaError(await alice.iq('set', ping(), 'localhost'))?.condition).toBe('bad-request');
    expect(parseStanzaError(await alice.iq('set', ping()))?.condition).toBe('bad-request');
    expect(parseStanzaError(await alice.iq('get', xml('pong', { xmlns: NS.ping }), 'localhost'))?.condition).toBe('bad-request');
  });

  it('advertises urn:xmpp:ping on the server and on bare JIDs (§5)', async () => {
    const server = await alice.iq('get', xml('query', { xmlns: NS.discoInfo }), 'localhost');
    expect(server.getChild('query')!.getChildren('feature').map((f) => f.attrs.var)).toContain(NS.ping);
    const account = await alice.iq('get', xml('query', { xmlns: NS.discoInfo }));
    expect(account.getChild('query')!.getChildren('feature').map((f) => f.attrs.var)).toContain(NS.ping);
  });
});
