// The process runtime: spawn, send, links, monitors, registered names, suspend/resume and the
// observer-style views. Semantics follow Erlang's where it matters to supervision (exit signals,
// trap_exit, 'killed' being untrappable, DOWN messages); scheduling lives in scheduler.ts.
import { errorText, listProcesses, processInfo, topProcesses, DEFAULT_LIST_LIMIT, DEFAULT_PEEK_LIMIT, MAX_LIST_LIMIT, MAX_PEEK_LIMIT } from './introspection.js';
import type { ListOptions } from './introspection.js';
import { EXITING, Proc, SUSPENDED } from './process.js';
import type { ProcessHost } from './process.js';
import { ProcessTable } from './process-table.js';
import { RuntimeError } from './runtime-error.js';
import { Scheduler } from './scheduler.js';
import type { SchedulerCounters } from './scheduler.js';
import { invalid, metric, nonNegativeInt, validateSpec } from './argument-checks.js';
import { ExitSignals } from './exit-signals.js';
import { ProcessTracer } from './process-trace.js';
import { topWindow } from './top-window.js';
import type { ExitReason, Pid, ProcessFilter, ProcessInfo, ProcessSpec, ProcessSummary, RuntimeOptions, RuntimeStats, TopMetric, TraceOptions } from './types.js';

export class Runtime {
  private readonly table = new ProcessTable();
  private readonly counters: SchedulerCounters = { mailboxTotal: 0, handledTotal: 0 };
  private droppedTotal = 0;
  private nextPid = 0;
  private readonly clock: () => number;
  private readonly scheduler: Scheduler;
  private readonly signals: ExitSignals;
  private readonly host: ProcessHost;
  private readonly tracer: ProcessTracer;

  constructor(private readonly opts: RuntimeOptions = {}) {
    const budget = opts.budgetPerProcess ?? 50;
    const turnMs = opts.turnBudgetMs ?? 4;
    if (!Number.isInteger(budget) || budget < 1) throw invalid(`budgetPerProcess must be a positive integer, got ${budget}`);
    if (!Number.isFinite(turnMs) || turnMs < 0) throw invalid(`turnBudgetMs must be a non-negative number, got ${turnMs}`);
    this.clock = opts.now ?? Date.now;
    this.tracer = new ProcessTracer(this.clock);
    this.scheduler = new Scheduler(budget, turnMs, this.counters, {
      crashed: (proc, err) => this.crashed(proc, err),
      drained: (proc) => this.table.markEmpty(proc),
    });
    this.signals = new ExitSignals(this.table, this.counters, {
      deliver: (proc, msg) => this.deliverSystem(proc, msg),
      reportError: (proc, err) => this.reportError(proc, err),
      exited: (summary, reason) => {
        if (this.tracer.active !== 0) this.tracer.exited(summary.pid);
        this.opts.onProcessExit?.(summary, reason);
      },
    });
    this.host = {
      wake: (proc) => this.scheduler.wake(proc),
      stopProcess: (proc, reason) => this.signals.stop(proc, reason),
      invalid,
    };
  }

  /** The runtime's wall clock (ms since the epoch). */
  now(): number {
    return this.clock();
  }

  spawn<M>(spec: ProcessSpec<M>, opts?: { link?: Pid }): Pid {
    validateSpec(spec as ProcessSpec<unknown>);
    if (spec.name !== undefined && this.table.names.has(spec.name)) throw new RuntimeError('name_taken', `name ${spec.name} is already registered`);
    const linkTo = opts?.link === undefined ? undefined : this.live(opts.link);
    const proc = new Proc(++this.nextPid, spec as ProcessSpec<unknown>, this, this.host, this.clock());
    this.table.add(proc);
    if (spec.name !== undefined) {
      proc.name = spec.name;
      this.table.names.set(spec.name, proc);
    }
    if (linkTo) this.signals.link(proc, linkTo);
    if (spec.init) {
      const previous = this.scheduler.current;
      this.scheduler.current = proc;
      try {
        spec.init(proc);
      } catch (err) {
        this.crashed(proc, err);
      } finally {
        this.scheduler.current = previous;
      }
    }
    return proc.self;
  }

  /** By pid or registered name; false when the process is dead/unknown or the message was dropped. */
  send(to: Pid | string, msg: unknown): boolean {
    const proc = typeof to === 'number' ? this.table.byPid.get(to) : this.table.names.get(to);
    if (proc === undefined || (proc.blockers & EXITING) !== 0) return false;
    const mailbox = proc.mailbox;
    if (mailbox.length >= mailbox.capacity) return this.overflow(proc, msg);
    mailbox.push(msg);
    this.counters.mailboxTotal++;
    if (mailbox.length > this.table.lengthHint) this.table.noteLength(proc);
    if (mailbox.length === 1) {
      this.table.markNonEmpty(proc);
      this.scheduler.wake(proc);
    }
    if (this.tracer.active !== 0) this.tracer.message(proc, msg, this.scheduler.current, true);
    return true;
  }

