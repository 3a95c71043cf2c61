// Counters and gauges whose values live elsewhere (typed arrays the hot path bumps, the runtime's
// own statistics) and are copied into prom-client only when the registry is scraped. A pre-bound
// prom-client child still hashes its labels on every inc (~600 ns), too much per stanza.
import { Counter, Gauge, type Registry } from 'prom-client';

type Labels = Record<string, string>;
type Emit = (labels: Labels, value: number) => void;

interface CollectedOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
  /** Called at each scrape; reports every label set's current value through emit. */
  read(emit: Emit): void;
}

/** A counter: read() reports totals since start, which must never decrease. */
export function collectedCounter(registry: Registry, opts: CollectedOptions): Counter {
  return new Counter({
    name: opts.name,
    help: opts.help,
    labelNames: opts.labelNames ?? [],
    registers: [registry],
    collect() {
      this.reset();
      opts.read((labels, value) => this.inc(labels, value));
    },
  });
}

export function collectedGauge(registry: Registry, opts: CollectedOptions): Gauge {
  return new Gauge({
    name: opts.name,
    help: opts.help,
    labelNames: opts.labelNames ?? [],
    registers: [registry],
    collect() {
      // Label sets that disappeared (a process kind with no process left) must not linger.
      if ((opts.labelNames ?? []).length > 0) this.reset();
      opts.read((labels, value) => this.set(labels, value));
    },
  });
}
