// `npm run bench -- processes`: what one refresh of the console's process table costs the node at
// 100,000 processes. Each refresh is the request the Processes view makes every 2 s
// (renderer/processes/use-process-table.ts → main/core/processes → the admin API): by default the
// 50 rows with the longest mailboxes; the other rows here are the view's other choices. The node
// runs in a child process (processes-refresh-node.ts); its CPU time is read over IPC just before
// and just after each request, so a figure is the node's CPU for that refresh (HTTP parsing,
// ranking, JSON) plus the two IPC replies (tens of µs). The round trip seen by the caller is beside it.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CONSOLE_TARGETS } from './bench-report.js';
import { percentile } from './latency-stats.js';
import type { NodeMessage } from './processes-refresh-node.js';

export interface RefreshFigure {
  request: string;
  what: string;
  refreshes: number;
  node_cpu_ms: { median: number; p95: number; max: number };
  round_trip_ms: { median: number; p95: number; max: number };
  response_bytes: number;
}

export interface ProcessesFigure {
  processes: number;
  populate_ms: number;
  refreshes: RefreshFigure[];
  /** The default refresh (mailbox order, 50 rows): its p95 node CPU against the target. */
  meets_target: boolean;
}

const WARMUP = 5;

interface Variant {
  what: string;
  path: string;
  runs: number;
}

function variants(quick: boolean): Variant[] {
  const runs = quick ? 15 : 60;
  return [
    { what: 'default: mailbox order, 50 rows', path: '/api/processes?sort=mailbox&limit=50', runs },
    { what: 'mailbox order, 200 rows (the most the view asks)', path: '/api/processes?sort=mailbox&limit=200', runs },
    { what: 'handled order, 50 rows', path: '/api/processes?sort=handled&limit=50', runs },
    { what: 'memory order, 50 rows', path: '/api/processes?sort=memory&limit=50', runs },
    { what: 'pid order, 50 rows', path: '/api/processes?limit=50', runs },
    { what: 'kind filter c2s, mailbox order, 50 rows', path: '/api/processes?sort=mailbox&kind=c2s&limit=50', runs },
    { what: 'JID filter "user42", mailbox order, 50 rows', path: '/api/processes?sort=mailbox&serves=user42&limit=50', runs },
    // Growth over 2 s: the node samples, waits the window, samples again; the wait costs no CPU.
    { what: 'mailbox growth over 2 s, 50 rows', path: '/api/processes/top?by=mailbox&n=50&window_ms=2000', runs: quick ? 3 : 10 },
    { what: 'handled/s over 2 s, 50 rows', path: '/api/processes/top?by=handled&n=50&window_ms=2000', runs: quick ? 3 : 10 },
  ];
}

function stats(values: number[]): { median: number; p95: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => Math.round(percentile(sorted, p) * 100) / 100;
  return { median: at(50), p95: at(95), max: at(100) };
}

class NodeChild {
  private waiting: { resolve: (m: NodeMessage) => void; reject: (e: Error) => void }[] = [];

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: NodeMessage) => this.waiting.shift()?.resolve(m));
    child.on('exit', (code) => {
      const error = new Error(`the bench node exited (code ${code}) before answering; its output is above`);
      for (const w of this.waiting.splice(0)) w.reject(error);
    });
  }

  next(): Promise<NodeMessage> {
    if (this.child.exitCode !== null) return Promise.reject(new Error(`the bench node has exited (code ${this.child.exitCode}); its output is above`));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async cpuMs(): Promise<number> {
    this.child.send('cpu');
    const m = await this.next();
    if (m.type !== 'cpu') throw new Error(`the bench node answered ${m.type} to a CPU reading`);
    return (m.user_us + m.system_us) / 1000;
  }
}

export async function runProcessesBench(options: { quick?: boolean; processes?: number; progress?: (line: string) => void } = {}): Promise<ProcessesFigure> {
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const token = randomBytes(24).toString('hex');
  const child = fork(fileURLToPath(new URL('./processes-refresh-node.js', import.meta.url)), [], {
    env: { ...process.env, MEERKAT_BENCH_PROCESSES: String(options.processes ?? 100_000), MEERKAT_BENCH_TOKEN: token },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const node = new NodeChild(child);
  try {
    const ready = await node.next();
    if (ready.type !== 'ready') throw new Error(`the bench node said ${ready.type} before it was ready`);
    progress(`bench: processes — ${ready.processes.toLocaleString('en-US')} processes on the node; timing table refreshes…`);
    const base = `http://127.0.0.1:${ready.port}`;
    // With a process selected, its detail (a 20-message mailbox page) refreshes as well: take the top one.
    const top = await fetch(`${base}/api/processes?sort=mailbox&limit=1`, { headers: { authorization: `Bearer ${token}` } });
    const topPid = ((await top.json()) as { processes: { pid: number }[] }).processes[0]?.pid;
    if (topPid === undefined) throw new Error('the bench node listed no process');
    const refreshes: RefreshFigure[] = [];
    const all = variants(options.quick ?? false);
    all.splice(all.length - 1, 0, { what: 'the selected process: detail, 20 mailbox messages', path: `/api/processes/${topPid}?peek_limit=20`, runs: all[0].runs });
    for (const variant of all) {
      const cpu: number[] = [];
      const trip: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARMUP + variant.runs; i++) {
        if (variant.path.includes('window_ms') && i < WARMUP - 1) continue;
        const cpuBefore = await node.cpuMs();
        const started = performance.now();
        const res = await fetch(base + variant.path, { headers: { authorization: `Bearer ${token}` } });
        const text = await res.text();
        const ms = performance.now() - started;
        const cpuAfter = await node.cpuMs();
        if (res.status !== 200) throw new Error(`GET ${variant.path} answered ${res.status}: ${text.slice(0, 200)}`);
        if (i < WARMUP) continue;
        cpu.push(cpuAfter - cpuBefore);
        trip.push(ms);
        bytes = Buffer.byteLength(text);
      }
      refreshes.push({ request: `GET ${variant.path}`, what: variant.what, refreshes: cpu.length, node_cpu_ms: stats(cpu), round_trip_ms: stats(trip), response_bytes: bytes });
    }
    return { processes: ready.processes, populate_ms: Math.round(ready.populate_ms), refreshes, meets_target: refreshes[0].node_cpu_ms.p95 < CONSOLE_TARGETS.process_refresh_node_ms };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
}
