// RFC 5802 SCRAM client (SCRAM-SHA-1) and RFC 7677 (SCRAM-SHA-256), without channel binding (gs2
// header "n,,"). All traffic users share one password, so SaltedPassword = Hi(password, salt, i)
// is derived once per salt and reused: the generator must spend its CPU on messages, not PBKDF2.
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import saslprep from '@mongodb-js/saslprep';

const pbkdf2Async = promisify(pbkdf2);

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-1';

const HASH: Record<ScramMechanism, { name: 'sha256' | 'sha1'; bytes: number }> = {
  'SCRAM-SHA-256': { name: 'sha256', bytes: 32 },
  'SCRAM-SHA-1': { name: 'sha1', bytes: 20 },
};

interface DerivedKeys {
  clientKey: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

export class SaltedPasswordCache {
  private readonly keys = new Map<string, Promise<DerivedKeys>>();

  derive(mechanism: ScramMechanism, password: string, salt: string, iterations: number): Promise<DerivedKeys> {
    const key = `${mechanism}\n${iterations}\n${salt}\n${password}`;
    const cached = this.keys.get(key);
    if (cached !== undefined) return cached;
    const { name, bytes } = HASH[mechanism];
    const derived = pbkdf2Async(saslprep(password), Buffer.from(salt, 'base64'), iterations, bytes, name).then((salted) => {
      const clientKey = createHmac(name, salted).update('Client Key').digest();
      return { clientKey, storedKey: createHash(name).update(clientKey).digest(), serverKey: createHmac(name, salted).update('Server Key').digest() };
    });
    derived.catch(() => this.keys.delete(key));
    this.keys.set(key, derived);
    return derived;
  }
}

/** RFC 5802 §5.1: "=" and "," in a username are escaped as "=3D" and "=2C". */
function escapeUsername(username: string): string {
  return username.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function attributes(message: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const part of message.split(',')) if (part.length >= 2 && part[1] === '=') attrs.set(part[0], part.slice(2));
  return attrs;
}

/** One exchange: clientFirst() → clientFinal(serverFirst) → verifyServerFinal(serverFinal). */
export class ScramClient {
  private clientFirstBare = '';
  private expectedServerSignature: Buffer | undefined;

  constructor(
    readonly mechanism: ScramMechanism,
    private readonly username: string,
    private readonly password: string,
    private readonly cache: SaltedPasswordCache,
    private readonly nonce: string = randomBytes(18).toString('base64'),
  ) {}

  clientFirst(): string {
    this.clientFirstBare = `n=${escapeUsername(saslprep(this.username))},r=${this.nonce}`;
    return `n,,${this.clientFirstBare}`;
  }

  async clientFinal(serverFirst: string): Promise<string> {
    const attrs = attributes(serverFirst);
    if (attrs.has('e')) throw new Error(`SCRAM server error: ${attrs.get('e')}`);
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    if (nonce === undefined || !nonce.startsWith(this.nonce) || nonce.length === this.nonce.length) throw new Error('SCRAM server-first-message has a bad nonce');
    if (salt === undefined || !Number.isInteger(iterations) || iterations < 1) throw new Error('SCRAM server-first-message lacks salt or iterations');
    const { name } = HASH[this.mechanism];
    const keys = await this.cache.derive(this.mechanism, this.password, salt, iterations);
    // c=biws is base64("n,,"): no channel binding, no authzid.
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = createHmac(name, keys.storedKey).update(authMessage).digest();
    const proof = Buffer.alloc(clientSignature.length);
    for (let i = 0; i < proof.length; i++) proof[i] = keys.clientKey[i] ^ clientSignature[i];
    this.expectedServerSignature = createHmac(name, keys.serverKey).update(authMessage).digest();
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** RFC 5802 §3: check the server's signature before trusting its success. */
  verifyServerFinal(serverFinal: string): void {
    const attrs = attributes(serverFinal);
    if (attrs.has('e')) throw new Error(`SCRAM server error: ${attrs.get('e')}`);
    const v = attrs.get('v');
    const expected = this.expectedServerSignature;
    if (v === undefined || expected === undefined) throw new Error('SCRAM server-final-message lacks v=');
    const got = Buffer.from(v, 'base64');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new Error('SCRAM server signature does not verify');
  }
}
