// `npm run web -- --port N`: the console in the browser. Opens the console core (which starts the
// local nodes), serves the renderer and the console API on 127.0.0.1, prints the URL with its access
// token, and on SIGINT/SIGTERM stops the local nodes before exiting.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { findPackageRoot } from '../core/local/node-launcher.js';
import { ConsoleCore } from '../core/service/console-core.js';
import { startWebConsole, type WebConsole } from './web-console.js';

export interface ServeOptions {
  port: number;
  token?: string;
  localNodes: boolean;
  /** Where the URL is printed (default stdout). */
  print?: (line: string) => void;
}

/** Opens the core and the web server; returns a function closing both. */
export async function serveConsole(options: ServeOptions): Promise<{ web: WebConsole; core: ConsoleCore; close(): Promise<void> }> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const core = await ConsoleCore.open({ mode: 'web', startLocalNodes: options.localNodes });
  let web: WebConsole;
  try {
    web = await startWebConsole({ backend: core.backend, rendererDir: join(findPackageRoot(), 'out', 'renderer'), port: options.port, token: options.token });
  } catch (error) {
    await core.close();
    throw error;
  }
  print(`Meerkat console: ${web.url}`);
  return {
    web,
    core,
    close: async () => {
      await web.close();
      await core.close();
    },
  };
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number (0 picks a free one)');
  return port;
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('meerkat-console-web')
    .description('Serve the Meerkat console in the browser, on 127.0.0.1 with an access token in the URL.')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', portNumber, 0)
    .option('--token <token>', 'access token to require (default: a new random one)')
    .option('--no-local-nodes', 'do not create or start local nodes')
    .parse(argv, { from: 'user' });
  const opts = program.opts<{ port: number; token?: string; localNodes: boolean }>();
  let served: Awaited<ReturnType<typeof serveConsole>>;
  try {
    served = await serveConsole({ port: opts.port, token: opts.token, localNodes: opts.localNodes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(`meerkat-console: ${code === 'EADDRINUSE' ? `port ${opts.port} is in use; pick another with --port` : (error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    process.stderr.write(`meerkat-console: ${signal}, stopping the local nodes…\n`);
    served.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run when executed directly (node dist/main/web/serve.js), not when imported.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
