// Scheduling priority of a running process, every thread of it: setpriority(2) with PRIO_PROCESS
// changes one thread on Linux, and a Node.js process does its work on several (main, GC helpers,
// libuv pool), so each entry of /proc/<pid>/task is reniced.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** Sets the nice value of every thread of pid; false when that is not permitted (a negative value needs privileges). */
export function setNice(pid: number, nice: number): boolean {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    threads = [String(pid)];
  }
  const result = spawnSync('renice', ['-n', String(nice), '-p', ...threads], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}
