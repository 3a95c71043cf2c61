// Opens the storage backend named in the config at the node's data folder.
import { mkdirSync } from 'node:fs';
import { openSqliteStorage } from '../adapters/sqlite/sqlite-storage.js';
import type { NodeConfig } from '../config/node-config-schema.js';
import { storagePath } from '../config/storage-path.js';
import type { Storage } from '../storage/storage.js';
import { StorageError } from '../storage/storage.js';
import { CliFailure, EXIT } from './cli-failure.js';

export function openNodeStorage(config: NodeConfig): Storage {
  try {
    mkdirSync(config.general.data_dir, { recursive: true });
  } catch (err) {
    throw new CliFailure(EXIT.failed, `cannot create data_dir ${config.general.data_dir}: ${(err as Error).message}`);
  }
  try {
    return openSqliteStorage({ path: storagePath(config) });
  } catch (err) {
    if (err instanceof StorageError) throw new CliFailure(EXIT.failed, err.message);
    throw err;
  }
}
