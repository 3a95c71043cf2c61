// Message tracing of single processes, after recon_trace: every message a traced process receives
// (queued in its mailbox) or sends (with send() while its handler runs) is reported, and the trace
// switches itself off after maxEvents, when more than maxRatePerSec events arrive within a second,
// or when the process exits, so a forgotten trace cannot flood its viewer or slow the node down.
// The runtime calls in only when `active` is non-zero: an untraced node pays one field check per send.
import { renderMessage } from './introspection.js';
import type { Proc } from './process.js';
import type { Pid, TraceEvent, TraceOptions, TraceStopReason } from './types.js';

export const DEFAULT_TRACE_MESSAGE_CHARS = 2048;
const RATE_WINDOW_MS = 1000;

interface ProcessTrace {
  readonly pid: Pid;
  readonly opts: TraceOptions;
  readonly maxChars: number;
  events: number;
  windowStart: number;
  windowEvents: number;
  stopped: boolean;
}

export class ProcessTracer {
  /** How many traces are running; the runtime's hot paths check only this. */
  active = 0;
  private readonly byPid = new Map<Pid, ProcessTrace[]>();

  constructor(private readonly clock: () => number) {}

  start(proc: Proc, opts: TraceOptions): () => void {
    const trace: ProcessTrace = {
      pid: proc.self,
      opts,
      maxChars: opts.maxMessageChars ?? DEFAULT_TRACE_MESSAGE_CHARS,
      events: 0,
      windowStart: this.clock(),
      windowEvents: 0,
      stopped: false,
    };
    const list = this.byPid.get(proc.self);
    if (list === undefined) this.byPid.set(proc.self, [trace]);
    else list.push(trace);
    this.active++;
    return () => this.remove(trace);
  }

  /** How many traces run on the process (0 when untraced). */
  count(pid: Pid): number {
    return this.byPid.get(pid)?.length ?? 0;
  }

  /** `msg` was sent to `to` by `from` (the running process, if any); `queued` tells whether it entered the mailbox. */
  message(to: Proc, msg: unknown, from: Proc | null, queued: boolean): void {
    if (queued) {
      const traces = this.byPid.get(to.self);
      if (traces !== undefined) this.emit(traces, 'received', to, msg, from?.self);
    }
    if (from !== null) {
      const traces = this.byPid.get(from.self);
      if (traces !== undefined) this.emit(traces, 'sent', to, msg, to.self);
    }
  }

  exited(pid: Pid): void {
    const traces = this.byPid.get(pid);
    if (traces === undefined) return;
    for (const trace of [...traces]) this.end(trace, 'process_exited');
  }

  private emit(traces: ProcessTrace[], type: 'received' | 'sent', receiver: Proc, msg: unknown, peer: Pid | undefined): void {
    // A copy: callbacks may end traces (their own or others) while we walk the list.
    for (const trace of traces.length === 1 ? traces : [...traces]) {
      if (trace.stopped) continue;
      const now = this.clock();
      if (now - trace.windowStart >= RATE_WINDOW_MS) {
        trace.windowStart = now;
        trace.windowEvents = 0;
      }
      if (++trace.windowEvents > trace.opts.maxRatePerSec) {
        this.end(trace, 'rate_limit');
        continue;
      }
      trace.events++;
      const event: TraceEvent = { type, pid: trace.pid, at_ms: now, message: renderMessage(receiver, msg, trace.maxChars) };
      if (peer !== undefined) event.peer_pid = peer;
      try {
        trace.opts.onEvent(event);
      } catch {
        // The viewer's problem; the traced process must not notice.
      }
      if (trace.events >= trace.opts.maxEvents) this.end(trace, 'max_events');
    }
  }

  private end(trace: ProcessTrace, reason: TraceStopReason): void {
    if (!this.remove(trace)) return;
    try {
      trace.opts.onStop?.(reason, trace.events);
    } catch {
      // As for onEvent.
    }
  }

  private remove(trace: ProcessTrace): boolean {
    if (trace.stopped) return false;
    trace.stopped = true;
    this.active--;
    const list = this.byPid.get(trace.pid)!;
    list.splice(list.indexOf(trace), 1);
    if (list.length === 0) this.byPid.delete(trace.pid);
    return true;
  }
}
