// Times every storage call: storage_query_duration_seconds{op="users.getCredentials"} and
// storage_query_errors_total{op}. The op label is "<store>.<method>", a closed set fixed by the
// Storage interface, so it stays bounded whatever the traffic.
import { performance } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import type { Storage } from '../../storage/storage.js';
import { BucketHistogram, type HistogramChild } from './bucket-histogram.js';
import { collectedCounter } from './collected-metrics.js';

export const STORAGE_BUCKETS_SECONDS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface OpStats {
  child: HistogramChild | undefined;
  errors: number;
}

export class StorageMetrics {
  private readonly histogram: BucketHistogram;
  private readonly ops = new Map<string, OpStats>();

  constructor(registry: Registry) {
    this.histogram = new BucketHistogram({
      name: 'storage_query_duration_seconds',
      help: 'Duration of storage calls until their promise settles, by operation (store.method).',
      labelNames: ['op'],
      buckets: STORAGE_BUCKETS_SECONDS,
      registry,
    });
    collectedCounter(registry, {
      name: 'storage_query_errors_total',
      help: 'Storage calls that threw or rejected, by operation (store.method).',
      labelNames: ['op'],
      read: (emit) => {
        for (const [op, stats] of this.ops) if (stats.errors > 0) emit({ op }, stats.errors);
      },
    });
  }

  /**
   * A Storage whose every store method is timed. It delegates to `storage` (prototype chain), so
   * properties beyond the interface stay reachable; methods run with their original store as `this`.
   */
  instrument(storage: Storage): Storage {
    const out = Object.create(storage) as Storage;
    for (const key of Object.keys(storage)) {
      const store: unknown = (storage as unknown as Record<string, unknown>)[key];
      if (typeof store !== 'object' || store === null || Array.isArray(store)) continue;
      Object.defineProperty(out, key, { value: this.instrumentStore(key, store), enumerable: true });
    }
    return out;
  }

  private instrumentStore(storeName: string, store: object): object {
    const out = Object.create(store) as Record<string, unknown>;
    for (const method of methodNames(store)) {
      const fn = (store as Record<string, unknown>)[method] as (...args: unknown[]) => unknown;
      out[method] = this.timed(`${storeName}.${method}`, store, fn);
    }
    return out;
  }

  private timed(op: string, target: object, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    let stats = this.ops.get(op);
    if (stats === undefined) {
      stats = { child: undefined, errors: 0 };
      this.ops.set(op, stats);
    }
    const opStats = stats;
    const histogram = this.histogram;
    // The label set is created on first use, so the exposition lists only operations that ran.
    const observe = (start: number) => (opStats.child ??= histogram.child(op)).observe((performance.now() - start) / 1000);
    return function timedStorageCall(...args: unknown[]): unknown {
      const start = performance.now();
      let result: unknown;
      try {
        result = fn.apply(target, args);
      } catch (err) {
        observe(start);
        opStats.errors++;
        throw err;
      }
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            observe(start);
            return value;
          },
          (err: unknown) => {
            observe(start);
            opStats.errors++;
            throw err;
          },
        );
      }
      observe(start);
      return result;
    };
  }
}

/** Own and inherited function properties (class-based stores keep methods on the prototype). */
function methodNames(store: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = store; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(o, name);
      if (descriptor !== undefined && typeof descriptor.value === 'function') names.add(name);
    }
  }
  return [...names];
}
