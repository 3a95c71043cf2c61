import { describe, expect, it } from 'vitest';
import { createConsoleClient, REQUEST_NAMES, STREAM_NAMES, type ConsoleRequests, type ConsoleStreams } from './console-api.js';
import { ConsoleCallError } from './console-errors.js';
import { createSocketTransport, type ClientFrame, type FrameSocket, type ServerFrame } from './console-wire.js';

/** A socket whose server side is a function of the frames the client sends. */
function fakeSocket(serve: (frame: ClientFrame, reply: (frame: ServerFrame) => void) => void) {
  const listeners: Record<string, ((event: { data?: unknown }) => void)[]> = { open: [], close: [], message: [] };
  const sent: ClientFrame[] = [];
  const socket: FrameSocket & { readyState: number } = {
    readyState: 0,
    send(data) {
      const frame = JSON.parse(data) as ClientFrame;
      sent.push(frame);
      serve(frame, (reply) => queueMicrotask(() => listeners.message.forEach((l) => l({ data: JSON.stringify(reply) }))));
    },
    addEventListener(type, listener) {
      listeners[type].push(listener);
    },
  };
  return {
    socket,
    sent,
    open() {
      socket.readyState = 1;
      listeners.open.forEach((l) => l({}));
    },
    close() {
      socket.readyState = 3;
      listeners.close.forEach((l) => l({}));
    },
  };
}

describe('console client over the frame socket', () => {
  it('queues calls until the socket opens, then pairs replies by id', async () => {
    const fake = fakeSocket((frame, reply) => {
      if (frame.t !== 'req') return;
      if (frame.name === 'nodes.get') reply({ t: 'err', id: frame.id, error: { code: 'not_found', message: 'no node x' } });
      else reply({ t: 'res', id: frame.id, res: [] });
    });
    const client = createConsoleClient(createSocketTransport(fake.socket));
    const list = client.request('nodes.list');
    const missing = client.request('nodes.get', { nodeId: 'x' });
    expect(fake.sent).toEqual([]);
    fake.open();
    await expect(list).resolves.toEqual([]);
    const error = await missing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleCallError);
    expect(error).toMatchObject({ code: 'not_found', message: 'no node x' });
  });

  it('delivers stream events until unsubscribed, and tells the server', async () => {
    const fake = fakeSocket((frame, reply) => {
      if (frame.t === 'sub') for (let i = 0; i < 2; i++) reply({ t: 'ev', id: frame.id, event: { kind: 'removed', nodeId: `n${i}` } });
    });
    fake.open();
    const client = createConsoleClient(createSocketTransport(fake.socket));
    const seen: string[] = [];
    const unsubscribe = client.subscribe('nodes.changed', undefined, (e) => seen.push(e.kind === 'removed' ? e.nodeId : e.node.id));
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['n0', 'n1']);
    unsubscribe();
    unsubscribe();
    expect(fake.sent.filter((f) => f.t === 'unsub')).toHaveLength(1);
  });

  it('fails pending calls and open streams with "disconnected" when the socket closes', async () => {
    const fake = fakeSocket(() => {});
    fake.open();
    const client = createConsoleClient(createSocketTransport(fake.socket));
    const pending = client.request('nodes.list');
    const streamErrors: string[] = [];
    client.subscribe('logs.tail', {}, () => {}, (e) => streamErrors.push(e.code));
    fake.close();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    expect(streamErrors).toEqual(['disconnected']);
    await expect(client.request('nodes.list')).rejects.toMatchObject({ code: 'disconnected' });
  });
});

describe('channel name lists', () => {
  it('name every channel of the type maps exactly once', () => {
    // Type-level: each list covers its map (an unlisted channel fails to compile here).
    const requests: Record<keyof ConsoleRequests, true> = Object.fromEntries(REQUEST_NAMES.map((n) => [n, true])) as Record<keyof ConsoleRequests, true>;
    const streams: Record<keyof ConsoleStreams, true> = Object.fromEntries(STREAM_NAMES.map((n) => [n, true])) as Record<keyof ConsoleStreams, true>;
    expect(Object.keys(requests)).toHaveLength(REQUEST_NAMES.length);
    expect(Object.keys(streams)).toHaveLength(STREAM_NAMES.length);
    type Missing = Exclude<keyof ConsoleRequests, (typeof REQUEST_NAMES)[number]> | Exclude<keyof ConsoleStreams, (typeof STREAM_NAMES)[number]>;
    const none: [Missing] extends [never] ? true : false = true;
    expect(none).toBe(true);
  });
});
