// Everything the CLI touches outside itself, passed in so tests can run main() in-process.
import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { NodeConfig } from '../config/node-config-schema.js';
import { tuneHeapForMessaging } from '../node/heap-tuning.js';
import { createNodeObservability, type NodeObservability } from '../node/observability.js';
import { createNodeLogger } from './logger.js';

/** The shape of node/start-node.ts, which is loaded at run time (see loadStartNode). */
export interface RunningNode {
  stop(reason?: string): Promise<void>;
}
export interface StartNodeModule {
  startNode(config: NodeConfig, logger: Logger, opts?: { observability?: NodeObservability }): Promise<RunningNode>;
}

export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Ends the process after a signal-driven shutdown. */
  exit(code: number): void;
  /** Where SIGTERM/SIGINT arrive from. */
  signals: EventEmitter;
  createLogger(config: NodeConfig): Logger;
  /** Logging (ring, levels, outputs) and tracing for a real node; tests may leave it out and get createLogger's logger. */
  createObservability?(config: NodeConfig): NodeObservability;
  loadStartNode(): Promise<StartNodeModule>;
  /** Sets the node process's V8 flags (node/heap-tuning.ts) and returns those set; tests leave it out. */
  tuneHeap?(): string[];
}

// A computed specifier keeps the compiler from requiring node/start-node.ts at build time, so the
// CLI builds on its own; the module still resolves relative to this file at run time.
const START_NODE_MODULE = new URL('../node/start-node.js', import.meta.url).href;

export function processContext(): CliContext {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    exit: (code) => process.exit(code),
    signals: process,
    createLogger: createNodeLogger,
    createObservability: (config) => createNodeObservability(config),
    loadStartNode: () => import(START_NODE_MODULE) as Promise<StartNodeModule>,
    tuneHeap: () => tuneHeapForMessaging(),
  };
}