  /**
   * Like erlang:exit/2. 'killed' always ends the process. Otherwise a process that traps exits gets
   * an EXIT message (from the calling process, or 0 outside any handler); one that does not exits
   * with the reason, except that 'normal' is ignored unless the target is the caller itself.
   * To end a process whatever it traps, use stop().
   */
  exit(pid: Pid, reason: ExitReason = 'shutdown'): void {
    const proc = this.table.byPid.get(pid);
    if (proc === undefined || !proc.alive) return;
    if (reason === 'killed') return this.signals.stop(proc, 'killed');
    const caller = this.scheduler.current;
    if (proc.trapExits) this.deliverSystem(proc, { system: 'EXIT', from: caller?.self ?? 0, reason });
    else if (reason !== 'normal' || proc === caller) this.signals.stop(proc, reason);
  }

  kill(pid: Pid): void {
    this.exit(pid, 'killed');
  }

  /** Ends the process with the reason even when it traps exits (terminate still runs). False if not alive. */
  stop(pid: Pid, reason: ExitReason = 'normal'): boolean {
    const proc = this.table.byPid.get(pid);
    if (proc === undefined || !proc.alive) return false;
    this.signals.stop(proc, reason);
    return true;
  }

  link(a: Pid, b: Pid): void {
    this.signals.link(this.live(a), this.live(b));
  }

  unlink(a: Pid, b: Pid): void {
    const pa = this.table.byPid.get(a);
    const pb = this.table.byPid.get(b);
    if (pa && pb) this.signals.unlink(pa, pb);
  }

  /** Returns a ref; DOWN arrives when the target exits, at once with {error:'noproc'} if it is not alive. */
  monitor(watcher: Pid, target: Pid): number {
    const w = this.live(watcher);
    const t = this.table.byPid.get(target);
    return this.signals.monitor(w, t !== undefined && t.alive ? t : undefined, target);
  }

  demonitor(ref: number): void {
    this.signals.demonitor(ref);
  }

  register(name: string, pid: Pid): void {
    if (typeof name !== 'string' || name === '') throw invalid('a registered name must be a non-empty string');
    if (this.table.names.has(name)) throw new RuntimeError('name_taken', `name ${name} is already registered`);
    const proc = this.live(pid);
    if (proc.name !== undefined) throw invalid(`process ${pid} is already registered as ${proc.name}`);
    proc.name = name;
    this.table.names.set(name, proc);
  }

  unregister(name: string): void {
    const proc = this.table.names.get(name);
    if (proc === undefined) return;
    this.table.names.delete(name);
    proc.name = undefined;
  }

  whereis(name: string): Pid | undefined {
    return this.table.names.get(name)?.self;
  }

  suspend(pid: Pid): boolean {
    const proc = this.table.byPid.get(pid);
    if (proc === undefined || !proc.alive) return false;
    proc.blockers |= SUSPENDED;
    return true;
  }

  resume(pid: Pid): boolean {
    const proc = this.table.byPid.get(pid);
    if (proc === undefined || !proc.alive || (proc.blockers & SUSPENDED) === 0) return false;
    proc.blockers &= ~SUSPENDED;
    this.scheduler.wake(proc);
    return true;
  }

  isAlive(pid: Pid): boolean {
    const proc = this.table.byPid.get(pid);
    return proc !== undefined && proc.alive;
  }

  count(): number {
    return this.table.size;
  }

  stats(): RuntimeStats {
    return {
      processCount: this.table.size,
      mailboxTotal: this.counters.mailboxTotal,
      mailboxMax: this.table.mailboxMax(),
      handledTotal: this.counters.handledTotal,
      droppedTotal: this.droppedTotal,
      byKind: this.table.kindCounts(),
    };
  }

  /** In pid order; limit defaults to 1000 and is capped at 10,000. */
  list(opts: ListOptions = {}): ProcessSummary[] {
    const offset = nonNegativeInt(opts.offset ?? 0, 'offset');
    const limit = Math.min(nonNegativeInt(opts.limit ?? DEFAULT_LIST_LIMIT, 'limit'), MAX_LIST_LIMIT);
    return listProcesses(this.table, opts, offset, limit);
  }

  /** The n processes with the highest metric (bounded heap, no full sort), optionally among a kind or a serves substring. */
  top(n: number, by: TopMetric, filter?: ProcessFilter): ProcessSummary[] {
    return topProcesses(this.table, nonNegativeInt(n, 'n'), metric(by), filter);
  }

