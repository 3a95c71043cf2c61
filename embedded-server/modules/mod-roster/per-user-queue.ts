// Roster changes read an item, decide with the Appendix A tables and write it back; two subscription
// stanzas for the same user interleaving at an await would lose one change. Running them one after the
// other per user keeps each read-decide-write step atomic without a database lock.
export class PerUserQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(user: string, step: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(user) ?? Promise.resolve();
    const result = previous.then(step);
    const tail = result.catch(() => undefined);
    this.tails.set(user, tail);
    void tail.then(() => {
      if (this.tails.get(user) === tail) this.tails.delete(user);
    });
    return result;
  }

  /** Users with a change in progress (the map must not grow with every user ever seen). */
  get size(): number {
    return this.tails.size;
  }
}
