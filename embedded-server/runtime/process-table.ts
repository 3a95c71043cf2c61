// The runtime's indexes over live processes, each kept incrementally so introspection never scans
// more than it must: by pid (insertion = pid order, for stable list() paging), a dense array (fast
// full scans for top()), the processes whose mailbox is non-empty (mailboxMax and top by mailbox
// scan only those), registered names and per-kind counts. Each live process also holds a slot: a
// small index that, unlike its dense position, never changes while it lives, so a view can keep
// per-process numbers in a typed array indexed by slot (topWindow's values at the window's start).
import type { Proc } from './process.js';
import type { Pid } from './types.js';

export class ProcessTable {
  readonly byPid = new Map<Pid, Proc>();
  readonly dense: Proc[] = [];
  readonly nonEmpty: Proc[] = [];
  readonly names = new Map<string, Proc>();
  private readonly kinds = new Map<string, number>();
  // Slots of exited processes, reused before new ones so slots stay below the peak process count.
  private readonly freeSlots: number[] = [];
  private slots = 0;
  private newest = 0;
  // An upper bound of every mailbox length, exact when its owner still has that length: senders
  // raise it in O(1), and mailboxMax() rescans only when the owner has drained since.
  private maxHint = 0;
  private maxHintProc: Proc | null = null;

  get size(): number {
    return this.dense.length;
  }

  /** Every live process's slot is below this. */
  get slotCount(): number {
    return this.slots;
  }

  /**
   * The highest pid added so far. Pids only grow, so a live process whose pid is at most this value
   * was already live when it was read, and has kept its slot since.
   */
  get newestPid(): Pid {
    return this.newest;
  }

  add(proc: Proc): void {
    this.byPid.set(proc.self, proc);
    if (proc.self > this.newest) this.newest = proc.self;
    proc.slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots++;
    proc.denseIndex = this.dense.length;
    this.dense.push(proc);
    this.kinds.set(proc.kind, (this.kinds.get(proc.kind) ?? 0) + 1);
  }

  remove(proc: Proc): void {
    this.byPid.delete(proc.self);
    const lastDense = this.dense.pop()!;
    if (lastDense !== proc) {
      this.dense[proc.denseIndex] = lastDense;
      lastDense.denseIndex = proc.denseIndex;
    }
    proc.denseIndex = -1;
    this.freeSlots.push(proc.slot);
    proc.slot = -1;
    this.markEmpty(proc);
    const left = (this.kinds.get(proc.kind) ?? 1) - 1;
    if (left === 0) this.kinds.delete(proc.kind);
    else this.kinds.set(proc.kind, left);
    if (proc.name !== undefined && this.names.get(proc.name) === proc) this.names.delete(proc.name);
  }

  markNonEmpty(proc: Proc): void {
    if (proc.nonEmptyIndex >= 0) return;
    proc.nonEmptyIndex = this.nonEmpty.length;
    this.nonEmpty.push(proc);
  }

  markEmpty(proc: Proc): void {
    if (proc.nonEmptyIndex < 0) return;
    // Swap-remove: order does not matter and this runs whenever a mailbox drains.
    const last = this.nonEmpty.pop()!;
    if (last !== proc) {
      this.nonEmpty[proc.nonEmptyIndex] = last;
      last.nonEmptyIndex = proc.nonEmptyIndex;
    }
    proc.nonEmptyIndex = -1;
  }

  /** Call after a push that made the mailbox longer than any seen since the last mailboxMax(). */
  noteLength(proc: Proc): void {
    this.maxHint = proc.mailbox.length;
    this.maxHintProc = proc;
  }

  get lengthHint(): number {
    return this.maxHint;
  }

  /** O(1) while the longest mailbox keeps its length, else O(processes with a non-empty mailbox). */
  mailboxMax(): number {
    const owner = this.maxHintProc;
    if (this.maxHint === 0 || (owner !== null && owner.denseIndex >= 0 && owner.mailbox.length === this.maxHint)) return this.maxHint;
    let max = 0;
    let maxProc: Proc | null = null;
    for (const proc of this.nonEmpty) {
      if (proc.mailbox.length > max) {
        max = proc.mailbox.length;
        maxProc = proc;
      }
    }
    this.maxHint = max;
    this.maxHintProc = maxProc;
    return max;
  }

  kindCounts(): Record<string, number> {
    return Object.fromEntries(this.kinds);
  }
}

