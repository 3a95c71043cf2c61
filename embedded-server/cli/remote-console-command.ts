// `meerkat-node remote-console`: attaches this terminal to the REPL of a running node over its
// admin WebSocket (like `mongooseimctl debug`). The node does the line editing and completion; here
// a TTY is put in raw mode and bytes go both ways. Piped stdin is sent as lines, and the command
// exits when stdin ends and the node has answered them.
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Command } from 'commander';
import { WebSocket } from 'ws';
import type { ConsoleClientMessage, ConsoleEvent } from '../admin/contract/console.js';
import { adminTokenPath } from '../admin/server/admin-token.js';
import { loadConfig } from '../config/load-config.js';
import type { NodeConfig } from '../config/node-config-schema.js';
import type { CliContext } from './cli-context.js';
import { CliFailure, EXIT } from './cli-failure.js';

/** The terminal this command drives; process.stdin/stdout unless a test passes its own. */
export interface ConsoleIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
}

export function processConsoleIo(): ConsoleIo {
  return { stdin: process.stdin, stdout: process.stdout };
}

/** Where to reach [listen.admin] from this machine: a wildcard bind address means loopback. */
export function adminAddress(config: NodeConfig): string {
  const admin = config.listen.admin ?? { host: '127.0.0.1', port: 5551 };
  const host = admin.host === '0.0.0.0' ? '127.0.0.1' : admin.host === '::' ? '::1' : admin.host;
  return host.includes(':') ? `[${host}]:${admin.port}` : `${host}:${admin.port}`;
}

function readToken(config: NodeConfig): { token: string; path: string } {
  const path = adminTokenPath(config.general.data_dir);
  try {
    return { token: readFileSync(path, 'utf8').trim(), path };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliFailure(EXIT.failed, `no admin token at ${path}: the node creates it when it starts; is it started with this config?`);
    if (code === 'EACCES') throw new CliFailure(EXIT.failed, `cannot read the admin token ${path}: permission denied (run as the user the node runs as)`);
    throw new CliFailure(EXIT.failed, `cannot read the admin token ${path}: ${(err as Error).message}`);
  }
}

/** The console accepts 20–1000 columns and 5–1000 rows. */
function terminalSize(io: ConsoleIo): { cols: number; rows: number } {
  const clamp = (value: number | undefined, fallback: number, min: number) => Math.min(1000, Math.max(min, value ?? fallback));
  return { cols: clamp(io.stdout.columns, 80, 20), rows: clamp(io.stdout.rows, 24, 5) };
}

const CONNECT_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused — is the node running?',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENOTFOUND: 'unknown host',
};

export async function remoteConsole(ctx: CliContext, config: NodeConfig, opts: { readOnly: boolean }, io: ConsoleIo = processConsoleIo()): Promise<number> {
  const label = adminAddress(config);
  const { token, path: tokenPath } = readToken(config);
  const terminal = io.stdin.isTTY === true;
  const query = new URLSearchParams({
    mode: opts.readOnly ? 'read_only' : 'read_write',
    terminal: String(terminal),
    cols: String(terminalSize(io).cols),
    rows: String(terminalSize(io).rows),
  });
  // Raw mode before connecting: keys typed meanwhile wait in the TTY instead of being echoed locally.
  if (terminal) io.stdin.setRawMode?.(true);
  const ws = new WebSocket(`ws://${label}/api/streams/console?${query}`, { headers: { authorization: `Bearer ${token}` } });
  // Errors after the first are reported through 'close'; without a listener they would crash the CLI.
  ws.on('error', () => {});
  // The greeting and prompt can arrive in the same packet as the handshake: listen before 'open'.
  ws.on('message', (raw) => {
    let event: ConsoleEvent | { type: 'error'; error: { message: string } };
    try {
      event = JSON.parse(raw.toString()) as typeof event;
    } catch {
      return;
    }
    if (event.type === 'output') io.stdout.write(event.data);
    else if (event.type === 'error') ctx.stderr(`meerkat-node: the node refused a console message: ${event.error.message}\n`);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));

  const connected = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', (err: NodeJS.ErrnoException) => {
      const reason = (err.code !== undefined ? CONNECT_ERRORS[err.code] : undefined) ?? err.message;
      reject(new CliFailure(EXIT.failed, `cannot connect to the admin API at ${label}: ${reason}`));
    });
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      const status = res.statusCode ?? 0;
      if (status === 401) {
        reject(new CliFailure(EXIT.failed, `the node at ${label} refused the admin token in ${tokenPath} (401); is this the config of the node listening there?`));
      } else if (status === 404) {
        reject(new CliFailure(EXIT.failed, `the admin API at ${label} has no remote console (404); is it a meerkat-node of this version?`));
      } else {
        reject(new CliFailure(EXIT.failed, `the admin API at ${label} answered HTTP ${status} to the console request`));
      }
    });
  });
  try {
    await connected;
  } catch (err) {
    if (terminal) io.stdin.setRawMode?.(false);
    throw err;
  }

  const send = (message: ConsoleClientMessage) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };
  const decoder = new StringDecoder('utf8');
  const onData = (chunk: Buffer | string) => {
    const data = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (data !== '') send({ type: 'data', data });
  };
  const onEnd = () => send({ type: 'eof' });
  const onResize = () => send({ type: 'resize', ...terminalSize(io) });

  io.stdin.on('data', onData);
  io.stdin.on('end', onEnd);
  io.stdout.on('resize', onResize);
  io.stdin.resume();

  const { code, reason } = await closed;
  io.stdin.off('data', onData);
  io.stdin.off('end', onEnd);
  io.stdout.off('resize', onResize);
  if (terminal) io.stdin.setRawMode?.(false);
  io.stdin.pause();
  if (code === 1000) return EXIT.ok;
  ctx.stderr(`\nmeerkat-node: the console connection to ${label} closed (${code}${reason.length > 0 ? `: ${reason}` : ''})\n`);
  return EXIT.failed;
}

/** Registers `remote-console` on the program (one call from main.ts). */
export function addRemoteConsoleCommand(program: Command, ctx: CliContext, setResult: (code: Promise<number>) => void): void {
  program
    .command('remote-console')
    .description("attach this terminal to a REPL inside the running node (every line is in the node's log)")
    .requiredOption('-c, --config <file>', 'path of the node configuration (node.toml)')
    .option('--read-only', 'only the inspection helpers (sessions, top, proc, metrics, users, help)', false)
    .action((opts: { config: string; readOnly: boolean }) => setResult(remoteConsole(ctx, loadConfig(opts.config), { readOnly: opts.readOnly })));
}
