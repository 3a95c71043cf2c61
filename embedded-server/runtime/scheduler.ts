// The run queue and the turn loop. A FIFO of runnable processes (each queued at most once); a
// process handles at most `budgetPerProcess` messages per slice and then goes to the back of the
// queue, so one backlog cannot starve another process. A turn ends after `turnBudgetMs` and the
// next one is scheduled with setImmediate, so socket I/O and timers run between turns.
import { performance } from 'node:perf_hooks';
import { BUSY, RUNNING } from './process.js';
import type { Proc } from './process.js';
import { RingDeque } from './ring-deque.js';

/** Counters shared with the runtime, kept as plain fields on one object. */
export interface SchedulerCounters {
  mailboxTotal: number;
  handledTotal: number;
}

export interface SchedulerHooks {
  /** A handler threw or its promise rejected. */
  crashed(proc: Proc, err: unknown): void;
  /** The mailbox became empty while the process was in the non-empty index. */
  drained(proc: Proc): void;
}

/** Messages handled between two reads of the clock within a turn. */
const CLOCK_CHECK_MESSAGES = 16;

interface Thenable {
  then(onFulfilled: () => void, onRejected: (err: unknown) => void): unknown;
}

export class Scheduler {
  private readonly queue = new RingDeque<Proc>();
  // True from the moment a turn is requested until a turn ends with an empty queue.
  private scheduled = false;
  /** The process whose handler is on the stack, if any (used as the `from` of exit signals). */
  current: Proc | null = null;

  constructor(
    private readonly budgetPerProcess: number,
    private readonly turnBudgetMs: number,
    private readonly counters: SchedulerCounters,
    private readonly hooks: SchedulerHooks,
  ) {}

  get queueLength(): number {
    return this.queue.length;
  }

  /** Queue the process if it can run and has messages; start a turn if none is pending. */
  wake(proc: Proc): void {
    if (proc.blockers !== 0 || proc.queued || proc.mailbox.length === 0) return;
    proc.queued = true;
    this.queue.push(proc);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.runTurn);
    }
  }

  private readonly runTurn = (): void => {
    const deadline = performance.now() + this.turnBudgetMs;
    const queue = this.queue;
    const counters = this.counters;
    let handledAtCheck = counters.handledTotal;
    while (queue.length > 0) {
      const proc = queue.shift()!;
      proc.queued = false;
      if (proc.blockers !== 0) continue;
      this.runSlice(proc);
      if (proc.blockers === 0 && proc.mailbox.length > 0) {
        proc.queued = true;
        queue.push(proc);
      }
      // Reading the clock costs about as much as handling a message, so with many one-message
      // slices (ping-pong) it is read every CLOCK_CHECK_MESSAGES messages instead of every slice.
      if (counters.handledTotal - handledAtCheck >= CLOCK_CHECK_MESSAGES) {
        if (performance.now() >= deadline) break;
        handledAtCheck = counters.handledTotal;
      }
    }
    if (queue.length > 0) setImmediate(this.runTurn);
    else this.scheduled = false;
  };

  private runSlice(proc: Proc): void {
    const mailbox = proc.mailbox;
    const spec = proc.spec;
    const counters = this.counters;
    proc.blockers |= RUNNING;
    this.current = proc;
    for (let budget = this.budgetPerProcess; budget > 0 && mailbox.length > 0; budget--) {
      const msg = mailbox.shift();
      counters.mailboxTotal--;
      counters.handledTotal++;
      proc.handled++;
      let result: void | Promise<void>;
      try {
        result = spec.handle(msg, proc);
      } catch (err) {
        this.finishSlice(proc);
        this.hooks.crashed(proc, err);
        return;
      }
      if (result !== undefined && typeof (result as unknown as Thenable).then === 'function') {
        proc.blockers |= BUSY;
        (result as unknown as Thenable).then(
          () => this.settled(proc),
          (err) => this.rejected(proc, err),
        );
        break;
      }
      // The handler may have exited, suspended or held its own process.
      if (proc.blockers !== RUNNING) break;
    }
    this.finishSlice(proc);
  }

  private finishSlice(proc: Proc): void {
    proc.blockers &= ~RUNNING;
    this.current = null;
    if (proc.mailbox.length === 0 && proc.nonEmptyIndex >= 0) this.hooks.drained(proc);
  }

  private settled(proc: Proc): void {
    proc.blockers &= ~BUSY;
    this.wake(proc);
  }

  private rejected(proc: Proc, err: unknown): void {
    proc.blockers &= ~BUSY;
    if (proc.alive) this.hooks.crashed(proc, err);
  }
}
