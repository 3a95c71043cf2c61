import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { defaultConfig, loadConfig, parseConfig } from './load-config.js';
import { MODULE_IDS } from './module-schemas.js';
import { storagePath } from './storage-path.js';

const dir = mkdtempSync(join(tmpdir(), 'meerkat-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the shipped example with every key', () => {
    const path = join(dir, 'example.toml');
    const example = new URL('../../assets/node.example.toml', import.meta.url);
    writeFileSync(path, readFileSync(example, 'utf8'));
    const config = loadConfig(path);
    expect(config.general).toEqual({ hosts: ['localhost'], node_name: 'node1', data_dir: join(dir, 'data', 'node1'), loglevel: 'info' });
    expect(config.listen.c2s).toEqual({
      port: 5222,
      host: '0.0.0.0',
      tls_mode: 'starttls_required',
      max_stanza_size: 65536,
    });
    expect(config.listen.websocket).toEqual({ port: 5280, host: '0.0.0.0', path: '/xmpp-websocket' });
    expect(config.listen.admin).toEqual({ port: 5551, host: '127.0.0.1' });
    expect(config.storage.backend).toBe('sqlite');
    expect(config.auth).toEqual({ methods: ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'], scram_iterations: 4096 });
    expect(config.c2s.max_mailbox).toBe(10000);
    expect(config.tracing).toEqual({ enabled: true, sample_ratio: 0.01, detail: 'sampled', slow_threshold_ms: 50, max_traces: 10_000, max_kept_per_s: 200, max_sampled_per_s: 10 });
    expect(Object.keys(config.modules).sort()).toEqual([...MODULE_IDS].sort());
    expect(config.modules.mod_roster).toEqual({ versioning: true });
    expect(config.modules.mod_offline).toEqual({ max_messages: 1000 });
    expect(config.modules.mod_version).toEqual({ os_info: false });
    expect(config.modules.mod_ping).toEqual({});
  });

  it('reports a missing file as a ConfigError naming it', () => {
    const err = configError(() => loadConfig(join(dir, 'nope.toml')));
    expect(err.file).toBe(join(dir, 'nope.toml'));
    expect(err.message).toContain('no such config file');
  });

  it('resolves relative paths against the config file folder', () => {
    const path = join(dir, 'relative.toml');
    writeFileSync(path, '[general]\ndata_dir = "state"\n[listen.c2s]\ncertfile = "tls/cert.pem"\nkeyfile = "/abs/key.pem"\n');
    const config = loadConfig(path);
    expect(config.general.data_dir).toBe(join(dir, 'state'));
    expect(config.listen.c2s?.certfile).toBe(join(dir, 'tls', 'cert.pem'));
    expect(config.listen.c2s?.keyfile).toBe('/abs/key.pem');
    expect(storagePath(config)).toBe(join(dir, 'state', 'meerkat.db'));
  });
});

describe('parseConfig', () => {
  it('applies defaults, leaves omitted listeners and modules disabled', () => {
    const config = parseConfig('[general]\nhosts = ["chat.example.com"]\nnode_name = "n2"\n', 'node.toml', { baseDir: '/srv' });
    expect(config.general).toEqual({ hosts: ['chat.example.com'], node_name: 'n2', data_dir: '/srv/data/n2', loglevel: 'info' });
    expect(config.listen).toEqual({});
    expect(config.modules).toEqual({});
    expect(config.auth.methods).toEqual(['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN']);
    expect(config.tracing.detail).toBe('sampled');
  });

  it.each([
    ['[listen.c2s]\nport = "abc"', 'node.toml: listen.c2s.port: expected an integer between 1 and 65535, got "abc"'],
    ['[listen.c2s]\nport = 70000', 'node.toml: listen.c2s.port: expected an integer between 1 and 65535, got 70000'],
    ['[listen.admin]\nport = 1.5', 'node.toml: listen.admin.port: expected an integer between 1 and 65535, got 1.5'],
    ['[general]\nhosts = []', 'node.toml: general.hosts: expected at least one host, got []'],
    ['[general]\nhosts = ["ok.example", "bad host"]', 'node.toml: general.hosts[1]: expected a lowercase domain name such as "localhost" or "chat.example.com", got "bad host"'],
    ['[general]\nloglevel = "verbose"', 'node.toml: general.loglevel: expected one of "trace", "debug", "info", "warn", "error", "fatal", got "verbose"'],
    ['[listen.c2s]\ntls_mode = "tls"', 'node.toml: listen.c2s.tls_mode: expected one of "starttls_required", "starttls", "none", got "tls"'],
    ['[storage]\nbackend = "postgresql"', 'node.toml: storage.backend: the "postgresql" backend is not available yet; use "sqlite", got "postgresql"'],
    ['[auth]\nscram_iterations = 100', 'node.toml: auth.scram_iterations: expected an integer between 4096 and 10000000, got 100'],
    ['[auth]\nmethods = ["DIGEST-MD5"]', 'node.toml: auth.methods[0]: expected one of "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", got "DIGEST-MD5"'],
    ['[modules.mod_offline]\nmax_messages = -1', 'node.toml: modules.mod_offline.max_messages: expected an integer between 0 and 1000000, got -1'],
    ['[modules.mod_version]\nos_info = "yes"', 'node.toml: modules.mod_version.os_info: expected true or false, got "yes"'],
    ['[tracing]\ndetail = "none"', 'node.toml: tracing.detail: expected one of "sampled", "all", got "none"'],
    ['[listen.websocket]\npath = "xmpp"', 'node.toml: listen.websocket.path: expected a URL path starting with "/", got "xmpp"'],
    ['[listen.c2s]\ncertfile = "a.pem"', 'node.toml: listen.c2s.keyfile: expected certfile and keyfile together (or neither, for a generated self-signed certificate)'],
  ])('rejects %j', (text, message) => {
    expect(configError(() => parseConfig(text, 'node.toml')).message).toBe(message);
  });

  it('rejects unknown keys and suggests the closest known key', () => {
    const err = configError(() => parseConfig('[listen.c2s]\nprot = 5222\n', 'node.toml'));
    expect(err.key).toBe('listen.c2s.prot');
    expect(err.reason).toBe('unknown key; did you mean "port"?');
    expect(configError(() => parseConfig('[genral]\nhosts = ["x"]', 'node.toml')).message).toBe(
      'node.toml: genral: unknown key; did you mean "general"?',
    );
    expect(configError(() => parseConfig('[listen.bosh]\nport = 5280', 'node.toml')).reason).toBe(
      'unknown key; expected one of c2s, websocket, admin',
    );
    expect(configError(() => parseConfig('[listen.s2s]\nport = 5269', 'node.toml')).reason).toMatch(/s2s.*not supported/);
  });

  it('rejects an unknown module by name', () => {
    const err = configError(() => parseConfig('[modules.mod_roster]\n[modules.mod_muc]\n', 'node.toml'));
    expect(err.key).toBe('modules.mod_muc');
    expect(err.reason).toMatch(/^unknown module; known modules: mod_roster, mod_offline/);
  });

  it('collects further problems besides the first', () => {
    const err = configError(() => parseConfig('[listen.c2s]\nport = 0\nhost = ""\n', 'node.toml'));
    expect([err.key, ...err.others.map((p) => p.key)]).toEqual(['listen.c2s.port', 'listen.c2s.host']);
  });

  it('gives line and column for TOML syntax errors', () => {
    const err = configError(() => parseConfig('[general]\nhosts = ["a"\nnode_name = "x"\n', 'node.toml'));
    expect(err.key).toBe('');
    expect(err.message).toMatch(/^node\.toml: invalid TOML at line 3, column \d+: /);
  });
});

describe('defaultConfig', () => {
  it('enables every listener and module, and merges overrides', () => {
    const config = defaultConfig({
      general: { hosts: ['example.org'], data_dir: '/tmp/meerkat-x' },
      listen: { c2s: { port: 15222 }, websocket: undefined },
      modules: { mod_offline: { max_messages: 5 } },
    });
    expect(config.general.hosts).toEqual(['example.org']);
    expect(config.general.data_dir).toBe('/tmp/meerkat-x');
    expect(config.listen.c2s?.port).toBe(15222);
    expect(config.listen.c2s?.tls_mode).toBe('starttls_required');
    expect(config.listen.websocket).toBeUndefined();
    expect(config.listen.admin).toEqual({ port: 5551, host: '127.0.0.1' });
    expect(config.modules.mod_offline).toEqual({ max_messages: 5 });
    expect(Object.keys(config.modules).sort()).toEqual([...MODULE_IDS].sort());
  });

  it('validates overrides like a file', () => {
    expect(configError(() => defaultConfig({ listen: { c2s: { port: 0 } } })).key).toBe('listen.c2s.port');
  });
});
