// The node side of the `processes` bench part, in a process of its own so that its CPU time is the
// node's alone: a process runtime holding a busy node's table (100,000 processes by default) behind
// the admin API's process routes. It tells its parent the port, and answers each 'cpu' message
// with its process.cpuUsage(), so the parent can take the CPU the node spent on one refresh.
// Started by processes-refresh-bench.ts with fork(); not run by hand.
import pino from 'pino';
import { registerProcessesRoutes } from '../embedded-server/admin/routes/processes-routes.js';
import { startAdminServer } from '../embedded-server/admin/server/admin-server.js';
import { RouteTable } from '../embedded-server/admin/server/route-table.js';
import { Runtime } from '../embedded-server/runtime/index.js';
import { populateProcesses } from './admin-processes-bench.js';

export type NodeMessage = { type: 'ready'; port: number; processes: number; populate_ms: number } | { type: 'cpu'; user_us: number; system_us: number };

const send = (message: NodeMessage) => process.send?.(message);

if (process.send === undefined) {
  process.stderr.write('processes-refresh-node: start me with fork() from processes-refresh-bench (I report over IPC)\n');
  process.exit(2);
}
const count = Number(process.env.MEERKAT_BENCH_PROCESSES ?? 100_000);
const token = process.env.MEERKAT_BENCH_TOKEN ?? '';
const runtime = new Runtime();
const started = performance.now();
populateProcesses(runtime, count);
const populateMs = performance.now() - started;
const routes = new RouteTable();
const log = pino({ level: 'silent' });
registerProcessesRoutes(routes, { runtime, log });
const server = await startAdminServer({ host: '127.0.0.1', port: 0, token, routes, log });
process.on('message', (message) => {
  if (message === 'cpu') {
    const cpu = process.cpuUsage();
    send({ type: 'cpu', user_us: cpu.user, system_us: cpu.system });
  } else if (message === 'stop') {
    void server.close().then(() => runtime.shutdown()).then(() => process.exit(0));
  }
});
send({ type: 'ready', port: server.port, processes: runtime.count(), populate_ms: populateMs });
