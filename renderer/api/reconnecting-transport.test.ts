import { describe, expect, it } from 'vitest';
import type { ClientFrame, FrameSocket, ServerFrame } from '../../main/common/console-wire.js';
import { createReconnectingTransport } from './reconnecting-transport.js';

class FakeSocket implements FrameSocket {
  readyState = 0;
  sent: ClientFrame[] = [];
  private readonly handlers: Record<string, ((event: { data?: unknown }) => void)[]> = {};
  addEventListener(type: string, listener: (event: { data?: unknown }) => void) {
    (this.handlers[type] ??= []).push(listener);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientFrame);
  }
  open() {
    this.readyState = 1;
    this.handlers.open?.forEach((h) => h({}));
  }
  drop() {
    this.readyState = 3;
    this.handlers.close?.forEach((h) => h({}));
  }
  receive(frame: ServerFrame) {
    this.handlers.message?.forEach((h) => h({ data: JSON.stringify(frame) }));
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const transport = createReconnectingTransport(
    () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    { delaysMs: [100, 200], now: () => 1000, setTimer: (run, ms) => timers.push({ run, ms }) },
  );
  return { transport, sockets, timers };
}

describe('createReconnectingTransport', () => {
  it('reports connecting, open, lost with a retry time, and reconnects after the delay', () => {
    const { transport, sockets, timers } = setup();
    expect(transport.getStatus().state).toBe('connecting');
    sockets[0].open();
    expect(transport.getStatus()).toMatchObject({ state: 'open', everOpened: true });
    sockets[0].drop();
    expect(transport.getStatus()).toMatchObject({ state: 'lost', attempts: 1, retryAt: 1100 });
    timers.shift()!.run();
    expect(sockets).toHaveLength(2);
    expect(transport.getStatus().state).toBe('connecting');
    sockets[1].drop();
    expect(transport.getStatus()).toMatchObject({ state: 'lost', attempts: 2, retryAt: 1200 });
    timers.shift()!.run();
    sockets[2].open();
    expect(transport.getStatus()).toMatchObject({ state: 'open', attempts: 0 });
  });

  it('re-makes live subscriptions on the new socket and keeps delivering to the same callback', () => {
    const { transport, sockets, timers } = setup();
    const events: unknown[] = [];
    const errors: unknown[] = [];
    transport.subscribe('nodes.changed', undefined, (e) => events.push(e), (e) => errors.push(e));
    sockets[0].open();
    const first = sockets[0].sent.find((f) => f.t === 'sub')!;
    sockets[0].receive({ t: 'ev', id: first.id, event: 'one' });
    sockets[0].drop();
    timers.shift()!.run();
    sockets[1].open();
    const again = sockets[1].sent.find((f) => f.t === 'sub')!;
    expect(again).toMatchObject({ name: 'nodes.changed' });
    sockets[1].receive({ t: 'ev', id: again.id, event: 'two' });
    expect(events).toEqual(['one', 'two']);
    expect(errors).toEqual([]);
  });

  it('ends a subscription the server ends with an error, and does not re-make it', () => {
    const { transport, sockets, timers } = setup();
    const errors: { code: string }[] = [];
    transport.subscribe('metrics.live', { nodeId: 'x' }, () => {}, (e) => errors.push(e));
    sockets[0].open();
    const sub = sockets[0].sent.find((f) => f.t === 'sub')!;
    sockets[0].receive({ t: 'end', id: sub.id, error: { code: 'not_found', message: 'no node x' } });
    expect(errors.map((e) => e.code)).toEqual(['not_found']);
    sockets[0].drop();
    timers.shift()!.run();
    sockets[1].open();
    expect(sockets[1].sent.filter((f) => f.t === 'sub')).toEqual([]);
  });

  it('does not re-make a subscription that was stopped', () => {
    const { transport, sockets, timers } = setup();
    const stop = transport.subscribe('nodes.changed', undefined, () => {});
    sockets[0].open();
    stop();
    expect(sockets[0].sent.map((f) => f.t)).toEqual(['sub', 'unsub']);
    sockets[0].drop();
    timers.shift()!.run();
    sockets[1].open();
    expect(sockets[1].sent).toEqual([]);
  });

  it('rejects requests with "disconnected" while the socket is down', async () => {
    const { transport, sockets } = setup();
    sockets[0].open();
    sockets[0].drop();
    await expect(transport.request('nodes.list', undefined)).rejects.toMatchObject({ code: 'disconnected' });
  });
});
