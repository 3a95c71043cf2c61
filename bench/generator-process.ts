// The runner's side of generator-protocol.ts: starts the load generator pinned to CPU 1 and sends it
// one command at a time, each bounded by a timeout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { pinnedCommand, type BenchEnvironment } from './bench-environment.js';
import type { GeneratorCommand, GeneratorReply, ReadyReply } from './load/generator-protocol.js';

const GENERATOR_CPU = 1;
const GENERATOR_ENTRY = fileURLToPath(new URL('./load/generator-main.js', import.meta.url));

type ReplyOf<K extends GeneratorReply['reply']> = Extract<GeneratorReply, { reply: K }>;

export interface GeneratorProcess {
  ready: ReadyReply;
  request<K extends GeneratorReply['reply']>(command: GeneratorCommand, expected: K, timeoutMs: number): Promise<ReplyOf<K>>;
  stop(): Promise<void>;
}

export async function startGenerator(env: BenchEnvironment): Promise<GeneratorProcess> {
  const [cmd, ...args] = pinnedCommand(env, GENERATOR_CPU, [process.execPath, GENERATOR_ENTRY]);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`${line}\n`));
  const waiting: ((reply: GeneratorReply | Error) => void)[] = [];
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      for (const w of waiting.splice(0)) w(new Error(`the load generator exited (code ${code}, signal ${signal})`));
      resolve();
    }),
  );
  createInterface({ input: child.stdout }).on('line', (line) => {
    let reply: GeneratorReply;
    try {
      reply = JSON.parse(line) as GeneratorReply;
    } catch {
      process.stderr.write(`generator (not a reply): ${line}\n`);
      return;
    }
    waiting.shift()?.(reply);
  });
  const next = (timeoutMs: number) =>
    new Promise<GeneratorReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the load generator did not answer within ${timeoutMs / 1000} s; killed it`));
      }, timeoutMs);
      waiting.push((reply) => {
        clearTimeout(timer);
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      });
    });

  const first = await next(30_000);
  if (first.reply !== 'ready') throw new Error(`the load generator started with ${JSON.stringify(first)}`);
  return {
    ready: first,
    async request(command, expected, timeoutMs) {
      if (exited) throw new Error('the load generator is not running');
      const answer = next(timeoutMs);
      child.stdin.write(`${JSON.stringify(command)}\n`);
      const reply = await answer;
      if (reply.reply === 'failed') throw new Error(`load generator: ${command.cmd} failed: ${reply.message}`);
      if (reply.reply !== expected) throw new Error(`load generator answered ${reply.reply} to ${command.cmd}`);
      return reply as ReplyOf<typeof expected>;
    },
    async stop() {
      if (exited) return;
      child.stdin.end(`${JSON.stringify({ cmd: 'exit' })}\n`);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
