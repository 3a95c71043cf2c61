// Top-N selection with a bounded min-heap: O(P log n) over P processes, never a full sort, so
// top(10) stays cheap at 100,000 processes. Ties rank the older process (lower pid) first.
import type { Proc } from './process.js';

export interface Ranked {
  proc: Proc;
  key: number;
}

export class TopHeap {
  private readonly keys: number[] = [];
  private readonly procs: Proc[] = [];

  constructor(private readonly n: number) {}

  get size(): number {
    return this.procs.length;
  }

  offer(proc: Proc, key: number): void {
    if (this.n <= 0) return;
    if (this.procs.length < this.n) {
      this.keys.push(key);
      this.procs.push(proc);
      this.siftUp(this.procs.length - 1);
    } else if (this.worse(0, key, proc.self)) {
      this.keys[0] = key;
      this.procs[0] = proc;
      this.siftDown(0);
    }
  }

  /** Best first. */
  drain(): Ranked[] {
    const out: Ranked[] = this.procs.map((proc, i) => ({ proc, key: this.keys[i] }));
    out.sort((a, b) => b.key - a.key || a.proc.self - b.proc.self);
    return out;
  }

  /** Is slot i ranked below (key, pid)? */
  private worse(i: number, key: number, pid: number): boolean {
    const k = this.keys[i];
    return k < key || (k === key && this.procs[i].self > pid);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, this.keys[parent], this.procs[parent].self)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const size = this.procs.length;
    for (;;) {
      let worst = i;
      const left = 2 * i + 1;
      const right = left + 1;
      if (left < size && this.worse(left, this.keys[worst], this.procs[worst].self)) worst = left;
      if (right < size && this.worse(right, this.keys[worst], this.procs[worst].self)) worst = right;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(a: number, b: number): void {
    const k = this.keys[a];
    this.keys[a] = this.keys[b];
    this.keys[b] = k;
    const p = this.procs[a];
    this.procs[a] = this.procs[b];
    this.procs[b] = p;
  }
}
