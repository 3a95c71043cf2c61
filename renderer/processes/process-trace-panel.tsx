// A message trace of one process, live: what it receives and sends, until the node's trace ends
// itself (max events, max rate, the process exits) and says why. Bounded on both ends: the node
// stops after max events, and the panel keeps at most MAX_SHOWN of them.
import { useEffect, useRef, useState } from 'react';
import { PROCESS_LIMITS, type ProcessTraceEvent } from '../../main/common/process-views.js';
import { useConsole } from '../api/console-context.js';
import { formatClock } from '../app/format.js';
import { prettyXml } from './pretty-xml.js';

const MAX_SHOWN = 500;
const STOP_REASON: Record<string, string> = {
  max_events: 'reached its maximum number of events',
  rate_limit: 'messages came faster than the maximum rate',
  process_exited: 'the process exited',
  client_gone: 'the viewer went away',
};

type Phase = { kind: 'idle' } | { kind: 'running' } | { kind: 'stopped'; reason: string; events: number; dropped: number } | { kind: 'failed'; message: string };
type MessageEvent = Extract<ProcessTraceEvent, { type: 'received' | 'sent' }>;

export function ProcessTracePanel({ nodeId, pid }: { nodeId: string; pid: number }) {
  const { client } = useConsole();
  const [maxEvents, setMaxEvents] = useState(100);
  const [maxRate, setMaxRate] = useState(50);
  const [events, setEvents] = useState<MessageEvent[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const unsubscribe = useRef<(() => void) | null>(null);

  const stop = () => {
    unsubscribe.current?.();
    unsubscribe.current = null;
  };
  useEffect(() => stop, [nodeId, pid]);

  const start = () => {
    stop();
    setEvents([]);
    setPhase({ kind: 'running' });
    unsubscribe.current = client.subscribe(
      'processes.trace',
      { nodeId, pid, maxEvents, maxRate },
      (event) => {
        if (event.type === 'stopped') setPhase({ kind: 'stopped', reason: event.reason, events: event.events, dropped: event.dropped });
        else if (event.type === 'error') setPhase({ kind: 'failed', message: event.error.message });
        else setEvents((old) => (old.length >= MAX_SHOWN ? [...old.slice(1), event] : [...old, event]));
      },
      (error) => setPhase({ kind: 'failed', message: error.message }),
    );
  };

  const running = phase.kind === 'running';
  return (
    <section className="process-trace" aria-label="Message trace" data-trace-phase={phase.kind}>
      <h3>Message trace</h3>
      <div className="process-trace-controls">
        <label>
          Max events{' '}
          <input type="number" min={1} max={PROCESS_LIMITS.maxTraceEvents} value={maxEvents} disabled={running} onChange={(e) => setMaxEvents(clamp(e.target.valueAsNumber, PROCESS_LIMITS.maxTraceEvents))} aria-label="Max events" />
        </label>
        <label>
          Max rate/s{' '}
          <input type="number" min={1} max={PROCESS_LIMITS.maxTraceRate} value={maxRate} disabled={running} onChange={(e) => setMaxRate(clamp(e.target.valueAsNumber, PROCESS_LIMITS.maxTraceRate))} aria-label="Max rate per second" />
        </label>
        {running ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              stop();
              setPhase({ kind: 'stopped', reason: 'client_gone', events: events.length, dropped: 0 });
            }}
          >
            Stop trace
          </button>
        ) : (
          <button type="button" className="button primary" onClick={start}>
            Start trace
          </button>
        )}
        <span className="muted small" role="status" data-trace-status>
          {phase.kind === 'running' ? `Tracing… ${events.length} event${events.length === 1 ? '' : 's'}` : null}
          {phase.kind === 'stopped' ? `Stopped after ${phase.events} events: ${STOP_REASON[phase.reason] ?? phase.reason}${phase.dropped > 0 ? ` (${phase.dropped} not shown: the viewer fell behind)` : ''}` : null}
          {phase.kind === 'failed' ? <span className="error-text">Trace failed: {phase.message}</span> : null}
        </span>
      </div>
      {events.length > 0 ? (
        <ol className="trace-events">
          {events.map((event, i) => (
            <li key={i} data-trace-event={event.type}>
              <span className="mono muted">{formatClock(event.at_ms)}</span> <span className={`trace-dir ${event.type}`}>{event.type === 'received' ? '← received' : '→ sent'}</span>
              {event.peer_pid !== undefined ? <span className="muted small"> {event.type === 'received' ? 'from' : 'to'} &lt;0.{event.peer_pid}.0&gt;</span> : null}
              <pre className="xml">{prettyXml(event.message)}</pre>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function clamp(value: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(1, Math.round(value))) : 1;
}
