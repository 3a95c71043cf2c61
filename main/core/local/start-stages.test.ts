import { describe, expect, it } from 'vitest';
import { StartStages } from './start-stages.js';

const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: '2026-01-01T00:00:00Z', ...fields });

describe('StartStages', () => {
  it('walks spawned → config_valid → listeners_bound → admin_ready', () => {
    let t = 0;
    const stages = new StartStages(['c2s', 'websocket'], () => ++t);
    expect(stages.current).toBe('spawned');
    stages.spawned();
    stages.stdout(line({ what: 'module_started' }));
    expect(stages.current).toBe('listeners_bound');
    stages.stdout(line({ what: 'listener_ready', listener: 'c2s' }));
    expect(stages.current).toBe('listeners_bound');
    stages.stdout(line({ what: 'listener_ready', listener: 'websocket' }));
    expect(stages.current).toBe('admin_ready');
    expect(stages.readingOutput).toBe(false);
    stages.adminReady();
    expect(stages.complete).toBe(true);
    expect(stages.stages.map((s) => s.at)).toEqual([1, 2, 3, 4]);
  });

  it('fails config_valid on exit 2 with the node’s own stderr lines', () => {
    const stages = new StartStages(['c2s']);
    stages.spawned();
    stages.stderr('node.toml: listen.c2s.port: expected a port number');
    stages.exited(2, null);
    const failed = stages.failed;
    expect(failed?.stage).toBe('config_valid');
    expect(failed?.lines).toEqual(['node.toml: listen.c2s.port: expected a port number', 'the node process exited with code 2']);
    expect(stages.stages.find((s) => s.stage === 'listeners_bound')?.status).toBe('pending');
  });

  it('puts a port-in-use exit on listeners_bound, not on the config', () => {
    const stages = new StartStages(['c2s']);
    stages.spawned();
    stages.stderr('meerkat-node: port 5222 (listen.c2s) is already in use');
    stages.exited(3, null);
    expect(stages.stages.find((s) => s.stage === 'config_valid')?.status).toBe('ok');
    expect(stages.failed?.stage).toBe('listeners_bound');
    expect(stages.failed?.lines?.[0]).toContain('already in use');
  });

  it('shows warn and error lines of a failed stage rather than every info line', () => {
    const stages = new StartStages(['c2s']);
    stages.spawned();
    stages.stdout(line({ what: 'a' }));
    stages.stdout(line({ what: 'b' }));
    stages.stdout(JSON.stringify({ level: 60, what: 'node_start_failed' }));
    stages.exited(1, null);
    expect(stages.failed?.lines).toEqual([JSON.stringify({ level: 60, what: 'node_start_failed' }), 'the node process exited with code 1']);
  });

  it('fails admin_ready with the reason and ignores a later exit', () => {
    const stages = new StartStages([]);
    stages.spawned();
    stages.stdout(line({ what: 'node_started' }));
    expect(stages.current).toBe('admin_ready');
    stages.adminFailed('node not answering on 127.0.0.1:5551');
    stages.exited(null, 'SIGKILL');
    expect(stages.failed?.stage).toBe('admin_ready');
    expect(stages.failed?.lines?.at(-1)).toBe('node not answering on 127.0.0.1:5551');
  });
});
