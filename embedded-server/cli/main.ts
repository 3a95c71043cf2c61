// meerkat-node command line: `start` runs the chat node; `user …` administers accounts offline.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import type { NodeConfig } from '../config/node-config-schema.js';
import type { Storage } from '../storage/storage.js';
import { StorageError } from '../storage/storage.js';
import type { CliContext } from './cli-context.js';
import { processContext } from './cli-context.js';
import { CliFailure, EXIT } from './cli-failure.js';
import { openNodeStorage } from './node-storage.js';
import { packageVersion } from './package-version.js';
import { addRemoteConsoleCommand } from './remote-console-command.js';
import { startCommand } from './start-command.js';
import { addUser, deleteUser, listUsers } from './user-commands.js';
import { importUsers } from './user-import.js';

const CONFIG_OPTION = ['-c, --config <file>', 'path of the node configuration (node.toml)'] as const;

async function withStorage(configFile: string, body: (storage: Storage, config: NodeConfig) => Promise<void>): Promise<number> {
  const config = loadConfig(configFile);
  const storage = openNodeStorage(config);
  try {
    await body(storage, config);
  } finally {
    await storage.close();
  }
  return EXIT.ok;
}

function buildProgram(ctx: CliContext, setResult: (code: Promise<number>) => void): Command {
  const program = new Command('meerkat-node')
    .description('The Meerkat chat node (XMPP server).')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => ctx.stdout(text), writeErr: (text) => ctx.stderr(text) })
    .showHelpAfterError('(run meerkat-node --help for usage)')
    .showSuggestionAfterError(true);

  program
    .command('start')
    .description('run the node until SIGTERM or SIGINT')
    .requiredOption(...CONFIG_OPTION)
    .action((opts: { config: string }) => setResult(startCommand(ctx, loadConfig(opts.config), opts.config)));

  const user = program.command('user').description("manage accounts in the node's database");
  user
    .command('add')
    .description('create an account')
    .argument('<jid>', 'bare JID, e.g. alice@localhost')
    .requiredOption('-p, --password <password>', 'the password (stored only as SCRAM credentials)')
    .requiredOption(...CONFIG_OPTION)
    .action((jid: string, opts: { password: string; config: string }) =>
      setResult(withStorage(opts.config, (storage, config) => addUser(ctx, storage, config, jid, opts.password))),
    );
  user
    .command('delete')
    .description('delete an account and everything stored for it')
    .argument('<jid>', 'bare JID')
    .requiredOption(...CONFIG_OPTION)
    .action((jid: string, opts: { config: string }) =>
      setResult(withStorage(opts.config, (storage, config) => deleteUser(ctx, storage, config, jid))),
    );
  user
    .command('list')
    .description('print account JIDs, sorted')
    .option('--host <host>', 'only accounts on this host')
    .requiredOption(...CONFIG_OPTION)
    .action((opts: { host?: string; config: string }) =>
      setResult(withStorage(opts.config, (storage, config) => listUsers(ctx, storage, config, opts.host))),
    );
  user
    .command('import')
    .description('create accounts from a file of "jid,password" lines (# comments and blank lines skipped)')
    .argument('<file>', 'the accounts file')
    .requiredOption(...CONFIG_OPTION)
    .action((file: string, opts: { config: string }) =>
      setResult(
        withStorage(opts.config, async (storage, config) => {
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch (err) {
            throw new CliFailure(EXIT.usage, `cannot read ${file}: ${(err as Error).message}`);
          }
          const { imported, existing, invalid } = await importUsers(ctx, storage, config, text);
          ctx.stdout(`imported ${imported} users, skipped ${existing} existing, ${invalid} invalid lines\n`);
        }),
      ),
    );
  addRemoteConsoleCommand(program, ctx, setResult);
  return program;
}

function report(ctx: CliContext, err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof ConfigError) {
    ctx.stderr(`${err.message}\n`);
    for (const other of err.others) ctx.stderr(`${err.file}: ${other.key === '' ? '' : `${other.key}: `}${other.reason}\n`);
    return EXIT.usage;
  }
  if (err instanceof CliFailure) {
    ctx.stderr(`meerkat-node: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof StorageError) {
    ctx.stderr(`meerkat-node: storage error (${err.code}): ${err.message}\n`);
    return EXIT.failed;
  }
  ctx.stderr(`meerkat-node: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.failed;
}

export async function main(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  let result: Promise<number> = Promise.resolve(EXIT.ok);
  try {
    const program = buildProgram(ctx, (code) => {
      result = code;
    });
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return await result;
  } catch (err) {
    return report(ctx, err);
  }
}
