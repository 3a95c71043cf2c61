// The process runtime and session table as Prometheus gauges, read at scrape time from counters
// they already keep (Runtime.stats() is O(1) apart from the per-kind map copy).
import type { Registry } from 'prom-client';
import type { SessionTable } from '../../core/sessions.js';
import type { Runtime } from '../../runtime/index.js';
import { TRANSPORTS } from './chat-metrics.js';
import { collectedCounter, collectedGauge } from './collected-metrics.js';

export function registerRuntimeMetrics(registry: Registry, runtime: Runtime, sessions: SessionTable): void {
  collectedGauge(registry, {
    name: 'xmpp_sessions',
    help: 'Bound client sessions (resources), by transport.',
    labelNames: ['transport'],
    read: (emit) => {
      const counts = sessions.countByTransport();
      for (const transport of TRANSPORTS) emit({ transport }, counts[transport]);
    },
  });
  collectedGauge(registry, {
    name: 'runtime_processes',
    help: 'Live processes in the node runtime.',
    read: (emit) => emit({}, runtime.count()),
  });
  collectedGauge(registry, {
    name: 'runtime_processes_by_kind',
    help: 'Live processes by kind (c2s, supervisor, module workers).',
    labelNames: ['kind'],
    read: (emit) => {
      for (const [kind, count] of Object.entries(runtime.stats().byKind)) emit({ kind }, count);
    },
  });
  collectedGauge(registry, {
    name: 'runtime_mailbox_messages',
    help: 'Messages waiting in all process mailboxes together.',
    read: (emit) => emit({}, runtime.stats().mailboxTotal),
  });
  collectedGauge(registry, {
    name: 'runtime_mailbox_max_messages',
    help: 'Messages waiting in the longest process mailbox.',
    read: (emit) => emit({}, runtime.stats().mailboxMax),
  });
  collectedCounter(registry, {
    name: 'runtime_messages_handled_total',
    help: 'Messages handled by processes since the node started.',
    read: (emit) => emit({}, runtime.stats().handledTotal),
  });
  collectedCounter(registry, {
    name: 'runtime_messages_dropped_total',
    help: 'Messages dropped by mailbox overflow policies since the node started.',
    read: (emit) => emit({}, runtime.stats().droppedTotal),
  });
}
