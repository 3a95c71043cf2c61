// The node's structured log for `meerkat-node start`: observability/logging built from [log]
// (JSON lines to stdout and/or a rotating file, plus the in-memory ring the admin API serves).
// Output is asynchronous so logging never holds up the node; lines still queued when the process
// exits (process.exit after a signal, a crash) are written out synchronously on 'exit'.
import type { DestinationStream, Logger } from 'pino';
import type { NodeConfig } from '../config/node-config-schema.js';
import { createNodeLogging, type NodeLogging } from '../observability/logging/node-logging.js';

/** The whole logging (ring, levels, close) for a caller that serves it over the admin API. */
export function createCliLogging(config: NodeConfig, destination?: DestinationStream): NodeLogging {
  return createNodeLogging(config, destination === undefined ? {} : { stdout: destination });
}

/** The root logger only (what CliContext.createLogger hands to startNode today). */
export function createNodeLogger(config: NodeConfig, destination?: DestinationStream): Logger {
  return createCliLogging(config, destination).log;
}
