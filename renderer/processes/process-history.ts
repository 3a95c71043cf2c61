// Per-process history of the samples the table fetched: mailbox length over the last minutes (for
// the sparklines) and the handled counter (for handled/s, the difference of two samples). Only
// processes the table has shown are kept, and both the samples per process and the number of
// processes are bounded, so a table of 100,000 processes cannot grow it without end.
import type { ProcessRow } from '../../main/common/process-views.js';

export interface HistoryLimits {
  /** Samples kept per process (at one refresh every 2 s, 90 is three minutes). */
  samplesPerProcess: number;
  /** Processes kept; the ones seen least recently go first. */
  processes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { samplesPerProcess: 90, processes: 2000 };

interface Track {
  /** A process that exited and whose pid came back would otherwise inherit its history. */
  startedAt: number;
  times: number[];
  mailbox: number[];
  handled: number[];
  lastSeen: number;
}

export class ProcessHistory {
  private readonly tracks = new Map<number, Track>();
  private version = 0;

  constructor(private readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS) {}

  /** Adds one sample per row, taken at `at` (epoch ms). */
  record(rows: readonly ProcessRow[], at: number): void {
    this.version++;
    for (const row of rows) {
      let track = this.tracks.get(row.pid);
      if (track === undefined || track.startedAt !== row.started_at_ms) {
        track = { startedAt: row.started_at_ms, times: [], mailbox: [], handled: [], lastSeen: 0 };
      }
      // Re-inserting keeps the map in least-recently-seen order for eviction.
      this.tracks.delete(row.pid);
      this.tracks.set(row.pid, track);
      track.lastSeen = this.version;
      if (track.times.length > 0 && track.times[track.times.length - 1] >= at) continue;
      track.times.push(at);
      track.mailbox.push(row.mailbox_length);
      track.handled.push(row.handled);
      if (track.times.length > this.limits.samplesPerProcess) {
        track.times.shift();
        track.mailbox.shift();
        track.handled.shift();
      }
    }
    while (this.tracks.size > this.limits.processes) {
      const oldest = this.tracks.keys().next().value as number;
      this.tracks.delete(oldest);
    }
  }

  /** Mailbox lengths, oldest first, with their sample times. */
  mailbox(pid: number): { times: readonly number[]; values: readonly number[] } {
    const track = this.tracks.get(pid);
    return track === undefined ? { times: [], values: [] } : { times: track.times, values: track.mailbox };
  }

  /** Messages handled per second between the last two samples; null before the second sample. */
  handledPerSec(pid: number): number | null {
    const track = this.tracks.get(pid);
    if (track === undefined || track.times.length < 2) return null;
    const n = track.times.length;
    const seconds = (track.times[n - 1] - track.times[n - 2]) / 1000;
    return seconds > 0 ? Math.max(0, track.handled[n - 1] - track.handled[n - 2]) / seconds : null;
  }

  get size(): number {
    return this.tracks.size;
  }
}
