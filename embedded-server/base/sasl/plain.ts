// RFC 4616 PLAIN: message = [authzid] NUL authcid NUL passwd, in UTF-8. The password is checked
// against the stored SCRAM credentials (RFC 5802 §3): derive SaltedPassword with the stored salt
// and iteration count and compare StoredKey, so no plaintext password is ever stored.
import { pbkdf2, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import saslprep from '@mongodb-js/saslprep';
import { SCRAM_KEY_LENGTH, credentialsFromSaltedPassword, normalizePassword } from './scram-credentials.js';
import type { ScramCredentials, ScramHash } from './scram-credentials.js';
import { decodeUtf8 } from './sasl-encoding.js';
import type { SaslFailure } from './sasl-failure.js';

const pbkdf2Async = promisify(pbkdf2);

export interface PlainCredentials {
  /** Absent when the client sent none (an empty authzid means none too). */
  authzid?: string;
  /** SASLprepped authcid; map it to a JID localpart before looking up the account. */
  username: string;
  /** As sent; verifyPlainPassword normalizes it. */
  password: string;
}

export function parsePlain(message: Buffer): PlainCredentials | SaslFailure {
  const text = decodeUtf8(message);
  if (text === undefined) return { failure: 'malformed-request', text: 'PLAIN message is not UTF-8' };
  const first = text.indexOf('\0');
  const second = first === -1 ? -1 : text.indexOf('\0', first + 1);
  if (second === -1 || text.indexOf('\0', second + 1) !== -1) {
    return { failure: 'malformed-request', text: 'PLAIN message must have exactly two NUL separators' };
  }
  const authzid = text.slice(0, first);
  const authcid = text.slice(first + 1, second);
  const password = text.slice(second + 1);
  if (authcid === '' || password === '') return { failure: 'malformed-request', text: 'empty username or password' };
  let username: string;
  try {
    username = saslprep(authcid);
  } catch {
    return { failure: 'malformed-request', text: 'username is not allowed by SASLprep' };
  }
  if (username === '') return { failure: 'malformed-request', text: 'empty username' };
  return authzid === '' ? { username, password } : { authzid, username, password };
}

function storedKeyMatches(salted: Buffer, creds: ScramCredentials, hash: ScramHash): boolean {
  const derived = Buffer.from(credentialsFromSaltedPassword(hash, salted, Buffer.alloc(0), creds.iterations).storedKey, 'base64');
  const stored = Buffer.from(creds.storedKey, 'base64');
  return derived.length === stored.length && timingSafeEqual(derived, stored);
}

function prepared(password: string): string | undefined {
  try {
    return normalizePassword(password);
  } catch {
    return undefined;
  }
}

/** Blocks for one PBKDF2 run (creds.iterations rounds); prefer verifyPlainPasswordAsync on a busy node. */
export function verifyPlainPassword(password: string, creds: ScramCredentials, hash: ScramHash): boolean {
  const normalized = prepared(password);
  if (normalized === undefined) return false;
  const salted = pbkdf2Sync(normalized, Buffer.from(creds.salt, 'base64'), creds.iterations, SCRAM_KEY_LENGTH[hash], hash);
  return storedKeyMatches(salted, creds, hash);
}

/** Same check, with PBKDF2 on the libuv thread pool. */
export async function verifyPlainPasswordAsync(password: string, creds: ScramCredentials, hash: ScramHash): Promise<boolean> {
  const normalized = prepared(password);
  if (normalized === undefined) return false;
  const salted = await pbkdf2Async(normalized, Buffer.from(creds.salt, 'base64'), creds.iterations, SCRAM_KEY_LENGTH[hash], hash);
  return storedKeyMatches(salted, creds, hash);
}
