// The schema of node.toml (layout after MongooseIM 4+). Objects are strict so a misspelt key is an
// error rather than a silently ignored setting. Keys stay snake_case, as written in the file.
import * as z from 'zod';
import { bindAddress, boolean, domain, integer, nonEmptyString, oneOf, port } from './field-schemas.js';
import { modulesSchema } from './module-schemas.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export const TLS_MODES = ['starttls_required', 'starttls', 'none'] as const;
export const AUTH_METHODS = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const;

const generalSchema = z.strictObject({
  hosts: z
    .array(domain(), { error: 'expected a list of domain names, e.g. ["localhost"]' })
    .min(1, { error: 'expected at least one host' })
    .refine((hosts) => new Set(hosts).size === hosts.length, { error: 'expected each host only once' })
    .default(['localhost']),
  node_name: nonEmptyString('a node name')
    .regex(/^[A-Za-z0-9_.-]+$/, { error: 'expected a node name made of letters, digits, ".", "_" and "-"' })
    .default('node1'),
  /** Resolved against the config file's folder when relative; defaults to ./data/<node_name>. */
  data_dir: nonEmptyString('a folder path').optional(),
  loglevel: oneOf(LOG_LEVELS).default('info'),
});

const c2sListenerSchema = z
  .strictObject({
    port: port().default(5222),
    host: bindAddress().default('0.0.0.0'),
    tls_mode: oneOf(TLS_MODES).default('starttls_required'),
    certfile: nonEmptyString('a path to a PEM certificate').optional(),
    keyfile: nonEmptyString('a path to a PEM private key').optional(),
    max_stanza_size: integer(1024, 64 * 1024 * 1024).default(65536),
  })
  .refine((c2s) => (c2s.certfile === undefined) === (c2s.keyfile === undefined), {
    error: 'expected certfile and keyfile together (or neither, for a generated self-signed certificate)',
    path: ['keyfile'],
  });

const websocketListenerSchema = z.strictObject({
  port: port().default(5280),
  host: bindAddress().default('0.0.0.0'),
  path: nonEmptyString('a URL path')
    .regex(/^\/\S*$/, { error: 'expected a URL path starting with "/"' })
    .default('/xmpp-websocket'),
});

const adminListenerSchema = z.strictObject({
  port: port().default(5551),
  host: bindAddress().default('127.0.0.1'),
});

const storageSchema = z.strictObject({
  backend: z
    .enum(['sqlite'], {
      error: (issue) =>
        issue.input === 'postgresql'
          ? 'the "postgresql" backend is not available yet; use "sqlite"'
          : 'expected "sqlite" (the only backend available so far)',
    })
    .default('sqlite'),
});

const authSchema = z.strictObject({
  methods: z
    .array(oneOf(AUTH_METHODS), { error: 'expected a list of SASL mechanisms' })
    .min(1, { error: 'expected at least one SASL mechanism' })
    .refine((methods) => new Set(methods).size === methods.length, { error: 'expected each mechanism only once' })
    .default([...AUTH_METHODS]),
  // RFC 7677 §4: at least 4096 iterations.
  scram_iterations: integer(4096, 10_000_000).default(4096),
});

const logSchema = z.strictObject({
  /** Write JSON lines to stdout. */
  stdout: boolean().default(true),
  /** Also write to this file, rotated by size; relative paths are resolved against data_dir. */
  file: nonEmptyString('a file path').optional(),
  /** Rotate the log file when it reaches this many megabytes. */
  file_max_mb: integer(1, 10_000).default(10),
  /** How many rotated files to keep besides the current one. */
  file_count: integer(1, 1000).default(5),
  /** Entries kept in memory for the admin API and the console. */
  ring_size: integer(1000, 10_000_000).default(100_000),
  /** Per-module levels overriding general.loglevel, e.g. { c2s = "debug" }. */
  modules: z.record(nonEmptyString('a module name'), oneOf(LOG_LEVELS)).default({}),
});

const metricsSchema = z.strictObject({
  /** The metrics registry, its history and the admin API that serves them (false only to measure the observer effect). */
  enabled: boolean().default(true),
  /** Seconds of 1 s-resolution history kept in memory for charts. */
  history_seconds: integer(60, 24 * 3600).default(3600),
});

const tracingSchema = z.strictObject({
  enabled: boolean().default(true),
  /** Share of ordinary (fast, error-free) traces kept; errors and slow traces are always kept (within max_kept_per_s). */
  sample_ratio: z.number({ error: 'expected a number between 0 and 1' }).min(0, { error: 'expected a number between 0 and 1' }).max(1, { error: 'expected a number between 0 and 1' }).default(0.01),
  /** A trace at least this long counts as slow and is always kept. */
  slow_threshold_ms: integer(1, 600_000).default(50),
  /**
   * "sampled": a stanza's trace records every span only when the sample_ratio draw, taken as it
   * begins, picks it; the others record an outline (the root span and the deliveries, with their
   * times and failures; the spans between only counted), kept when it fails or is slow. "all": every
   * trace records every span until it is judged (about 1 µs a message more).
   */
  detail: oneOf(['sampled', 'all']).default('sampled'),
  /** Traces kept in memory. */
  max_traces: integer(100, 1_000_000).default(10_000),
  /**
   * Traces kept per second at most: errors and slow traces may use all of it. Past it they are
   * dropped and counted, so a node falling behind (every trace slow) does not spend more on keeping
   * traces.
   */
  max_kept_per_s: integer(1, 1_000_000).default(200),
  /**
   * Sampled (ordinary) traces kept per second at most, within max_kept_per_s: enough to show what
   * ordinary traces look like, few enough that the store of max_traces holds the last quarter of an
   * hour of them and keeping them costs the node little.
   */
  max_sampled_per_s: integer(0, 1_000_000).default(10),
  /** OTLP/HTTP traces endpoint, e.g. "http://127.0.0.1:4318/v1/traces"; kept traces are exported there when set. */
  otlp_endpoint: z.url({ error: 'expected an http(s) URL' }).optional(),
});

const profilingSchema = z.strictObject({
  /** Longest CPU or heap profile one request may take, in seconds. */
  max_duration_s: integer(1, 600).default(60),
});

const c2sSchema = z.strictObject({
  max_mailbox: integer(1, 10_000_000).default(10000),
});

export const nodeConfigSchema = z.strictObject({
  general: generalSchema.prefault({}),
  listen: z
    .strictObject({
      c2s: c2sListenerSchema.optional(),
      websocket: websocketListenerSchema.optional(),
      admin: adminListenerSchema.optional(),
    })
    .prefault({}),
  storage: storageSchema.prefault({}),
  auth: authSchema.prefault({}),
  c2s: c2sSchema.prefault({}),
  log: logSchema.prefault({}),
  metrics: metricsSchema.prefault({}),
  tracing: tracingSchema.prefault({}),
  profiling: profilingSchema.prefault({}),
  modules: modulesSchema.prefault({}),
});

type ParsedConfig = z.output<typeof nodeConfigSchema>;

/** The validated node configuration; data_dir, certfile and keyfile are absolute paths. */
export type NodeConfig = Omit<ParsedConfig, 'general'> & {
  general: Omit<ParsedConfig['general'], 'data_dir'> & { data_dir: string };
};

/** What a config file (or defaultConfig's overrides) may contain before defaults are applied. */
export type NodeConfigInput = z.input<typeof nodeConfigSchema>;
