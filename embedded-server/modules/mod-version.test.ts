import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { NS } from '../base/namespaces.js';
import { parseStanzaError } from '../base/stanza-errors.js';
import { xml } from '../base/xml/element.js';
import type { ServerModule } from '../core/server-module.js';
import { modDisco } from './mod-disco.js';
import { modVersion, type VersionOptions } from './mod-version.js';
import { ModuleHarness, type TestClient } from './test-harness.js';

const query = () => xml('query', { xmlns: NS.version });

describe('mod_version (XEP-0092)', () => {
  let h: ModuleHarness;

  async function setup(options: VersionOptions): Promise<TestClient> {
    h = new ModuleHarness({
      modules: [
        [modVersion as ServerModule<never>, options],
        [modDisco as ServerModule<never>, {}],
      ],
    });
    await h.addUser('alice');
    return h.connect('alice@localhost/home');
  }

  afterEach(async () => {
    expect(h.hookErrors).toEqual([]);
    await h.stop();
  });

  it('answers name and the node version, without the OS by default (§5)', async () => {
    const alice = await setup({});
    const reply = await alice.iq('get', query(), 'localhost');
    expect(reply.attrs.type).toBe('result');
    const q = reply.getChild('query', NS.version)!;
    expect(q.getChildText('name')).toBe('Meerkat');
    expect(q.getChildText('version')).toBe('test');
    expect(q.getChild('os')).toBeUndefined();
  });

  it('includes the OS when os_info is on', async () => {
    const alice = await setup({ os_info: true });
    const reply = await alice.iq('get', query(), 'localhost');
    expect(reply.getChild('query')!.getChildText('os')).toBe(`${os.type()} ${os.release()}`);
  });

  it('refuses type set as bad-request', async () => {
    const alice = await setup({});
    expect(parseStanzaError(await alice.iq('set', query(), 'localhost'))?.condition).toBe('bad-request');
  });

  it('does not answer for a user’s bare JID (that is the client’s software, not the server’s)', async () => {
    const alice = await setup({});
    expect(parseStanzaError(await alice.iq('get', query(), 'alice@localhost'))?.condition).toBe('service-unavailable');
  });

  it('advertises jabber:iq:version on the server', async () => {
    const alice = await setup({});
    const reply = await alice.iq('get', xml('query', { xmlns: NS.discoInfo }), 'localhost');
    expect(reply.getChild('query')!.getChildren('feature').map((f) => f.attrs.var)).toContain(NS.version);
  });
});
