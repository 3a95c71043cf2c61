// Linux /proc readings for a process: resident memory, CPU time, open-file limit and CPU affinity.
// proc(5): /proc/<pid>/status, /proc/<pid>/stat, /proc/<pid>/limits.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
