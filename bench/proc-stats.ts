// Linux /proc readings for a process: resident memory, CPU time, open-file limit and CPU affinity.
// proc(5): /proc/<pid>/status, /proc/<pid>/stat, /proc/<pid>/limits.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function statusField(pid: number, field: string): string | undefined {
  const status = readProc(pid, 'status');
  const match = status?.match(new RegExp(`^${field}:\\s*(.+)$`, 'm'));
  return match?.[1].trim();
}

/** VmRSS in KiB, or undefined when the process is gone or /proc is unavailable. */
export function residentKb(pid: number): number | undefined {
  const rss = statusField(pid, 'VmRSS');
  return rss === undefined ? undefined : Number.parseInt(rss, 10);
}

/** The CPUs the process may run on, as the kernel lists them ("0", "0-1"). */
export function cpusAllowed(pid: number): string | undefined {
  return statusField(pid, 'Cpus_allowed_list');
}

/** Soft limit on open files ("Max open files"), or undefined. */
export function openFilesLimit(pid: number): number | undefined {
  const match = readProc(pid, 'limits')?.match(/^Max open files\s+(\d+|unlimited)/m);
  if (match === undefined || match === null) return undefined;
  return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU seconds the process has used so far (all its threads), or undefined. */
export function cpuSeconds(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return undefined;
  // The command name may contain spaces and parentheses: fields are counted after the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, i.e. 11 and 12 after the name.
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/** CPU seconds all CPUs of the machine spent busy (not idle, not waiting for I/O), from /proc/stat. */
export function machineBusySeconds(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user).
  const busy = fields.slice(0, 8).reduce((sum, x, i) => (i === 3 || i === 4 ? sum : sum + x), 0);
  return busy / ticksPerSecond();
}

export interface CpuShares {
  /** Percent of one CPU, over the measured wall time. */
  node_cpu_pct: number | null;
  /** The generator and its parent, the bench runner (which reads the node's log lines). */
  generator_cpu_pct: number;
  /** Everything else on the machine (other processes), which makes the figures less trustworthy. */
  other_cpu_pct: number | null;
}

const pct = (seconds: number, wallSeconds: number) => Math.round((seconds / wallSeconds) * 1000) / 10;

/** Measures CPU use of the node, of this process (with its parent) and of the rest of the machine from start() to stop(). */
export class CpuMeter {
  private wallStart = 0;
  private self: NodeJS.CpuUsage = { user: 0, system: 0 };
  private node: number | undefined;
  private machine: number | undefined;
  private parent: number | undefined;

  constructor(private readonly nodePid: number | undefined) {}

  start(): void {
    this.wallStart = performance.now();
    this.self = process.cpuUsage();
    this.parent = cpuSeconds(process.ppid);
    this.node = this.nodePid === undefined ? undefined : cpuSeconds(this.nodePid);
    this.machine = machineBusySeconds();
  }

  stop(): CpuShares {
    const wall = (performance.now() - this.wallStart) / 1000;
    const selfUsage = process.cpuUsage(this.self);
    // The parent is the bench runner, which reads the node's log lines: load side, not "other".
    const parentNow = cpuSeconds(process.ppid);
    const parent = this.parent === undefined || parentNow === undefined ? 0 : parentNow - this.parent;
    const self = (selfUsage.user + selfUsage.system) / 1e6 + parent;
    const nodeNow = this.nodePid === undefined ? undefined : cpuSeconds(this.nodePid);
    const machineNow = machineBusySeconds();
    const node = this.node === undefined || nodeNow === undefined ? undefined : nodeNow - this.node;
    const machine = this.machine === undefined || machineNow === undefined ? undefined : machineNow - this.machine;
    return {
      node_cpu_pct: node === undefined ? null : pct(node, wall),
      generator_cpu_pct: pct(self, wall),
      other_cpu_pct: machine === undefined || node === undefined ? null : Math.max(0, pct(machine - node - self, wall)),
    };
  }
}

/** A process counts as idle when it used at most this share of a CPU over IDLE_PROBE_MS. */
const IDLE_BELOW_PCT = 8;
const IDLE_PROBE_MS = 250;

/**
 * Waits until the process has worked off what it was given (a backlog, logins, logouts), probing its
 * CPU time every IDLE_PROBE_MS; gives up after `maxMs` (a process that never idles is reported by the
 * figures it then produces, not by a hang here).
 */
export async function waitIdle(pid: number, maxMs = 10_000): Promise<void> {
  const until = performance.now() + maxMs;
  while (performance.now() < until) {
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_PROBE_MS));
    const after = cpuSeconds(pid);
    if (before === undefined || after === undefined) return;
    if (((after - before) * 1000) / IDLE_PROBE_MS <= IDLE_BELOW_PCT / 100) return;
  }
}
