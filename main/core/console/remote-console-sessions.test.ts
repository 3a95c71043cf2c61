import { describe, expect, it } from 'vitest';
import type { RemoteConsoleEvent } from '../../common/remote-console-views.js';
import type { AdminStreamHandlers } from '../admin/node-admin-client.js';
import { NodeRegistry, type NodeHandle } from '../registry/node-registry.js';
import type { StreamSink } from '../service/console-backend.js';
import { RemoteConsoleSessions } from './remote-console-sessions.js';

interface FakeStream {
  filter: unknown;
  handlers: AdminStreamHandlers<unknown>;
  sent: unknown[];
  closed: boolean;
}

function setup() {
  const streams: FakeStream[] = [];
  const admin = {
    openStream(_stream: unknown, filter: unknown, handlers: AdminStreamHandlers<unknown>) {
      const s: FakeStream = { filter, handlers, sent: [], closed: false };
      streams.push(s);
      return { close: () => void (s.closed = true), send: (m: unknown) => void s.sent.push(m) };
    },
  };
  const registry = new NodeRegistry();
  registry.add({ id: 'n1', view: () => ({}) as never, admin } as unknown as NodeHandle);
  const events: RemoteConsoleEvent[] = [];
  let ended = false;
  const sink: StreamSink<RemoteConsoleEvent> = {
    event: (e) => (events.push(e), true),
    end: () => void (ended = true),
  };
  return { registry, streams, events, sink, ended: () => ended, sessions: new RemoteConsoleSessions(registry) };
}

describe('remote console sessions', () => {
  it('opens the node console in the asked mode and size, forwards input and output', () => {
    const t = setup();
    t.sessions.open({ nodeId: 'n1', sessionId: 'abcdefgh12', mode: 'read_only', cols: 100, rows: 30 }, t.sink);
    expect(t.streams[0]!.filter).toEqual({ mode: 'read_only', terminal: 'true', cols: 100, rows: 30 });
    t.streams[0]!.handlers.onOpen?.();
    t.streams[0]!.handlers.onEvent({ type: 'output', data: 'meerkat> ' });
    t.sessions.input({ sessionId: 'abcdefgh12', message: { type: 'data', data: '1 + 1\r' } });
    expect(t.streams[0]!.sent).toEqual([{ type: 'data', data: '1 + 1\r' }]);
    expect(t.events).toEqual([
      { type: 'open', mode: 'read_only' },
      { type: 'output', data: 'meerkat> ' },
    ]);
  });

  it('ends with lost when the node closes the socket with an error, and forgets the session', async () => {
    const t = setup();
    t.sessions.open({ nodeId: 'n1', sessionId: 'abcdefgh12' }, t.sink);
    const { ConsoleCallError } = await import('../../common/console-errors.js');
    t.streams[0]!.handlers.onClose?.(new ConsoleCallError({ code: 'node_unreachable', message: 'node not answering' }));
    expect(t.events.at(-1)).toEqual({ type: 'lost', message: 'node not answering' });
    expect(t.ended()).toBe(true);
    expect(() => t.sessions.input({ sessionId: 'abcdefgh12', message: { type: 'eof' } })).toThrow(/no open console session/);
  });

  it('refuses a second session under the same id, and closes the node stream on unsubscribe', () => {
    const t = setup();
    const stop = t.sessions.open({ nodeId: 'n1', sessionId: 'abcdefgh12' }, t.sink);
    expect(() => t.sessions.open({ nodeId: 'n1', sessionId: 'abcdefgh12' }, t.sink)).toThrow(/already open/);
    stop();
    expect(t.streams[0]!.closed).toBe(true);
    expect(t.sessions.size).toBe(0);
  });
});
