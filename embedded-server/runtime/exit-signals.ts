// Process exit and its signals: links, trapped EXIT messages and monitors' DOWN messages, after
// Erlang's semantics. Exits caused by links are handled from a work list rather than by recursion,
// so a long chain of linked processes cannot overflow the stack; every process's terminate() runs
// exactly once.
import { EXITING } from './process.js';
import type { Monitor, Proc } from './process.js';
import type { ProcessTable } from './process-table.js';
import type { SchedulerCounters } from './scheduler.js';
import type { ExitReason, Pid, ProcessSummary, SystemMessage } from './types.js';

export interface ExitHooks {
  deliver(proc: Proc, msg: SystemMessage): void;
  reportError(proc: Proc, err: unknown): void;
  exited(summary: ProcessSummary, reason: ExitReason): void;
}

export class ExitSignals {
  private readonly dying: Proc[] = [];
  private readonly reasons: ExitReason[] = [];
  private draining = false;
  private readonly monitorsByRef = new Map<number, Monitor>();
  private nextRef = 0;

  constructor(
    private readonly table: ProcessTable,
    private readonly counters: SchedulerCounters,
    private readonly hooks: ExitHooks,
  ) {}

  /**
   * Ends the process with the reason, whatever it traps. The process itself finishes before this
   * returns (so a supervisor's terminate can stop a subtree in order); processes taken down by its
   * links go on a work list that the outermost call drains.
   */
  stop(proc: Proc, reason: ExitReason): void {
    if ((proc.blockers & EXITING) !== 0) return;
    proc.blockers |= EXITING;
    const outermost = !this.draining;
    this.draining = true;
    try {
      this.finish(proc, reason);
      if (outermost) for (let i = 0; i < this.dying.length; i++) this.finish(this.dying[i], this.reasons[i]);
    } finally {
      if (outermost) {
        this.dying.length = 0;
        this.reasons.length = 0;
        this.draining = false;
      }
    }
  }

  link(a: Proc, b: Proc): void {
    if (a === b) return;
    (a.links ??= new Set()).add(b);
    (b.links ??= new Set()).add(a);
  }

  unlink(a: Proc, b: Proc): void {
    a.links?.delete(b);
    b.links?.delete(a);
  }

  /** `target` is undefined when the pid is not alive: DOWN {error:'noproc'} is delivered at once. */
  monitor(watcher: Proc, target: Proc | undefined, targetPid: Pid): number {
    const ref = ++this.nextRef;
    if (target === undefined) {
      this.hooks.deliver(watcher, { system: 'DOWN', ref, pid: targetPid, reason: { error: 'noproc' } });
      return ref;
    }
    const monitor: Monitor = { ref, watcher, target };
    this.monitorsByRef.set(ref, monitor);
    (watcher.monitors ??= new Map()).set(ref, monitor);
    (target.monitoredBy ??= new Map()).set(ref, monitor);
    return ref;
  }

  demonitor(ref: number): void {
    const monitor = this.monitorsByRef.get(ref);
    if (monitor === undefined) return;
    this.monitorsByRef.delete(ref);
    monitor.watcher.monitors?.delete(ref);
    monitor.target.monitoredBy?.delete(ref);
  }

  private finish(proc: Proc, reason: ExitReason): void {
    const summary = proc.summary();
    // terminate runs while links are intact: a supervisor unlinks and stops its children there.
    if (proc.spec.terminate) {
      try {
        proc.spec.terminate(reason, proc);
      } catch (err) {
        this.hooks.reportError(proc, err);
      }
    }
    this.counters.mailboxTotal -= proc.mailbox.clear();
    this.table.remove(proc);
    if (proc.links !== null) {
      const linked = proc.links;
      proc.links = null;
      for (const other of linked) {
        other.links?.delete(proc);
        this.signal(other, proc.self, reason);
      }
    }
    if (proc.monitors !== null) {
      for (const monitor of proc.monitors.values()) {
        this.monitorsByRef.delete(monitor.ref);
        monitor.target.monitoredBy?.delete(monitor.ref);
      }
      proc.monitors = null;
    }
    if (proc.monitoredBy !== null) {
      const watchers = proc.monitoredBy;
      proc.monitoredBy = null;
      for (const monitor of watchers.values()) {
        this.monitorsByRef.delete(monitor.ref);
        monitor.watcher.monitors?.delete(monitor.ref);
        this.hooks.deliver(monitor.watcher, { system: 'DOWN', ref: monitor.ref, pid: proc.self, reason });
      }
    }
    try {
      this.hooks.exited(summary, reason);
    } catch (err) {
      this.hooks.reportError(proc, err);
    }
  }

  /** A link's exit signal: trapped as a message, ignored when 'normal', fatal otherwise ('killed' stays 'killed'). */
  private signal(target: Proc, from: Pid, reason: ExitReason): void {
    if ((target.blockers & EXITING) !== 0) return;
    if (target.trapExits) this.hooks.deliver(target, { system: 'EXIT', from, reason });
    else if (reason !== 'normal') {
      target.blockers |= EXITING;
      this.dying.push(target);
      this.reasons.push(reason);
    }
  }
}
