// A growable power-of-two ring buffer FIFO: O(1) push and shift without Array#shift's O(n) copy,
// and no allocation in steady state. Used for the scheduler's run queue.

const MIN_CAPACITY = 16;

export class RingDeque<T> {
  private buf: (T | undefined)[] = new Array<T | undefined>(MIN_CAPACITY);
  private head = 0;
  private mask = MIN_CAPACITY - 1;
  length = 0;

  push(item: T): void {
    if (this.length > this.mask) this.grow();
    this.buf[(this.head + this.length) & this.mask] = item;
    this.length++;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return item;
  }

  private grow(): void {
    const old = this.buf;
    const capacity = old.length * 2;
    const next = new Array<T | undefined>(capacity);
    for (let i = 0; i < this.length; i++) next[i] = old[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = capacity - 1;
  }
}
