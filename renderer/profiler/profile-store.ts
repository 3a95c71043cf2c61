// The profiles of this console session: captured from a node or imported, kept outside the views so
// switching tabs (a node's Profiler tab, #/profiles) loses neither the list nor a capture still
// running. One store per QueryClient (the app's session object, which every view already reaches),
// so tests and a second app root get their own. Plain state + listeners for useSyncExternalStore.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { Profile, ProfileKind } from './model/types.js';

export interface Capture {
  nodeId: string;
  kind: ProfileKind;
  durationS: number;
  /** Epoch ms when the request was sent. */
  startedAt: number;
  /** Set when it failed; cleared by the next capture of that node. */
  error?: string;
}

export interface ImportProblem {
  fileName: string;
  message: string;
}

export interface ProfileStoreState {
  /** Oldest first. */
  profiles: readonly Profile[];
  selectedId: string | undefined;
  /** The profile the selected one is compared with (same kind), if any. */
  compareId: string | undefined;
  /** The last capture of each node: running, or failed with its error. */
  captures: ReadonlyMap<string, Capture>;
  /** Files the last import could not read. */
  importProblems: readonly ImportProblem[];
}

export class ProfileStore {
  private state: ProfileStoreState = { profiles: [], selectedId: undefined, compareId: undefined, captures: new Map(), importProblems: [] };
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): ProfileStoreState => this.state;

  /** A session-unique id for a new profile. */
  newId(): string {
    return `p${this.nextId++}`;
  }

  /** Adds the profiles and selects the last one. */
  add(...profiles: Profile[]): void {
    if (profiles.length === 0) return;
    this.set({ profiles: [...this.state.profiles, ...profiles], selectedId: profiles[profiles.length - 1].id, compareId: undefined });
  }

  remove(id: string): void {
    const profiles = this.state.profiles.filter((p) => p.id !== id);
    const selectedId = this.state.selectedId === id ? profiles.at(-1)?.id : this.state.selectedId;
    const compareId = this.state.compareId === id || selectedId !== this.state.selectedId ? undefined : this.state.compareId;
    this.set({ profiles, selectedId, compareId });
  }

  select(id: string): void {
    if (id !== this.state.selectedId) this.set({ selectedId: id, compareId: undefined });
  }

  /** Compares the selected profile with another of the same kind (undefined: stop comparing). */
  compareWith(id: string | undefined): void {
    this.set({ compareId: id });
  }

  setImportProblems(importProblems: ImportProblem[]): void {
    this.set({ importProblems });
  }

  /**
   * Runs one capture of a node (`take` asks the node and builds the Profile); the store shows it as
   * running until it ends, then adds the profile or keeps the error for the node's panel.
   */
  async capture(nodeId: string, kind: ProfileKind, durationS: number, take: () => Promise<Profile>): Promise<void> {
    const current = this.state.captures.get(nodeId);
    if (current !== undefined && current.error === undefined) return;
    this.setCapture(nodeId, { nodeId, kind, durationS, startedAt: Date.now() });
    try {
      const profile = await take();
      this.setCapture(nodeId, undefined);
      this.add(profile);
    } catch (error) {
      const current = this.state.captures.get(nodeId);
      if (current !== undefined) this.setCapture(nodeId, { ...current, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Forgets a failed capture's error. */
  dismissCaptureError(nodeId: string): void {
    if (this.state.captures.get(nodeId)?.error !== undefined) this.setCapture(nodeId, undefined);
  }

  private setCapture(nodeId: string, capture: Capture | undefined): void {
    const captures = new Map(this.state.captures);
    if (capture === undefined) captures.delete(nodeId);
    else captures.set(nodeId, capture);
    this.set({ captures });
  }

  private set(change: Partial<ProfileStoreState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}

const stores = new WeakMap<QueryClient, ProfileStore>();

export function profileStoreFor(queryClient: QueryClient): ProfileStore {
  let store = stores.get(queryClient);
  if (store === undefined) {
    store = new ProfileStore();
    stores.set(queryClient, store);
  }
  return store;
}

export function useProfileStore(): [ProfileStoreState, ProfileStore] {
  const store = profileStoreFor(useQueryClient());
  return [useSyncExternalStore(store.subscribe, store.getState), store];
}
