// A remote console client for tests: the admin stream over a real WebSocket, with the output
// collected (escape sequences stripped) and a wait for a fragment of it.
import { WebSocket } from 'ws';
import type { ConsoleClientMessage, ConsoleEvent } from '../../embedded-server/admin/contract/console.js';

export interface ConsoleClient {
  ws: WebSocket;
  send(message: ConsoleClientMessage): void;
  /** Output so far without ANSI escape sequences. */
  text(): string;
  waitFor(fragment: string | RegExp, timeoutMs?: number): Promise<string>;
  closed: Promise<{ code: number; reason: string }>;
  events: ConsoleEvent[];
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

export async function openConsole(port: number, token: string, query: Record<string, string> = {}): Promise<ConsoleClient> {
  const qs = new URLSearchParams(query).toString();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/streams/console${qs ? `?${qs}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
  const events: ConsoleEvent[] = [];
  let out = '';
  ws.on('message', (data) => {
    const event = JSON.parse(data.toString()) as ConsoleEvent;
    events.push(event);
    if (event.type === 'output') out += event.data;
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const text = () => stripAnsi(out);
  return {
    ws,
    events,
    closed,
    text,
    send: (message) => ws.send(JSON.stringify(message)),
    async waitFor(fragment, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const t = text();
        if (typeof fragment === 'string' ? t.includes(fragment) : fragment.test(t)) return t;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`console output never had ${String(fragment)}; it was:\n${text()}`);
    },
  };
}
