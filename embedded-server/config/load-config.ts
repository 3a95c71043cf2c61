// Reads node.toml, validates it against the schema and resolves paths, failing with one ConfigError
// that names the file and key. Validation happens once, at start: the rest of the node trusts NodeConfig.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { ConfigError, problemsFromIssues } from './config-error.js';
import { MODULE_IDS } from './module-schemas.js';
import { nodeConfigSchema } from './node-config-schema.js';
import type { NodeConfig, NodeConfigInput } from './node-config-schema.js';

export interface ParseOptions {
  /** Folder that relative paths (data_dir, certfile, keyfile) are resolved against. Default: cwd. */
  baseDir?: string;
}

export function loadConfig(path: string): NodeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such config file (pass --config with the path of your node.toml)'
        : `cannot read the config file: ${(err as Error).message}`;
    throw new ConfigError(path, { key: '', reason });
  }
  return parseConfig(text, path, { baseDir: dirname(resolve(path)) });
}

export function parseConfig(text: string, fileLabel: string, options: ParseOptions = {}): NodeConfig {
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (err) {
    if (err instanceof TomlError) {
      const detail = err.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      throw new ConfigError(fileLabel, { key: '', reason: `invalid TOML at line ${err.line}, column ${err.column}: ${detail}` });
    }
    throw err;
  }
  return validate(document, fileLabel, options.baseDir ?? process.cwd());
}

/**
 * A complete config without a file: every listener and module enabled with its defaults, then
 * `overrides` merged on top (tables merge, other values replace; an explicit `undefined` removes a
 * section, e.g. `{ listen: { websocket: undefined } }`).
 */
export function defaultConfig(overrides: NodeConfigInput = {}): NodeConfig {
  const base: Record<string, unknown> = {
    listen: { c2s: {}, websocket: {}, admin: {} },
    modules: Object.fromEntries(MODULE_IDS.map((id) => [id, {}])),
  };
  return validate(mergeTables(base, overrides as Record<string, unknown>), '<default config>', process.cwd());
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function mergeTables(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[key];
    else if (isTable(value) && isTable(merged[key])) merged[key] = mergeTables(merged[key], value);
    else merged[key] = value;
  }
  return merged;
}

function validate(document: unknown, fileLabel: string, baseDir: string): NodeConfig {
  const result = nodeConfigSchema.safeParse(document, { reportInput: true });
  if (!result.success) {
    const [first, ...others] = problemsFromIssues(nodeConfigSchema, result.error.issues);
    throw new ConfigError(fileLabel, first, others);
  }
  const config = result.data;
  const { c2s } = config.listen;
  return {
    ...config,
    general: { ...config.general, data_dir: resolve(baseDir, config.general.data_dir ?? join('data', config.general.node_name)) },
    listen: {
      ...config.listen,
      ...(c2s && {
        c2s: {
          ...c2s,
          ...(c2s.certfile !== undefined && { certfile: resolve(baseDir, c2s.certfile) }),
          ...(c2s.keyfile !== undefined && { keyfile: resolve(baseDir, c2s.keyfile) }),
        },
      }),
    },
  };
}
