// RFC 5802 SCRAM (client side), with SCRAM-SHA-256 from RFC 7677 and SCRAM-SHA-1 from RFC 5802.
// No channel binding (gs2 header "n,,"). The expensive step, SaltedPassword = Hi(password, salt, i),
// is cached per (hash, password, salt, iterations): the console's traffic generator and the bench's
// load generator must spend their CPU on messages and on measuring the server, not on PBKDF2.
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

/** SaltedPassword-derived keys, shared by every connection of a generator. */
export class SaltedPasswordCache {
  private readonly keys = new Map<string, Promise<DerivedKeys>>();
  hits = 0;
  misses = 0;

  get size(): number {
    return this.keys.size;
  }

  /** Runs PBKDF2 on the libuv pool at most once per (mechanism, password, salt, iterations). */
  derive(mechanism: ScramMechanism, password: string, salt: string, iterations: number): Promise<DerivedKeys> {
    const key = `${mechanism}\n${iterations}\n${salt}\n${password}`;
    const cached = this.keys.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const { name, bytes } = HASH[mechanism];
    const derived = pbkdf2Async(saslprep(password), Buffer.from(salt, 'base64'), iterations, bytes, name).then((salted) => {
      const clientKey = createHmac(name, salted).update('Client Key').digest();
      return {
        clientKey,
        storedKey: createHash(name).update(clientKey).digest(),
        serverKey: createHmac(name, salted).update('Server Key').digest(),
      };
    });
    derived.catch(() => this.keys.delete(key));
    this.keys.set(key, derived);
    return derived;
  }
}

/** RFC 5802 §5.1: "=" and "," in a username are escaped as "=3D" and "=2C". */
export function escapeUsername(username: string): string {
  return username.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function parseAttributes(message: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const part of message.split(',')) {
    if (part.length >= 2 && part[1] === '=') attrs.set(part[0], part.slice(2));
  }
  return attrs;
}

/** One SCRAM exchange: clientFirst() → clientFinal(serverFirst) → verifyServerFinal(serverFinal). */
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
    const attrs = parseAttributes(serverFirst);
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    if (attrs.has('e')) throw new Error(`SCRAM server error: ${attrs.get('e')}`);
    if (nonce === undefined || !nonce.startsWith(this.nonce) || nonce.length === this.nonce.length) {
      throw new Error(`SCRAM server-first-message has a bad nonce: ${serverFirst}`);
    }
    if (salt === undefined || !Number.isInteger(iterations) || iterations < 1) {
      throw new Error(`SCRAM server-first-message lacks salt or iterations: ${serverFirst}`);
    }
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

  /** RFC 5802 §3: the client must check the server's signature before trusting the success. */
  verifyServerFinal(serverFinal: string): void {
    const attrs = parseAttributes(serverFinal);
    if (attrs.has('e')) throw new Error(`SCRAM server error: ${attrs.get('e')}`);
    const v = attrs.get('v');
    const expected = this.expectedServerSignature;
    if (v === undefined || expected === undefined) throw new Error(`SCRAM server-final-message lacks v=: ${serverFinal}`);
    const got = Buffer.from(v, 'base64');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new Error('SCRAM server signature does not verify');
  }
}
