// Where a node keeps its SQLite database; the CLI and the node itself must agree on it.
import { join } from 'node:path';
import type { NodeConfig } from './node-config-schema.js';

export const DATABASE_FILE_NAME = 'meerkat.db';

export function storagePath(config: NodeConfig): string {
  return join(config.general.data_dir, DATABASE_FILE_NAME);
}
