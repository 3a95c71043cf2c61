// On-demand CPU and sampling heap profiles of the live node through node:inspector (Chrome DevTools
// protocol: Profiler and HeapProfiler domains). A capture connects its own inspector session and
// disconnects it after, so an idle node pays nothing; only one capture runs at a time, because two
// samplers in one isolate distort each other and double the overhead on a node that is in trouble.
import type { HeapProfiler, Profiler as V8Profiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import type { Logger } from 'pino';

export type CpuProfile = V8Profiler.Profile;
/** V8 adds the individual samples next to the tree; @types/node only declares the tree. */
export type HeapProfile = HeapProfiler.SamplingHeapProfile & {
  samples?: { size: number; nodeId: number; ordinal: number }[];
};

export type ProfileKind = 'cpu' | 'heap';

export interface ProfilerStatus {
  running: boolean;
  kind?: ProfileKind;
  /** Epoch milliseconds. */
  startedAt?: number;
  durationS?: number;
}

export type ProfilerErrorCode = 'busy' | 'bad_request';

/** Expected refusals, with codes matching the admin API's error registry. */
export class ProfilerError extends Error {
  constructor(
    readonly code: ProfilerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProfilerError';
  }
}

export interface ProfilerOptions {
  /** [profiling] max_duration_s: the longest capture one request may ask for. */
  maxDurationS: number;
  log: Logger;
  now?: () => number;
}

export interface Profiler {
  /** Samples the JS stacks for durationS seconds; resolves with a .cpuprofile document. */
  cpu(durationS: number, opts?: { samplingIntervalUs?: number }): Promise<CpuProfile>;
  /** Samples allocations for durationS seconds; resolves with the sampled allocation tree. */
  heap(durationS: number, opts?: { samplingInterval?: number }): Promise<HeapProfile>;
  status(): ProfilerStatus;
  /** Ends the running capture now (node shutdown); its caller gets what was sampled so far. */
  finishEarly(): void;
}

/** V8's default CPU sampling interval. */
export const DEFAULT_SAMPLING_INTERVAL_US = 1000;
/** V8's default mean bytes between heap samples. */
export const DEFAULT_HEAP_SAMPLING_INTERVAL_BYTES = 32 * 1024;

interface Running {
  kind: ProfileKind;
  startedAt: number;
  durationS: number;
  finish: () => void;
}

export function createProfiler(opts: ProfilerOptions): Profiler {
  const now = opts.now ?? Date.now;
  let running: Running | undefined;

  function checkDuration(durationS: number): void {
    if (!Number.isFinite(durationS) || durationS <= 0) throw new ProfilerError('bad_request', `duration must be a positive number of seconds, got ${durationS}`);
    if (durationS > opts.maxDurationS) {
      throw new ProfilerError('bad_request', `duration ${durationS} s is over the limit of ${opts.maxDurationS} s ([profiling] max_duration_s)`);
    }
  }

  async function capture<T>(kind: ProfileKind, durationS: number, start: (s: Session) => Promise<void>, stop: (s: Session) => Promise<T>): Promise<T> {
    checkDuration(durationS);
    if (running !== undefined) {
      throw new ProfilerError('busy', `a ${running.kind} profile started at ${new Date(running.startedAt).toISOString()} is still running; try again when it ends`);
    }
    let finish = () => {};
    const elapsed = new Promise<void>((resolve) => (finish = resolve));
    const current: Running = { kind, startedAt: now(), durationS, finish: () => finish() };
    running = current;
    const started = performance.now();
    const session = new Session();
    try {
      session.connect();
      await start(session);
      opts.log.info({ what: 'profile_started', kind, duration_ms: Math.round(durationS * 1000) });
      const timer = setTimeout(() => finish(), durationS * 1000);
      await elapsed;
      clearTimeout(timer);
      const result = await stop(session);
      opts.log.info({
        what: 'profile_finished',
        kind,
        duration_ms: Math.round(performance.now() - started),
        bytes: Buffer.byteLength(JSON.stringify(result)),
      });
      return result;
    } catch (err) {
      opts.log.error({ what: 'profile_failed', kind, err });
      throw err;
    } finally {
      session.disconnect();
      running = undefined;
    }
  }

  return {
    cpu(durationS, { samplingIntervalUs = DEFAULT_SAMPLING_INTERVAL_US } = {}) {
      return capture(
        'cpu',
        durationS,
        async (s) => {
          await s.post('Profiler.enable');
          await s.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
          await s.post('Profiler.start');
        },
        async (s) => {
          const { profile } = await s.post('Profiler.stop');
          await s.post('Profiler.disable');
          return profile;
        },
      );
    },
    heap(durationS, { samplingInterval = DEFAULT_HEAP_SAMPLING_INTERVAL_BYTES } = {}) {
      return capture(
        'heap',
        durationS,
        async (s) => {
          await s.post('HeapProfiler.enable');
          await s.post('HeapProfiler.startSampling', { samplingInterval });
        },
        async (s) => {
          const { profile } = await s.post('HeapProfiler.stopSampling');
          await s.post('HeapProfiler.disable');
          return profile as HeapProfile;
        },
      );
    },
    status() {
      if (running === undefined) return { running: false };
      return { running: true, kind: running.kind, startedAt: running.startedAt, durationS: running.durationS };
    },
    finishEarly() {
      running?.finish();
    },
  };
}
