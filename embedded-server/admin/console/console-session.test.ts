import { EventEmitter } from 'node:events';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJid } from '../../base/jid.js';
import { newC2sCounters } from '../../c2s/c2s-deps.js';
import { SessionTable } from '../../core/sessions.js';
import { Runtime } from '../../runtime/index.js';
import type { Storage } from '../../storage/storage.js';
import type { ConsoleDeps } from './console-helpers.js';
import { startConsoleSession, type ConsoleSession } from './console-session.js';

interface Harness {
  session: ConsoleSession;
  logs: Record<string, unknown>[];
  kicked: string[];
  runtime: Runtime;
  /** Output so far, escape sequences removed. */
  text(): string;
  raw(): string;
  waitFor(fragment: string | RegExp): Promise<string>;
  exited: Promise<void>;
}

const opened: ConsoleSession[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

function harness(opts: { mode?: 'read_write' | 'read_only'; terminal?: boolean; evalTimeoutMs?: number } = {}): Harness {
  const logs: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const runtime = new Runtime();
  const sessions = new SessionTable();
  const kicked: string[] = [];
  const storage = { users: { list: async ({ limit }: { limit?: number } = {}) => ['alice@localhost', 'bob@localhost', 'carol@localhost'].slice(0, limit) } } as unknown as Storage;
  const pid = runtime.spawn({ kind: 'c2s', handle: () => {} });
  sessions.open({ pid, jid: parseJid('alice@localhost/phone'), transport: 'tcp', peer: '127.0.0.1:5000' }, 1_700_000_000_000);
  const deps: ConsoleDeps = {
    nodeName: 'node1',
    runtime,
    sessions,
    storage,
    c2sCounters: newC2sCounters(),
    kick: (jid) => {
      kicked.push(jid);
      log.info({ what: 'fake_kick', jid });
      return 1;
    },
    metrics: () => ({ stanzas_per_s: 42 }),
    log,
    evalTimeoutMs: opts.evalTimeoutMs ?? 2000,
  };
  let out = '';
  let exit: () => void = () => {};
  const exited = new Promise<void>((resolve) => (exit = resolve));
  const session = startConsoleSession({
    deps,
    mode: opts.mode ?? 'read_write',
    terminal: opts.terminal ?? false,
    cols: 100,
    rows: 30,
    peer: '127.0.0.1:40000',
    write: (data) => {
      out += data;
      return true;
    },
    onExit: exit,
  });
  opened.push(session);
  const text = () => stripAnsi(out);
  return {
    session,
    logs,
    kicked,
    runtime,
    text,
    raw: () => out,
    exited,
    async waitFor(fragment) {
      for (let i = 0; i < 300; i++) {
        const t = text();
        if (typeof fragment === 'string' ? t.includes(fragment) : fragment.test(t)) return t;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`console output never had ${String(fragment)}; it was:\n${text()}`);
    },
  };
}

describe('remote console session', () => {
  it('evaluates expressions and logs each line before running it', async () => {
    const h = harness();
    await h.waitFor('meerkat(node1)> ');
    h.session.input('1 + 1\n');
    await h.waitFor(/> 2\n/);
    h.session.input('globalThis.seen = 7; seen * 6\n');
    await h.waitFor('42');
    const evals = h.logs.filter((l) => l.what === 'console_eval');
    expect(evals.map((l) => l.code)).toEqual(['1 + 1', 'globalThis.seen = 7; seen * 6']);
    expect(evals[0]).toMatchObject({ session_id: h.session.id, peer: '127.0.0.1:40000', mode: 'read_write' });
  });

  it('logs the line even when it throws, and prints the error without console internals', async () => {
    const h = harness();
    h.session.input('throw new TypeError("nope")\n');
    const text = await h.waitFor('Uncaught TypeError: nope');
    expect(text).not.toContain('console-eval');
    expect(text).not.toContain('node:vm');
    expect(h.logs.some((l) => l.what === 'console_eval' && l.code === 'throw new TypeError("nope")')).toBe(true);
  });

  it('offers the helpers: top, sessions, proc, users, metrics, kick, help', async () => {
    const h = harness();
    const busy = h.runtime.spawn({ kind: 'worker', name: 'busy_one', handle: () => {} });
    h.runtime.suspend(busy);
    for (let i = 0; i < 7; i++) h.runtime.send(busy, { n: i });
    h.session.input("top('mailbox', 1)[0].mailboxLength\n");
    await h.waitFor(/> 7\n/);
    h.session.input('sessions()[0].jid\n');
    await h.waitFor("'alice@localhost/phone'");
    h.session.input("proc('busy_one').mailbox.messages.length\n");
    await h.waitFor(/> 5\n/);
    h.session.input(`proc('<0.${busy}.0>').pid === ${busy}\n`);
    await h.waitFor('true');
    h.session.input('users(2)\n');
    await h.waitFor("[ 'alice@localhost', 'bob@localhost' ]");
    h.session.input('metrics().then((m) => [m.sessions.total, m.metrics.stanzas_per_s])\n');
    await h.waitFor('[ 1, 42 ]');
    h.session.input('kick("alice@localhost")\n');
    await h.waitFor("'ended 1 session of alice@localhost'");
    expect(h.kicked).toEqual(['alice@localhost']);
    // The line is in the log before anything it does.
    const order = h.logs.map((l) => (l.what === 'console_eval' ? `eval ${String(l.code)}` : l.what));
    expect(order.indexOf('eval kick("alice@localhost")')).toBeGreaterThan(-1);
    expect(order.indexOf('eval kick("alice@localhost")')).toBeLessThan(order.indexOf('fake_kick'));
    h.session.input('help()\n');
    await h.waitFor('top(by = \'mailbox\', n = 10)');
    h.session.input("top('speed')\n");
    await h.waitFor("top() ranks by 'mailbox', 'handled', 'memory'");
    h.session.input('proc(999999)\n');
    await h.waitFor('no process <0.999999.0>');
  });

  it('interrupts an endless loop and keeps going', async () => {
    const h = harness({ evalTimeoutMs: 100 });
    h.session.input('while (true) {}\n');
    await h.waitFor('Interrupted: the line ran longer than 100 ms');
    h.session.input('"still here"\n');
    await h.waitFor("'still here'");
    expect(h.logs.some((l) => l.what === 'console_eval_timeout')).toBe(true);
  });

  it('continues a line that is not complete yet', async () => {
    const h = harness();
    h.session.input('[1,\n');
    h.session.input('2].length\n');
    await h.waitFor(/\.\.\. 2\n/);
    expect(h.logs.filter((l) => l.what === 'console_eval').map((l) => l.code)).toEqual(['[1,\n2].length']);
  });

  it('runs lines in order even when one returns a promise', async () => {
    const h = harness();
    h.session.input('new Promise((r) => setTimeout(() => r("first"), 50))\n"second"\n');
    const text = await h.waitFor("'second'");
    expect(text.indexOf("'first'")).toBeGreaterThan(-1);
    expect(text.indexOf("'first'")).toBeLessThan(text.indexOf("'second'"));
  });

  it('read-only: runs inspection helper calls and refuses everything else', async () => {
    const h = harness({ mode: 'read_only' });
    await h.waitFor('(read-only)');
    h.session.input("top('mailbox', 3).length\n");
    await h.waitFor('Refused: this console is read-only');
    h.session.input("top('mailbox', 3)\n");
    await h.waitFor("kind: 'c2s'");
    h.session.input('kick("alice@localhost")\n');
    h.session.input('1 + 1\n');
    h.session.input('globalThis.top = () => 1\n');
    h.session.input('.save /tmp/meerkat-console-history\n');
    await h.waitFor('Unknown command .save');
    expect(h.text().match(/Refused: this console is read-only/g)).toHaveLength(4);
    expect(h.kicked).toEqual([]);
    expect(h.text()).not.toMatch(/> 2\n/);
    const evals = h.logs.filter((l) => l.what === 'console_eval');
    expect(evals.map((l) => l.code)).toEqual(["top('mailbox', 3).length", "top('mailbox', 3)", 'kick("alice@localhost")', '1 + 1', 'globalThis.top = () => 1']);
    expect(evals.every((l) => l.mode === 'read_only')).toBe(true);
  });

  it('completes helper names on TAB in terminal mode', async () => {
    const h = harness({ terminal: true });
    await h.waitFor('meerkat(node1)> ');
    h.session.input('ses\t');
    await h.waitFor('meerkat(node1)> sessions');
    h.session.input('()\r');
    await h.waitFor("jid: 'alice@localhost/phone'");
    // Terminal output ends lines with CR LF for raw terminals and xterm.js.
    expect(h.raw()).toContain('\r\n');
    expect(h.raw()).not.toMatch(/[^\r]\n/);
  });

  it('terminal keys: history, member completion, Ctrl-C clears, Ctrl-Z never stops the node', async () => {
    const h = harness({ terminal: true });
    const stopSignals: string[] = [];
    const onStop = () => stopSignals.push('SIGTSTP');
    process.on('SIGTSTP', onStop);
    try {
      await h.waitFor('meerkat(node1)> ');
      h.session.input('40 + 2\r');
      await h.waitFor(/42\r\n/);
      h.session.input('\x1b[A');
      await h.waitFor(/meerkat\(node1\)> 40 \+ 2$/);
      h.session.input('\x03');
      await h.waitFor(/40 \+ 2\r\nmeerkat\(node1\)> $/);
      h.session.input('process.memoryU\t');
      await h.waitFor('process.memoryUsage');
      h.session.input('\x1a');
      h.session.input('\x03');
      h.session.input('\x03');
      await h.waitFor('(To exit, press Ctrl+C again');
      h.session.input('\x03');
      await h.exited;
      expect(stopSignals).toEqual([]);
    } finally {
      process.off('SIGTSTP', onStop);
    }
  });

  it('reports a throw from a timer the line set, instead of ending the node', async () => {
    const h = harness();
    h.session.input('setTimeout(() => { throw new RangeError("later") }, 5); "scheduled"\n');
    await h.waitFor('Uncaught RangeError: later');
    expect(h.logs.some((l) => l.what === 'console_async_error')).toBe(true);
    h.session.input('clearTimeout(setTimeout(() => {}, 1000)); "cleared"\n');
    await h.waitFor("'cleared'");
  });

  it('.clear forgets variables; .help lists the commands', async () => {
    const h = harness();
    h.session.input('var kept = 5\nkept\n');
    await h.waitFor(/> 5\n/);
    h.session.input('.clear\n');
    await h.waitFor('Clearing context...');
    h.session.input('typeof kept\n');
    await h.waitFor("'undefined'");
    h.session.input('typeof top\n');
    await h.waitFor("'function'");
    h.session.input('.help\n');
    await h.waitFor('.break   abandon');
  });

  it('does not load node:domain (it would slow every EventEmitter of the node)', async () => {
    const h = harness({ terminal: true });
    h.session.input('1\r');
    await h.waitFor(/1\r\n/);
    expect((EventEmitter as unknown as { usingDomains: boolean }).usingDomains).toBe(false);
  });

  it('exits on .exit after finishing, and on end of input', async () => {
    const h = harness();
    h.session.input('6 * 7\n.exit\n');
    await h.exited;
    expect(h.text()).toContain('42');
    expect(h.logs.some((l) => l.what === 'console_closed' && l.evaluated === 1)).toBe(true);

    const piped = harness();
    piped.session.input('users(1)\n');
    piped.session.endInput();
    await piped.exited;
    expect(piped.text()).toContain("[ 'alice@localhost' ]");
  });
});
