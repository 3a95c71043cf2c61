// The load generator process. The runner starts it pinned to its own CPU and drives it with JSON-line
// commands on stdin (generator-protocol.ts); each command gets exactly one JSON-line reply on stdout.
import { createInterface } from 'node:readline';
import { cpusAllowed, openFilesLimit } from '../proc-stats.js';
import type { GeneratorCommand, GeneratorReply } from './generator-protocol.js';
import { IdleConnections, runLogins } from './login-runs.js';
import { runMessageSteps } from './message-steps.js';
import { SaltedPasswordCache } from '../../main/core/traffic/scram-client.js';

function reply(message: GeneratorReply): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function execute(command: GeneratorCommand, cache: SaltedPasswordCache, idle: IdleConnections): Promise<GeneratorReply | undefined> {
  switch (command.cmd) {
    case 'logins':
      return runLogins(command, cache);
    case 'open_idle':
      return idle.open(command, cache);
    case 'close_idle':
      return idle.close();
    case 'messages':
      return runMessageSteps(command, cache);
    case 'exit':
      return undefined;
  }
}

async function main(): Promise<void> {
  // Shared across commands, so a login bench followed by an idle bench derives each key only once.
  const cache = new SaltedPasswordCache();
  const idle = new IdleConnections();
  reply({ reply: 'ready', pid: process.pid, open_files_limit: openFilesLimit(process.pid) ?? null, cpus_allowed: cpusAllowed(process.pid) ?? null });
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let command: GeneratorCommand;
    try {
      command = JSON.parse(line) as GeneratorCommand;
    } catch {
      reply({ reply: 'failed', cmd: '?', message: `not a JSON command: ${line.slice(0, 200)}` });
      continue;
    }
    if (command.cmd === 'exit') break;
    try {
      const result = await execute(command, cache, idle);
      if (result !== undefined) reply(result);
    } catch (err) {
      reply({ reply: 'failed', cmd: command.cmd, message: (err as Error).message });
    }
  }
  await idle.close();
  process.exit(0);
}

await main();
