// The node's structured log, assembled from [log]: JSON lines to stdout and/or a rotating file, and
// always to the in-memory ring the admin API serves. Levels are decided by the loggers (global and
// per module, changeable at run time); every output takes every line a logger lets through, so a
// module turned to debug is debug everywhere. No output can hold the node up: stdout and the file
// are written asynchronously with bounded queues (excess lines are dropped and counted).
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pino, type DestinationStream, type Logger, type StreamEntry } from 'pino';
import type { NodeConfig } from '../../config/node-config-schema.js';
import { LogLevels } from './log-levels.js';
import { LogRing, type LogRingStats } from './log-ring.js';
import { LineWriter } from './line-writer.js';
import { ringDestination } from './ring-destination.js';

export interface NodeLoggingOptions {
  /** Where stdout lines go instead of the process's stdout (tests, benches). Not closed by close(). */
  stdout?: DestinationStream;
  /** The descriptor the stdout output writes to (default 1); benches point it at /dev/null. */
  stdoutFd?: number;
  /** Fields merged into every line, e.g. the current span's trace_id and span_id. Must return a new object. */
  mixin?: () => object;
  /** Rotation size in bytes, overriding [log] file_max_mb (tests). */
  fileMaxBytes?: number;
  /** Bound of the ring's total line length (default 64 MB). */
  ringMaxBytes?: number;
  /** Most characters queued for stdout and for the file while they are slower than the node (default 16 MB each). */
  outputBufferBytes?: number;
}

export interface LoggingStats {
  ring: LogRingStats;
  /** Lines an output dropped because it could not keep up (or could not be written at all). */
  dropped: { stdout: number; file: number };
  /** The file being written, when [log] file is set. */
  file: string | null;
}

export interface NodeLogging {
  /** The root logger (`node` bound); its level is the global level. */
  readonly log: Logger;
  readonly ring: LogRing;
  readonly levels: LogLevels;
  /** A logger with `module` bound whose level follows the module's override or the global level. */
  moduleLogger(name: string): Logger;
  stats(): LoggingStats;
  /** Writes out what stdout and the file still queue, closes the file and ends live tails. */
  close(): Promise<void>;
}

const DEFAULT_OUTPUT_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * The `time` field: ISO 8601 text for people reading the file, formatted once per millisecond
 * (under load many lines share one, and toISOString costs more than the rest of a line's fields).
 * The timestamp function runs once per line, just before the destinations, so lastMs hands the
 * same instant to the ring as a number.
 */
export function lineClock(): { timestamp: () => string; lastMs: () => number } {
  let lastMs = 0;
  let lastText = '';
  return {
    timestamp() {
      const now = Date.now();
      if (now !== lastMs) {
        lastMs = now;
        lastText = `,"time":"${new Date(now).toISOString()}"`;
      }
      return lastText;
    },
    lastMs: () => lastMs,
  };
}

/** [log] file resolved against general.data_dir when relative. */
export function logFilePath(config: NodeConfig): string | undefined {
  const file = config.log.file;
  if (file === undefined) return undefined;
  return isAbsolute(file) ? file : resolve(config.general.data_dir, file);
}

export function createNodeLogging(config: NodeConfig, opts: NodeLoggingOptions = {}): NodeLogging {
  const bufferBytes = opts.outputBufferBytes ?? DEFAULT_OUTPUT_BUFFER_BYTES;
  const ring = new LogRing({ capacity: config.log.ring_size, maxBytes: opts.ringMaxBytes });
  const clock = lineClock();
  let closed = false;
  // Reported through the logger itself once it exists; the other outputs still carry the line.
  let reportOutputError = (_output: string, _err: Error): void => {};

  // Every output accepts the lowest level: the loggers filter, and a module at debug must reach all.
  const streams: StreamEntry[] = [{ level: 'trace', stream: ringDestination(ring, clock.lastMs) }];

  let stdout: LineWriter | undefined;
  if (config.log.stdout) {
    if (opts.stdout !== undefined) {
      const target = opts.stdout;
      streams.push({ level: 'trace', stream: { write: (line: string) => void (closed ? undefined : target.write(line)) } });
    } else {
      stdout = LineWriter.toDescriptor(opts.stdoutFd ?? 1, { maxBufferBytes: bufferBytes, onError: (err) => reportOutputError('stdout', err) });
      streams.push({ level: 'trace', stream: stdout });
    }
  }

  const filePath = logFilePath(config);
  let file: LineWriter | undefined;
  if (filePath !== undefined) {
    mkdirSync(dirname(filePath), { recursive: true });
    file = LineWriter.toFile({
      path: filePath,
      maxBytes: opts.fileMaxBytes ?? config.log.file_max_mb * 1024 * 1024,
      keep: config.log.file_count,
      maxBufferBytes: bufferBytes,
      onError: (err) => reportOutputError('file', err),
    });
    streams.push({ level: 'trace', stream: file });
  }

  const log: Logger = pino(
    {
      level: config.general.loglevel,
      base: { node: config.general.node_name },
      timestamp: clock.timestamp,
      messageKey: 'msg',
      mixin: opts.mixin,
    },
    pino.multistream(streams),
  );
  reportOutputError = (output, err) => log.error({ what: 'log_output_failed', output, path: output === 'file' ? filePath : undefined, err });
  const levels = new LogLevels(log, { global: config.general.loglevel, modules: config.log.modules });

  // Lines still queued when the process exits (a crash, process.exit) are written synchronously.
  const flushOnExit = () => {
    stdout?.flushSync();
    file?.flushSync();
  };
  process.on('exit', flushOnExit);

  return {
    log,
    ring,
    levels,
    moduleLogger: (name) => levels.moduleLogger(name),
    stats: () => ({ ring: ring.stats(), dropped: { stdout: stdout?.dropped ?? 0, file: file?.dropped ?? 0 }, file: filePath ?? null }),
    async close() {
      if (closed) return;
      closed = true;
      process.off('exit', flushOnExit);
      ring.closeTails();
      await Promise.all([stdout?.close(), file?.close()]);
    },
  };
}
