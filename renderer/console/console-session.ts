// One remote console session over the console API: a remoteConsole.session stream under a random
// session id, and remoteConsole.input requests under the same id. Input typed before the node's
// REPL is attached waits and goes in order; the end of the session writes a marker line, so a
// node that went away is plain in the scrollback and not just a frozen prompt.
import type { ConsoleClient, RemoteConsoleEvent, RemoteConsoleMessage, RemoteConsoleMode } from '../../main/common/console-api.js';

export type SessionState = 'connecting' | 'open' | 'exited' | 'lost';

export interface SessionOptions {
  nodeId: string;
  mode: RemoteConsoleMode;
  cols: number;
  rows: number;
}

export interface SessionCallbacks {
  output(data: string): void;
  state(state: SessionState): void;
}

export interface ConsoleSession {
  send(message: RemoteConsoleMessage): void;
  close(): void;
}

export function newSessionId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function markerLine(text: string): string {
  return `\r\n\x1b[7m ── ${text} ── \x1b[0m\r\n`;
}

export function openConsoleSession(client: ConsoleClient, options: SessionOptions, callbacks: SessionCallbacks): ConsoleSession {
  const sessionId = newSessionId();
  let state: SessionState = 'connecting';
  const pending: RemoteConsoleMessage[] = [];
  const setState = (next: SessionState) => {
    state = next;
    callbacks.state(next);
  };
  const deliver = (message: RemoteConsoleMessage) => {
    client.request('remoteConsole.input', { sessionId, message }).catch((error: unknown) => {
      if (state === 'open') callbacks.output(markerLine(`input not delivered: ${(error as Error).message}`));
    });
  };
  const end = (next: 'exited' | 'lost', text: string) => {
    if (state === 'exited' || state === 'lost') return;
    setState(next);
    callbacks.output(markerLine(text));
  };
  const onEvent = (event: RemoteConsoleEvent) => {
    switch (event.type) {
      case 'open':
        setState('open');
        for (const message of pending.splice(0)) deliver(message);
        break;
      case 'output':
        callbacks.output(event.data);
        break;
      case 'exit':
        end('exited', 'console ended');
        break;
      case 'lost':
        end('lost', `node gone: ${event.message}`);
        break;
    }
  };
  const unsubscribe = client.subscribe(
    'remoteConsole.session',
    { nodeId: options.nodeId, sessionId, mode: options.mode, cols: Math.max(20, options.cols), rows: Math.max(5, options.rows) },
    onEvent,
    (error) => end('lost', `connection lost: ${error.message}`),
  );
  callbacks.state(state);
  return {
    send(message) {
      if (state === 'connecting') pending.push(message);
      else if (state === 'open') deliver(message);
    },
    close() {
      unsubscribe();
    },
  };
}