  /** Like recon:proc_window: ranks by growth of the metric over windowMs. */
  topWindow(n: number, by: TopMetric, windowMs: number): Promise<(ProcessSummary & { delta: number })[]> {
    nonNegativeInt(n, 'n');
    if (!Number.isFinite(windowMs) || windowMs < 0) throw invalid(`windowMs must be a non-negative number, got ${windowMs}`);
    return topWindow(this.table, n, metric(by), windowMs);
  }

  info(pid: Pid, opts: { peekOffset?: number; peekLimit?: number } = {}): ProcessInfo | undefined {
    const proc = this.table.byPid.get(pid);
    if (proc === undefined) return undefined;
    const offset = nonNegativeInt(opts.peekOffset ?? 0, 'peekOffset');
    const limit = Math.min(nonNegativeInt(opts.peekLimit ?? DEFAULT_PEEK_LIMIT, 'peekLimit'), MAX_PEEK_LIMIT);
    return processInfo(proc, offset, limit);
  }

  /**
   * Like recon_trace for one process: reports each message it receives or sends until maxEvents,
   * until more than maxRatePerSec arrive within a second, or until it exits (then onStop tells
   * why). Returns the function that ends the trace early (onStop is not called for that).
   */
  traceProcess(pid: Pid, opts: TraceOptions): () => void {
    const proc = this.live(pid);
    if (!Number.isInteger(opts.maxEvents) || opts.maxEvents < 1) throw invalid(`maxEvents must be a positive integer, got ${opts.maxEvents}`);
    if (!Number.isFinite(opts.maxRatePerSec) || opts.maxRatePerSec <= 0) throw invalid(`maxRatePerSec must be a positive number, got ${opts.maxRatePerSec}`);
    if (opts.maxMessageChars !== undefined) nonNegativeInt(opts.maxMessageChars, 'maxMessageChars');
    if (typeof opts.onEvent !== 'function') throw invalid('a trace needs an onEvent function');
    return this.tracer.start(proc, opts);
  }

  /** How many traces run on the process (all processes when pid is omitted). */
  traceCount(pid?: Pid): number {
    return pid === undefined ? this.tracer.active : this.tracer.count(pid);
  }

  /** The spec a live process was spawned with (supervisorChildren uses it to reach supervisor state). */
  specOf(pid: Pid): ProcessSpec<unknown> | undefined {
    return this.table.byPid.get(pid)?.spec;
  }

  /** Exits every process with 'shutdown', newest first, supervisors last; resolves when every terminate() ran. */
  async shutdown(): Promise<void> {
    // terminate() may spawn; a few rounds catch those, and a bound keeps a respawn loop from hanging.
    for (let round = 0; round < 10 && this.table.size > 0; round++) {
      const procs = [...this.table.byPid.values()].reverse();
      for (const proc of procs) if (proc.kind !== 'supervisor') this.signals.stop(proc, 'shutdown');
      for (const proc of procs) this.signals.stop(proc, 'shutdown');
    }
  }

  private overflow(proc: Proc, msg: unknown): boolean {
    proc.dropped++;
    this.droppedTotal++;
    if (this.tracer.active !== 0) this.tracer.message(proc, msg, this.scheduler.current, proc.overflow === 'drop_oldest');
    switch (proc.overflow) {
      case 'drop_oldest':
        proc.mailbox.shift();
        proc.mailbox.push(msg);
        return true;
      case 'exit':
        this.signals.stop(proc, 'mailbox_overflow');
        return false;
      default:
        return false;
    }
  }

  /** EXIT and DOWN bypass the capacity: a supervisor must never miss one. */
  private deliverSystem(proc: Proc, msg: unknown): void {
    if (!proc.alive) return;
    proc.mailbox.push(msg);
    this.counters.mailboxTotal++;
    if (proc.mailbox.length > this.table.lengthHint) this.table.noteLength(proc);
    this.table.markNonEmpty(proc);
    this.scheduler.wake(proc);
    // Signals are the runtime's, not a send by whichever process happens to be running.
    if (this.tracer.active !== 0) this.tracer.message(proc, msg, null, true);
  }

  private crashed(proc: Proc, err: unknown): void {
    this.reportError(proc, err);
    this.signals.stop(proc, { error: errorText(err) });
  }

  private reportError(proc: Proc, err: unknown): void {
    try {
      this.opts.onProcessError?.(proc.self, proc.kind, err);
    } catch {
      // The error callback is the last resort; nothing sensible is left to tell.
    }
  }

  private live(pid: Pid): Proc {
    const proc = this.table.byPid.get(pid);
    if (proc === undefined || !proc.alive) throw new RuntimeError('no_such_process', `no process ${pid}`);
    return proc;
  }
}

