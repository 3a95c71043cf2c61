// Log write-path bench: the cost of one info line through the node's logging (ring + stdout, with
// a live tail, with the rotating file) against plain pino, and of a line below the level.
// Run: `npm run build && node dist/bench/log-write-bench.js` (prints one JSON line per case).
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { pino, type DestinationStream, type Logger } from 'pino';
import { defaultConfig, type NodeConfigInput } from '../embedded-server/config/index.js';
import { createNodeLogging, lineClock, type NodeLogging } from '../embedded-server/observability/logging/node-logging.js';

const LINES = 200_000;
const ROUNDS = 7;
const BURST = 100;

interface Case {
  name: string;
  setup(): { log: Logger; done(): Promise<void>; logging?: NodeLogging };
  debugLine?: boolean;
}

function devNull() {
  // An open descriptor, so the destination is ready at once (a path opens asynchronously).
  return pino.destination({ dest: openSync('/dev/null', 'w'), sync: false });
}

function config(dataDir: string, log: NodeConfigInput['log'] = {}) {
  return defaultConfig({ general: { node_name: 'bench1', data_dir: dataDir, loglevel: 'info' }, log } as NodeConfigInput);
}

function nodeCase(name: string, dataDir: string, opts: { stdout?: boolean; file?: boolean; tail?: boolean; debugLine?: boolean } = {}): Case {
  return {
    name,
    debugLine: opts.debugLine,
    setup() {
      const stdoutFd = openSync('/dev/null', 'w');
      const log: NodeConfigInput['log'] = { stdout: opts.stdout !== false, ...(opts.file === true ? { file: 'bench.log', file_max_mb: 50, file_count: 2 } : {}) };
      const logging = createNodeLogging(config(dataDir, log), { stdoutFd });
      let received = 0;
      const tail = opts.tail === true ? logging.ring.subscribe({ what: ['message_*'] }, (e) => void (received += e.type === 'entries' ? e.entries.length : 0)) : undefined;
      return {
        log: logging.moduleLogger('router'),
        logging,
        async done() {
          tail?.flush();
          tail?.close();
          await logging.close();
          closeSync(stdoutFd);
          if (opts.tail === true && received === 0) throw new Error('the tail received nothing');
        },
      };
    },
  };
}

/** pino with the node's options (same time format, bindings) and the given destination. */
function plainCase(name: string, destination: () => DestinationStream & { flushSync?(): void; end?(): void }): Case {
  return {
    name,
    setup() {
      const stdout = destination();
      const log = pino({ base: { node: 'bench1' }, timestamp: lineClock().timestamp, messageKey: 'msg' }, stdout).child({ module: 'router' });
      return { log, done: async () => void (stdout.flushSync?.(), stdout.end?.()) };
    },
  };
}

interface Measured {
  /** Process CPU time per line (all threads: GC helpers and the outputs' writes count). */
  cpuUs: number;
  wallUs: number;
}

async function measure(c: Case): Promise<Measured> {
  const { log, done } = c.setup();
  // A JID made per call, as the chat code does (jid.toString()): the ring keeps it.
  const write =
    c.debugLine === true
      ? (i: number) => log.debug({ what: 'message_routed', jid: `alice@localhost/r${i % 1000}`, pid: i, bytes: 120 })
      : (i: number) => log.info({ what: 'message_routed', jid: `alice@localhost/r${i % 1000}`, pid: i, bytes: 120 });
  // Lines come in bursts with the event loop turning in between, as in a node under load, so
  // the asynchronous outputs write as they go; their main-thread work is in the CPU figure.
  const run = async (lines: number) => {
    for (let i = 0; i < lines; ) {
      for (const end = Math.min(lines, i + BURST); i < end; i++) write(i);
      await new Promise((r) => setImmediate(r));
    }
  };
  await run(20_000);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run(LINES);
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  await done();
  return { cpuUs: (used.user + used.system) / LINES, wallUs: (wall * 1000) / LINES };
}

/** The machine is shared: the least disturbed run is the best estimate of the cost itself. */
function best(values: number[]): number {
  return Math.min(...values);
}

export async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meerkat-log-bench-'));
  const cases: Case[] = [
    plainCase('reference: pino, no-op destination', () => ({ write: () => {} })),
    plainCase('reference: pino, pino.destination (sonic-boom) to /dev/null', devNull),
    nodeCase('node logging: ring only', dataDir, { stdout: false }),
    nodeCase('node logging: ring + stdout', dataDir),
    nodeCase('node logging: ring + stdout + live tail', dataDir, { tail: true }),
    nodeCase('node logging: ring + stdout + rotating file', dataDir, { file: true }),
    nodeCase('node logging: debug line at info level', dataDir, { debugLine: true }),
  ];
  try {
    for (const c of cases) {
      const runs: Measured[] = [];
      for (let r = 0; r < ROUNDS; r++) runs.push(await measure(c));
      process.stdout.write(
        JSON.stringify({
          bench: 'log_write',
          case: c.name,
          lines: LINES,
          rounds: ROUNDS,
          cpu_us_per_line: Number(best(runs.map((r) => r.cpuUs)).toFixed(3)),
          wall_us_per_line: Number(best(runs.map((r) => r.wallUs)).toFixed(3)),
        }) + '\n',
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
