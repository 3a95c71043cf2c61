import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeConfig } from '../config/node-config-schema.js';
import type { RunningNode } from './cli-context.js';
import { fakeCli, tempNodeDir } from './fake-cli-context.js';
import { main } from './main.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function node(extraToml = '') {
  const made = tempNodeDir(extraToml);
  dirs.push(made.dir);
  return made;
}

describe('meerkat-node command line', () => {
  it('prints help and version with exit 0', async () => {
    const help = fakeCli();
    expect(await main(['--help'], help.ctx)).toBe(0);
    expect(help.stdout()).toContain('Usage: meerkat-node');
    expect(help.stdout()).toMatch(/start \[options\]/);
    const userHelp = fakeCli();
    expect(await main(['user', 'import', '--help'], userHelp.ctx)).toBe(0);
    expect(userHelp.stdout()).toContain('jid,password');
    const version = fakeCli();
    expect(await main(['--version'], version.ctx)).toBe(0);
    expect(version.stdout()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown command with a suggestion and exit 2', async () => {
    const cli = fakeCli();
    expect(await main(['strat', '--config', 'x.toml'], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain("unknown command 'strat'");
    expect(cli.stderr()).toContain('Did you mean start?');
    const none = fakeCli();
    expect(await main([], none.ctx)).toBe(2);
    expect(none.stderr()).toContain('Usage: meerkat-node');
  });

  it('requires --config', async () => {
    const cli = fakeCli();
    expect(await main(['user', 'list'], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain("required option '-c, --config <file>' not specified");
  });

  it('reports a bad config with its file and key, exit 2', async () => {
    const { configFile } = node('[listen.websocket]\nport = "abc"\n');
    const cli = fakeCli();
    expect(await main(['user', 'list', '--config', configFile], cli.ctx)).toBe(2);
    expect(cli.stderr()).toBe(`${configFile}: listen.websocket.port: expected an integer between 1 and 65535, got "abc"\n`);
  });

  it('reports a missing config file, exit 2', async () => {
    const cli = fakeCli();
    expect(await main(['start', '--config', '/nonexistent/node.toml'], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain('/nonexistent/node.toml: no such config file');
  });
});

describe('meerkat-node start', () => {
  it('starts the node with the loaded config, stops it on SIGTERM and exits 0', async () => {
    const { dir, configFile } = node();
    const started: NodeConfig[] = [];
    const stops: (string | undefined)[] = [];
    const cli = fakeCli(async (config, logger) => {
      started.push(config);
      logger.info({ what: 'fake_node_started' });
      return { stop: async (reason?: string) => void stops.push(reason) } satisfies RunningNode;
    });
    const running = main(['start', '--config', configFile], cli.ctx);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toHaveLength(1);
    expect(started[0].general.data_dir).toBe(join(dir, 'data'));
    expect(cli.signals.listenerCount('SIGTERM')).toBe(1);
    expect(cli.signals.listenerCount('SIGINT')).toBe(1);

    cli.signals.emit('SIGTERM', 'SIGTERM');
    expect(await running).toBe(0);
    expect(stops).toEqual(['received SIGTERM']);
    expect(cli.exits).toEqual([0]);
    expect(cli.signals.listenerCount('SIGTERM')).toBe(0);
    const events = cli.logLines().map((line) => line.what);
    expect(events).toEqual(['fake_node_started', 'node_stopping', 'node_stopped']);
    expect(cli.logLines()[0].node).toBe('test');
  });

  it('explains a port in use, naming the listener and the config file, exit 3', async () => {
    const { configFile } = node();
    const cli = fakeCli(async () => {
      throw Object.assign(new Error('listen EADDRINUSE: address already in use 0.0.0.0:15222'), { code: 'EADDRINUSE', port: 15222 });
    });
    expect(await main(['start', '--config', configFile], cli.ctx)).toBe(3);
    expect(cli.stderr()).toBe(
      `meerkat-node: port 15222 (listen.c2s) is already in use; stop the other process or change listen.c2s.port in ${configFile}\n`,
    );
  });

  it('reports another start failure with exit 1', async () => {
    const { configFile } = node();
    const cli = fakeCli(async () => {
      throw new Error('certificate unreadable');
    });
    expect(await main(['start', '--config', configFile], cli.ctx)).toBe(1);
    expect(cli.stderr()).toBe('meerkat-node: the node failed to start: certificate unreadable\n');
    expect(cli.logLines().map((line) => line.what)).toEqual(['node_start_failed']);
  });
});
