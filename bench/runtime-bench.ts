// Process runtime bench: message throughput (one process, and ping-pong between two), the cost of
// introspection at 100,000 processes and with a 1,000,000-message mailbox, and the memory of an
// idle process. Run: `npm run build && node dist/bench/runtime-bench.js` (prints JSON lines).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Runtime } from '../embedded-server/runtime/index.js';
import type { Pid, ProcessSpec } from '../embedded-server/runtime/index.js';

const SINGLE_MESSAGES = 2_000_000;
const PING_PONG_MESSAGES = 1_000_000;
const PROCESSES = 100_000;
const BIG_MAILBOX = 1_000_000;

/** The mean time of fn in microseconds, over enough runs to be above timer noise. */
function timeMicros(fn: () => void, runs: number): number {
  for (let i = 0; i < Math.min(runs, 10); i++) fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) fn();
  return ((performance.now() - start) * 1000) / runs;
}

/** One warm-up run (JIT), then the median of three: the machine is shared, single runs are noisy. */
async function medianOfRuns(run: () => Promise<number>): Promise<number> {
  await run();
  const rates = [await run(), await run(), await run()].sort((a, b) => a - b);
  return rates[1];
}

function forceGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

async function singleProcessThroughput(): Promise<number> {
  const rt = new Runtime();
  let handled = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const pid = rt.spawn<number>({
    kind: 'sink',
    mailbox: { capacity: SINGLE_MESSAGES },
    handle: () => {
      if (++handled === SINGLE_MESSAGES) done();
    },
  });
  const start = performance.now();
  for (let i = 0; i < SINGLE_MESSAGES; i++) rt.send(pid, i);
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await rt.shutdown();
  return SINGLE_MESSAGES / seconds;
}

async function pingPongThroughput(): Promise<number> {
  const rt = new Runtime();
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const bounce = (to: () => Pid) => (n: unknown) => {
    if ((n as number) >= PING_PONG_MESSAGES) done();
    else rt.send(to(), (n as number) + 1);
  };
  const a: Pid = rt.spawn({ kind: 'ping', handle: bounce(() => b) });
  const b: Pid = rt.spawn({ kind: 'pong', handle: bounce(() => a) });
  const start = performance.now();
  rt.send(a, 0);
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await rt.shutdown();
  return PING_PONG_MESSAGES / seconds;
}

async function manyProcesses(results: Record<string, number>): Promise<void> {
  const gc = forceGc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rt = new Runtime();
  const spec: ProcessSpec<unknown> = { kind: 'c2s', handle: () => {} };
  const pids: Pid[] = [];
  for (let i = 0; i < PROCESSES; i++) pids.push(rt.spawn(spec));
  gc();
  results.idle_process_bytes = (process.memoryUsage().heapUsed - heapBefore) / PROCESSES;
  // 1% of processes are behind, with up to 100 queued messages each.
  for (let i = 0; i < PROCESSES; i += 100) {
    rt.suspend(pids[i]);
    for (let k = 0; k < (i % 10_000) / 100 + 1; k++) rt.send(pids[i], k);
  }
  results.top10_mailbox_100k_procs_us = timeMicros(() => rt.top(10, 'mailbox'), 200);
  results.top10_handled_100k_procs_us = timeMicros(() => rt.top(10, 'handled'), 20);
  results.stats_100k_procs_us = timeMicros(() => rt.stats(), 200);
  results.list_page_100_at_50k_us = timeMicros(() => rt.list({ offset: 50_000, limit: 100 }), 20);
  const shutdownStart = performance.now();
  await rt.shutdown();
  results.shutdown_100k_procs_ms = performance.now() - shutdownStart;
}

async function bigMailbox(results: Record<string, number>): Promise<void> {
  const rt = new Runtime();
  const pid = rt.spawn({ kind: 'slow', mailbox: { capacity: BIG_MAILBOX }, handle: () => {} });
  rt.suspend(pid);
  for (let i = 0; i < BIG_MAILBOX; i++) rt.send(pid, { type: 'chat', seq: i });
  results.info_peek20_1m_mailbox_us = timeMicros(() => rt.info(pid, { peekLimit: 20 }), 200);
  results.info_peek20_tail_1m_mailbox_us = timeMicros(() => rt.info(pid, { peekOffset: BIG_MAILBOX - 20, peekLimit: 20 }), 200);
  results.stats_1m_mailbox_us = timeMicros(() => rt.stats(), 200);
  await rt.shutdown();
}

export async function runRuntimeBench(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  results.send_handle_one_process_msgs_per_s = await medianOfRuns(singleProcessThroughput);
  results.send_handle_one_process_ns_per_msg = 1e9 / results.send_handle_one_process_msgs_per_s;
  results.ping_pong_msgs_per_s = await medianOfRuns(pingPongThroughput);
  results.ping_pong_ns_per_msg = 1e9 / results.ping_pong_msgs_per_s;
  await manyProcesses(results);
  await bigMailbox(results);
  for (const key of Object.keys(results)) results[key] = Math.round(results[key] * 100) / 100;
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runRuntimeBench();
  for (const [metric, value] of Object.entries(results)) console.log(JSON.stringify({ bench: 'runtime', metric, value }));
}
