// The supervisor against real node processes (the compiled CLI): the staged start, a bad config,
// kill and restart.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../main/common/node-views.js';
import { configPath } from '../../main/core/local/local-node-spec.js';
import { LocalNodeSupervisor } from '../../main/core/local/local-node-supervisor.js';
import { requireBuiltNode, tempConsoleDir, type TempDir } from './console-test-env.js';

let dir: TempDir;
let supervisor: LocalNodeSupervisor;
const statuses = new Map<string, NodeStatus[]>();

beforeAll(() => {
  requireBuiltNode();
  dir = tempConsoleDir();
  supervisor = new LocalNodeSupervisor({
    dataDir: dir.path,
    onChange: (node) => {
      const seen = statuses.get(node.id) ?? [];
      if (seen.at(-1) !== node.status) seen.push(node.status);
      statuses.set(node.id, seen);
    },
  });
});

afterAll(async () => {
  await supervisor.stopAll();
  dir.remove();
});

describe('LocalNodeSupervisor', () => {
  it('creates the default node and walks its start to admin_ready', async () => {
    const node = await supervisor.ensureDefaultNode();
    expect(node).toBeDefined();
    await node!.start();
    const view = node!.view();
    expect(view.stages.map((s) => `${s.stage}:${s.status}`)).toEqual(['spawned:ok', 'config_valid:ok', 'listeners_bound:ok', 'admin_ready:ok']);
    expect(view.status).toBe('running');
    expect(view.version).toMatch(/\d+\.\d+/);
    expect(view.testUser?.jid).toBe('test@localhost');
    expect(node!.spec.testUserCreated).toBe(true);
    expect(statuses.get(node!.id)).toEqual(['stopped', 'starting', 'running']);
    expect(await supervisor.ensureDefaultNode()).toBeUndefined();
  });

  it('turns a killed node crashed, and restart brings it back', async () => {
    const node = supervisor.get('local-1')!;
    await node.kill();
    expect(node.view().status).toBe('crashed');
    expect(node.view().lastError).toMatchObject({ signal: 'SIGKILL' });
    await node.start();
    expect(node.view().status).toBe('running');
    await node.restart();
    expect(node.view().status).toBe('running');
    await node.stop();
    expect(node.view().status).toBe('stopped');
  });

  it('fails a bad config at config_valid and shows the node’s own error line', async () => {
    const node = await supervisor.create({ name: 'broken' });
    // The node's config is the user's to edit; a wrong value must stop the start at config_valid.
    writeFileSync(configPath(node.spec), readFileSync(configPath(node.spec), 'utf8').replace(/port = \d+/, 'port = 70000'));
    await node.start();
    const view = node.view();
    const failed = view.stages.find((s) => s.status === 'failed');
    expect(failed?.stage).toBe('config_valid');
    expect(failed?.lines?.join('\n')).toMatch(/listen\.c2s\.port/);
    expect(view.status).toBe('crashed');
    expect(view.stages.find((s) => s.stage === 'listeners_bound')?.status).toBe('pending');
  });
});
