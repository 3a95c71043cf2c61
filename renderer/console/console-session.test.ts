import { describe, expect, it } from 'vitest';
import type { ConsoleClient, RemoteConsoleEvent } from '../../main/common/console-api.js';
import { ConsoleCallError } from '../../main/common/console-errors.js';
import { markerLine, openConsoleSession, type SessionState } from './console-session.js';

function fakeClient() {
  const requests: { name: string; req: unknown }[] = [];
  let push: ((event: RemoteConsoleEvent) => void) | undefined;
  let fail: ((error: ConsoleCallError) => void) | undefined;
  let filter: unknown;
  let unsubscribed = false;
  const client = {
    request: (name: string, req: unknown) => {
      requests.push({ name, req });
      return Promise.resolve(undefined);
    },
    subscribe: (_name: string, f: unknown, onEvent: (e: RemoteConsoleEvent) => void, onError: (e: ConsoleCallError) => void) => {
      filter = f;
      push = onEvent;
      fail = onError;
      return () => void (unsubscribed = true);
    },
  } as unknown as ConsoleClient;
  return { client, requests, push: (e: RemoteConsoleEvent) => push?.(e), fail: (e: ConsoleCallError) => fail?.(e), filter: () => filter, unsubscribed: () => unsubscribed };
}

describe('remote console session (renderer side)', () => {
  it('holds keystrokes typed before the REPL is attached and sends them in order under its session id', () => {
    const f = fakeClient();
    const output: string[] = [];
    const states: SessionState[] = [];
    const session = openConsoleSession(f.client, { nodeId: 'n1', mode: 'read_only', cols: 90, rows: 3 }, { output: (d) => output.push(d), state: (s) => states.push(s) });
    const filter = f.filter() as { nodeId: string; sessionId: string; mode: string; rows: number };
    expect(filter).toMatchObject({ nodeId: 'n1', mode: 'read_only', cols: 90, rows: 5 });
    expect(filter.sessionId).toMatch(/^[0-9a-f]{24}$/);
    session.send({ type: 'data', data: '1' });
    session.send({ type: 'data', data: '+1\r' });
    expect(f.requests).toEqual([]);
    f.push({ type: 'open', mode: 'read_only' });
    f.push({ type: 'output', data: '2\r\n' });
    expect(f.requests.map((r) => (r.req as { message: unknown }).message)).toEqual([
      { type: 'data', data: '1' },
      { type: 'data', data: '+1\r' },
    ]);
    expect(f.requests.every((r) => r.name === 'remoteConsole.input' && (r.req as { sessionId: string }).sessionId === filter.sessionId)).toBe(true);
    expect(output).toEqual(['2\r\n']);
    expect(states).toEqual(['connecting', 'open']);
    session.close();
    expect(f.unsubscribed()).toBe(true);
  });

  it('writes one marker line when the node goes away, and sends nothing after', () => {
    const f = fakeClient();
    const output: string[] = [];
    const session = openConsoleSession(f.client, { nodeId: 'n1', mode: 'read_write', cols: 80, rows: 24 }, { output: (d) => output.push(d), state: () => {} });
    f.push({ type: 'open', mode: 'read_write' });
    f.push({ type: 'lost', message: 'the node closed the console stream (1006)' });
    f.fail(new ConsoleCallError({ code: 'disconnected', message: 'gone' }));
    expect(output).toEqual([markerLine('node gone: the node closed the console stream (1006)')]);
    session.send({ type: 'data', data: 'x' });
    expect(f.requests).toEqual([]);
  });
});
