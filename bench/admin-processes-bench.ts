// Admin API process endpoints, end to end over HTTP on loopback (admin server, route, runtime,
// JSON): finding a process whose mailbox holds 1,000,000 messages at the top of the mailbox ranking
// (the target: under 100 ms), its bounded peek, and refreshing the process table at 100,000
// processes. Run: `npm run build && node dist/bench/admin-processes-bench.js` (prints JSON lines).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import type { ProcessDetail, ProcessList, ProcessTop } from '../embedded-server/admin/contract/processes.js';
import { registerProcessesRoutes } from '../embedded-server/admin/routes/processes-routes.js';
import { startAdminServer } from '../embedded-server/admin/server/admin-server.js';
import { RouteTable } from '../embedded-server/admin/server/route-table.js';
import { Runtime } from '../embedded-server/runtime/index.js';
import type { Pid } from '../embedded-server/runtime/index.js';

const BIG_MAILBOX = 1_000_000;
const PROCESSES = 100_000;
const RUNS = 30;
const TOKEN = 'bench-token-0123456789abcdef0123456789abcdef';

interface Timing {
  median: number;
  max: number;
  bytes: number;
}

async function timeRequests<T>(baseUrl: string, path: string, check: (body: T) => void): Promise<Timing> {
  const once = async () => {
    const start = performance.now();
    const res = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${TOKEN}` } });
    const text = await res.text();
    const ms = performance.now() - start;
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text}`);
    check(JSON.parse(text) as T);
    return { ms, bytes: Buffer.byteLength(text) };
  };
  // Warm-up: the first request pays for the HTTP client, the connection and JIT.
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await once();
    times.push(r.ms);
    bytes = r.bytes;
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], max: times[times.length - 1], bytes };
}

async function withAdmin(runtime: Runtime, fn: (baseUrl: string) => Promise<void>): Promise<void> {
  const routes = new RouteTable();
  const log = pino({ level: 'silent' });
  registerProcessesRoutes(routes, { runtime, log });
  const server = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log });
  try {
    await fn(`http://127.0.0.1:${server.port}`);
  } finally {
    await server.close();
  }
}

function record(results: Record<string, number>, name: string, t: Timing): void {
  results[`${name}_median_ms`] = t.median;
  results[`${name}_max_ms`] = t.max;
  results[`${name}_response_bytes`] = t.bytes;
}

async function bigMailbox(results: Record<string, number>): Promise<void> {
  const runtime = new Runtime();
  // Other processes around it, as on a busy node: some with short queues of their own.
  for (let i = 0; i < 10_000; i++) {
    const pid = runtime.spawn({ kind: 'c2s', handle: () => {} });
    if (i % 100 === 0) {
      runtime.suspend(pid);
      for (let k = 0; k < i / 100; k++) runtime.send(pid, k);
    }
  }
  const flooded: Pid = runtime.spawn({ kind: 'slow', mailbox: { capacity: BIG_MAILBOX }, handle: () => {} });
  runtime.suspend(flooded);
  for (let i = 0; i < BIG_MAILBOX; i++) runtime.send(flooded, { type: 'chat', seq: i });
  await withAdmin(runtime, async (baseUrl) => {
    const top = await timeRequests<ProcessTop>(baseUrl, '/api/processes/top?by=mailbox&n=10', (body) => {
      if (body.processes[0]?.pid !== flooded || body.processes[0].mailbox_length !== BIG_MAILBOX) throw new Error('the flooded process is not at the top');
    });
    record(results, 'top10_mailbox_1m_mailbox', top);
    const peek = (limit: number) => (body: ProcessDetail) => {
      if (body.mailbox.messages.length !== limit) throw new Error(`peek returned ${body.mailbox.messages.length} messages, not ${limit}`);
    };
    record(results, 'info_peek20_1m_mailbox', await timeRequests(baseUrl, `/api/processes/${flooded}?peek_limit=20`, peek(20)));
    record(results, 'info_peek500_1m_mailbox', await timeRequests(baseUrl, `/api/processes/${flooded}?peek_limit=500`, peek(500)));
  });
  await runtime.shutdown();
}

/**
 * A busy node's process table: `count` processes (c2s, every 50th a room), every 100th suspended
 * with a queue of 1 to 100 messages. Shared with the `processes` part of `npm run bench`.
 */
export function populateProcesses(runtime: Runtime, count: number): void {
  for (let i = 0; i < count; i++) {
    const pid = runtime.spawn({ kind: i % 50 === 0 ? 'room' : 'c2s', serves: `user${i}@localhost/res`, handle: () => {} });
    if (i % 100 === 0) {
      runtime.suspend(pid);
      for (let k = 0; k < (i % 10_000) / 100 + 1; k++) runtime.send(pid, k);
    }
  }
}

async function manyProcesses(results: Record<string, number>): Promise<void> {
  const runtime = new Runtime();
  populateProcesses(runtime, PROCESSES);
  const rows = (n: number) => (body: ProcessList) => {
    if (body.processes.length !== n) throw new Error(`got ${body.processes.length} rows, not ${n}`);
  };
  await withAdmin(runtime, async (baseUrl) => {
    record(results, 'list_first_1000_100k_procs', await timeRequests(baseUrl, '/api/processes?limit=1000', rows(1000)));
    record(results, 'list_last_1000_100k_procs', await timeRequests(baseUrl, `/api/processes?offset=${PROCESSES - 1000}&limit=1000`, rows(1000)));
    record(results, 'list_sorted_memory_100_100k_procs', await timeRequests(baseUrl, '/api/processes?sort=memory&limit=100', rows(100)));
    record(results, 'list_sorted_mailbox_kind_100_100k_procs', await timeRequests(baseUrl, '/api/processes?sort=mailbox&kind=c2s&limit=100', rows(100)));
    record(results, 'top10_handled_100k_procs', await timeRequests<ProcessTop>(baseUrl, '/api/processes/top?by=handled&n=10', () => {}));
    record(results, 'top10_mailbox_100k_procs', await timeRequests<ProcessTop>(baseUrl, '/api/processes/top?by=mailbox&n=10', () => {}));
  });
  await runtime.shutdown();
}

export async function runAdminProcessesBench(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  await bigMailbox(results);
  await manyProcesses(results);
  for (const key of Object.keys(results)) results[key] = Math.round(results[key] * 100) / 100;
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runAdminProcessesBench();
  for (const [metric, value] of Object.entries(results)) console.log(JSON.stringify({ bench: 'admin-processes', metric, value }));
}
