// RFC 5802 §3 / RFC 7677: the SCRAM credentials a server stores instead of a password.
// SaltedPassword = Hi(Normalize(password), salt, i); ClientKey = HMAC(SaltedPassword, "Client Key");
// StoredKey = H(ClientKey); ServerKey = HMAC(SaltedPassword, "Server Key").
import { createHash, createHmac, pbkdf2, pbkdf2Sync, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import saslprep from '@mongodb-js/saslprep';

const pbkdf2Async = promisify(pbkdf2);

export type ScramHash = 'sha1' | 'sha256';

export interface ScramCredentials {
  /** base64 */
  salt: string;
  iterations: number;
  /** base64 */
  storedKey: string;
  /** base64 */
  serverKey: string;
}

/** Iteration count used for new credentials; RFC 7677 §4 asks for at least 4096. */
export const DEFAULT_SCRAM_ITERATIONS = 4096;

export const SCRAM_KEY_LENGTH: Record<ScramHash, number> = { sha1: 20, sha256: 32 };

export function normalizePassword(password: string): string {
  return saslprep(password);
}

export function credentialsFromSaltedPassword(hash: ScramHash, salted: Buffer, salt: Buffer, iterations: number): ScramCredentials {
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  const storedKey = createHash(hash).update(clientKey).digest();
  const serverKey = createHmac(hash, salted).update('Server Key').digest();
  return {
    salt: salt.toString('base64'),
    iterations,
    storedKey: storedKey.toString('base64'),
    serverKey: serverKey.toString('base64'),
  };
}

export function deriveScramCredentialsSync(
  password: string,
  hash: ScramHash,
  iterations = DEFAULT_SCRAM_ITERATIONS,
  salt: Buffer = randomBytes(16),
): ScramCredentials {
  const salted = pbkdf2Sync(normalizePassword(password), salt, iterations, SCRAM_KEY_LENGTH[hash], hash);
  return credentialsFromSaltedPassword(hash, salted, salt, iterations);
}

/** Same as the sync variant but runs PBKDF2 on the libuv thread pool, so bulk imports use every core. */
export async function deriveScramCredentials(
  password: string,
  hash: ScramHash,
  iterations = DEFAULT_SCRAM_ITERATIONS,
  salt: Buffer = randomBytes(16),
): Promise<ScramCredentials> {
  const salted = await pbkdf2Async(normalizePassword(password), salt, iterations, SCRAM_KEY_LENGTH[hash], hash);
  return credentialsFromSaltedPassword(hash, salted, salt, iterations);
}
