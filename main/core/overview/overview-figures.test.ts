import { describe, expect, it } from 'vitest';
import type { NodeView } from '../../common/node-views.js';
import { overviewOf } from './overview-figures.js';

const view = (status: NodeView['status']): NodeView => ({
  id: 'n1',
  name: 'n1',
  kind: 'local',
  status,
  stages: [],
  version: '0.1.0',
  uptime_s: 5,
  hosts: ['localhost'],
  ports: { c2s: 1, websocket: 2, admin: 3 },
  adminUrl: 'http://127.0.0.1:3',
  testUser: null,
  lastError: null,
  osPid: 1,
  dataDir: null,
  configFile: null,
});

const sample = {
  timestamp: 1000,
  values: {
    sessions: 12,
    stanzas_in_message_per_s: 10,
    stanzas_in_presence_per_s: 2,
    stanzas_in_iq_per_s: null,
    stanzas_out_message_per_s: 9,
    mailbox_total_messages: 20_000,
    mailbox_max_messages: 3,
    event_loop_delay_p99_seconds: 0.25,
    event_loop_utilization_ratio: 0.4,
    heap_used_bytes: 64 * 1024 * 1024,
    processes: 30,
  },
};

describe('overviewOf', () => {
  it('derives the figures (sums, ms, MB) and flags those out of range', () => {
    const o = overviewOf(view('running'), sample);
    expect(o.figures.stanzasInPerS).toEqual({ value: 12, warn: false });
    expect(o.figures.stanzasOutPerS.value).toBe(9);
    expect(o.figures.eventLoopDelayP99Ms).toEqual({ value: 250, warn: true });
    expect(o.figures.mailboxTotal.warn).toBe(true);
    expect(o.figures.mailboxMax.warn).toBe(false);
    expect(o.figures.heapMb.value).toBe(64);
    expect(o.warn).toBe(true);
    expect(o.at).toBe(1000);
  });

  it('shows no figures for a node that is not running', () => {
    const o = overviewOf(view('crashed'), sample);
    expect(o.figures.sessions).toEqual({ value: null, warn: false });
    expect(o.warn).toBe(false);
    expect(o.status).toBe('crashed');
  });
});
