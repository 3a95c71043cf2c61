// The node's logging and tracing, created together because each needs the other: log lines written
// inside a span carry its trace_id (the logger's mixin asks the tracer), and the tracer reports
// export failures through the logger. Metrics need the runtime and are created by startNode.
import type { NodeConfig } from '../config/index.js';
import { createNodeLogging, type NodeLogging, type NodeLoggingOptions } from '../observability/logging/node-logging.js';
import { createNodeTracing, type NodeTracing } from '../observability/tracing/index.js';

export interface NodeObservability {
  logging: NodeLogging;
  /** Undefined when [tracing] enabled = false. */
  tracing: NodeTracing | undefined;
  close(): Promise<void>;
}

export function createNodeObservability(config: NodeConfig, opts: NodeLoggingOptions = {}): NodeObservability {
  let tracing: NodeTracing | undefined;
  const logging = createNodeLogging(config, { ...opts, mixin: () => (tracing === undefined ? {} : tracing.logMixin()) });
  if (config.tracing.enabled) {
    tracing = createNodeTracing({
      nodeName: config.general.node_name,
      sampleRatio: config.tracing.sample_ratio,
      slowThresholdMs: config.tracing.slow_threshold_ms,
      detail: config.tracing.detail,
      maxTraces: config.tracing.max_traces,
      maxKeptPerSecond: config.tracing.max_kept_per_s,
      maxSampledPerSecond: config.tracing.max_sampled_per_s,
      otlpEndpoint: config.tracing.otlp_endpoint,
      log: logging.moduleLogger('tracing'),
    });
  }
  return {
    logging,
    tracing,
    async close() {
      await tracing?.close();
      await logging.close();
    },
  };
}
