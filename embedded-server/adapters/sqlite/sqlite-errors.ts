// Maps better-sqlite3 failures onto the storage contract's coded errors, keeping the original as `cause`.
import Database from 'better-sqlite3';
import { StorageError } from '../../storage/storage.js';
import type { StorageErrorCode } from '../../storage/storage.js';

export function toStorageError(err: unknown, operation: string): StorageError {
  if (err instanceof StorageError) return err;
  let code: StorageErrorCode = 'unavailable';
  // Constraint failures mean the caller passed data the schema refuses (e.g. an unknown subscription);
  // everything else (busy, I/O, closed handle) means the database cannot serve the request.
  if (err instanceof Database.SqliteError && err.code.startsWith('SQLITE_CONSTRAINT')) code = 'invalid_argument';
  const message = err instanceof Error ? err.message : String(err);
  const wrapped = new StorageError(code, `sqlite ${operation} failed: ${message}`);
  wrapped.cause = err;
  return wrapped;
}

/** Runs a synchronous database call and exposes it through the contract's promise-based API. */
export function run<T>(operation: string, body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (err) {
    return Promise.reject(toStorageError(err, operation));
  }
}
