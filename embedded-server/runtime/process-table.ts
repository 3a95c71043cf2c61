// The runtime's indexes over live processes, each kept incrementally so introspection never scans
// more than it must: by pid (insertion = pid order, for stable list() paging), a dense array (fast
// full scans for top()), the processes whose mailbox is non-empty (mailboxMax and top by mailbox
// scan only those), registered names and per-kind counts.
import type { Proc } from './process.js';
import type { Pid } from './types.js';

export class ProcessTable {
  readonly byPid = new Map<Pid, Proc>();
  readonly dense: Proc[] = [];
  readonly nonEmpty: Proc[] = [];
  readonly names = new Map<string, Proc>();
  private readonly kinds = new Map<string, number>();

  get size(): number {
    return this.dense.length;
  }

  add(proc: Proc): void {
    this.byPid.set(proc.self, proc);
    proc.denseIndex = this.dense.length;
    this.dense.push(proc);
    this.kinds.set(proc.kind, (this.kinds.get(proc.kind) ?? 0) + 1);
  }

  remove(proc: Proc): void {
    this.byPid.delete(proc.self);
    swapRemove(this.dense, proc.denseIndex, (moved, index) => (moved.denseIndex = index));
    proc.denseIndex = -1;
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
    swapRemove(this.nonEmpty, proc.nonEmptyIndex, (moved, index) => (moved.nonEmptyIndex = index));
    proc.nonEmptyIndex = -1;
  }

  /** O(processes with a non-empty mailbox), which is small whenever the node keeps up. */
  mailboxMax(): number {
    let max = 0;
    for (const proc of this.nonEmpty) if (proc.mailbox.length > max) max = proc.mailbox.length;
    return max;
  }

  kindCounts(): Record<string, number> {
    return Object.fromEntries(this.kinds);
  }
}

function swapRemove(list: Proc[], index: number, reindex: (moved: Proc, index: number) => void): void {
  const last = list.pop()!;
  if (index < list.length) {
    list[index] = last;
    reindex(last, index);
  }
}
