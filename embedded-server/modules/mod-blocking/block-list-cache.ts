// The block lists of users with at least one session, so the per-stanza privacy check is synchronous.
// A list is loaded when a session opens and dropped when the user's last session closes; users without
// a session are checked against storage (offline delivery).
import type { BlockListStore } from '../../storage/storage.js';
import { BlockList } from './block-list.js';

export class BlockListCache {
  private readonly lists = new Map<string, BlockList>();
  private readonly loading = new Map<string, Promise<BlockList>>();

  constructor(
    private readonly store: BlockListStore,
    /** Whether the user still has a session; a list loaded for a user who left is not kept. */
    private readonly hasSessions: (user: string) => boolean,
  ) {}

  /** The cached list, or undefined when the user has none loaded (no session, or still loading). */
  peek(user: string): BlockList | undefined {
    return this.lists.get(user);
  }

  /**
   * The user's list, loading it when needed. Concurrent callers share one load, so a change applied
   * after awaiting this can never be overwritten by a load that read storage before the change.
   */
  load(user: string): Promise<BlockList> {
    const cached = this.lists.get(user);
    if (cached !== undefined) return Promise.resolve(cached);
    let pending = this.loading.get(user);
    if (pending === undefined) {
      pending = this.store
        .get(user)
        .then((jids) => {
          const list = new BlockList(jids);
          if (this.hasSessions(user)) this.lists.set(user, list);
          return list;
        })
        .finally(() => this.loading.delete(user));
      this.loading.set(user, pending);
    }
    return pending;
  }

  /** Reads the list for a user who may have no session, without caching it. */
  async read(user: string): Promise<BlockList> {
    return this.lists.get(user) ?? new BlockList(await this.store.get(user));
  }

  drop(user: string): void {
    this.lists.delete(user);
  }

  clear(): void {
    this.lists.clear();
  }
}
