import { describe, it, expect } from 'vitest';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { deriveScramCredentialsSync } from './scram-credentials.js';
import type { ScramCredentials, ScramHash } from './scram-credentials.js';
import { ScramServer, decoyCredentials } from './scram-server.js';
import type { SaslFailure } from './scram-server.js';

const b = (s: string) => Buffer.from(s, 'utf8');

/** The client side of RFC 5802 §3, written out independently of the server under test. */
function clientFinalFor(hash: ScramHash, password: string, clientFirstBare: string, serverFirst: string, withoutProof: string) {
  const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
  const keyLength = hash === 'sha1' ? 20 : 32;
  const salted = pbkdf2Sync(password, Buffer.from(attrs.s, 'base64'), Number(attrs.i), keyLength, hash);
  const hmac = (key: Buffer, data: string) => createHmac(hash, key).update(data).digest();
  const clientKey = hmac(salted, 'Client Key');
  const storedKey = createHash(hash).update(clientKey).digest();
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(storedKey, authMessage);
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]));
  const serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
  return { message: `${withoutProof},p=${proof.toString('base64')}`, proof: proof.toString('base64'), verifier: `v=${serverSignature.toString('base64')}` };
}

function isFailure(x: object): x is SaslFailure {
  return 'failure' in x;
}

interface Vector {
  hash: ScramHash;
  clientFirst: string;
  serverNonce: string;
  serverFirst: string;
  clientFinal: string;
  serverFinal: string;
}

// RFC 5802 §5 and RFC 7677 §3: user "user", password "pencil".
const VECTORS: Vector[] = [
  {
    hash: 'sha1',
    clientFirst: 'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
    serverNonce: '3rfcNHYJY1ZVvWVs7j',
    serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
  {
    hash: 'sha256',
    clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
    serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
    serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
  },
];

function credentialsFor(v: Vector, password = 'pencil'): ScramCredentials {
  const salt = /,s=([^,]+),/.exec(v.serverFirst)![1];
  return deriveScramCredentialsSync(password, v.hash, 4096, Buffer.from(salt, 'base64'));
}

describe('ScramServer: RFC test vectors', () => {
  for (const v of VECTORS) {
    it(`runs the ${v.hash} exchange of the RFC byte for byte`, () => {
      const server = new ScramServer(v.hash, { serverNonce: v.serverNonce });
      expect(server.mechanism).toBe(v.hash === 'sha1' ? 'SCRAM-SHA-1' : 'SCRAM-SHA-256');
      expect(server.clientFirst(b(v.clientFirst))).toEqual({ username: 'user' });
      expect(server.challenge(credentialsFor(v)).toString()).toBe(v.serverFirst);

      // The independent client computation reproduces the RFC's proof and verifier.
      const withoutProof = v.clientFinal.slice(0, v.clientFinal.indexOf(',p='));
      const client = clientFinalFor(v.hash, 'pencil', v.clientFirst.slice(3), v.serverFirst, withoutProof);
      expect(client.message).toBe(v.clientFinal);
      expect(client.verifier).toBe(v.serverFinal);

      const result = server.clientFinal(b(v.clientFinal));
      expect(result).toEqual({ serverFinal: b(v.serverFinal) });
    });

    it(`refuses a wrong password (${v.hash})`, () => {
      const server = new ScramServer(v.hash, { serverNonce: v.serverNonce });
      server.clientFirst(b(v.clientFirst));
      server.challenge(credentialsFor(v, 'not-pencil'));
      expect(server.clientFinal(b(v.clientFinal))).toMatchObject({ failure: 'not-authorized' });
    });
  }
});

/** A full exchange with a random server nonce, the client computing its proof from what it received. */
function exchange(options: {
  hash?: ScramHash;
  clientFirst?: string;
  credentials?: ScramCredentials | undefined;
  password?: string;
  tamper?: (withoutProof: string) => string;
  domain?: string;
}) {
  const hash = options.hash ?? 'sha256';
  const clientFirst = options.clientFirst ?? 'n,,n=juliet,r=abcdefghijklmnop';
  const server = new ScramServer(hash, options.domain === undefined ? {} : { domain: options.domain });
  const first = server.clientFirst(b(clientFirst));
  if (isFailure(first)) return { first };
  const credentials = 'credentials' in options ? options.credentials : deriveScramCredentialsSync('secret', hash, 4096);
  const serverFirst = server.challenge(credentials).toString();
  const nonce = /^r=([^,]+),/.exec(serverFirst)![1];
  const gs2 = clientFirst.slice(0, clientFirst.indexOf(',', clientFirst.indexOf(',') + 1) + 1);
  let withoutProof = `c=${Buffer.from(gs2).toString('base64')},r=${nonce}`;
  if (options.tamper) withoutProof = options.tamper(withoutProof);
  const bare = clientFirst.slice(gs2.length);
  const client = clientFinalFor(hash, options.password ?? 'secret', bare, serverFirst, withoutProof);
  return { first, serverFirst, nonce, client, final: server.clientFinal(b(client.message)) };
}

describe('ScramServer: exchange', () => {
  it('authenticates with a random server nonce of at least 18 bytes', () => {
    const r = exchange({});
    expect(r.first).toEqual({ username: 'juliet' });
    expect(r.nonce!.startsWith('abcdefghijklmnop')).toBe(true);
    expect(Buffer.from(r.nonce!.slice(16), 'base64').length).toBeGreaterThanOrEqual(18);
    expect(r.final).toEqual({ serverFinal: b(r.client!.verifier) });
    expect(exchange({}).nonce).not.toBe(r.nonce);
  });

  it('works for SCRAM-SHA-1 too', () => {
    const r = exchange({ hash: 'sha1' });
    expect(r.final).toEqual({ serverFinal: b(r.client!.verifier) });
  });

  it("accepts the 'y' flag (client could bind, server offers no -PLUS)", () => {
    const r = exchange({ clientFirst: 'y,,n=juliet,r=nonce123' });
    expect(r.final).toHaveProperty('serverFinal');
  });

  it("refuses 'p=' channel binding, which is not offered", () => {
    expect(exchange({ clientFirst: 'p=tls-unique,,n=juliet,r=nonce123' }).first).toMatchObject({ failure: 'not-authorized' });
  });

  it('refuses a wrong password at the proof', () => {
    expect(exchange({ password: 'wrong' }).final).toMatchObject({ failure: 'not-authorized' });
  });

  it('refuses a channel binding that does not repeat the GS2 header', () => {
    const r = exchange({ clientFirst: 'y,,n=juliet,r=nonce123', tamper: (w) => w.replace(/^c=[^,]+/, 'c=biws') });
    expect(r.final).toMatchObject({ failure: 'not-authorized' });
  });

  it('refuses a nonce other than the combined one', () => {
    expect(exchange({ tamper: (w) => w.replace(/r=[^,]+$/, 'r=abcdefghijklmnop') }).final).toMatchObject({ failure: 'not-authorized' });
    expect(exchange({ tamper: (w) => w + 'x' }).final).toMatchObject({ failure: 'not-authorized' });
  });

  it('refuses malformed base64 with incorrect-encoding', () => {
    expect(exchange({ tamper: (w) => w.replace(/^c=[^,]+/, 'c=bi!ws') }).final).toMatchObject({ failure: 'incorrect-encoding' });
    const server = new ScramServer('sha256');
    server.clientFirst(b('n,,n=juliet,r=abc'));
    const nonce = /^r=([^,]+),/.exec(server.challenge(undefined).toString())![1];
    expect(server.clientFinal(b(`c=biws,r=${nonce},p=not base64`))).toMatchObject({ failure: 'incorrect-encoding' });
  });

  it('ignores unknown optional extensions', () => {
    const r = exchange({ clientFirst: 'n,,n=juliet,r=nonce123,x=ext', tamper: (w) => w + ',y=other' });
    expect(r.final).toHaveProperty('serverFinal');
  });

  it('does not reveal unknown users: deterministic decoy salt, failure only at the proof', () => {
    const secret = Buffer.alloc(32, 7);
    const challengeFor = (username: string) => {
      const server = new ScramServer('sha256', { decoySecret: secret, decoyIterations: 4096 });
      server.clientFirst(b(`n,,n=${username},r=abc`));
      return server.challenge(undefined).toString().replace(/^r=[^,]+,/, '');
    };
    expect(challengeFor('ghost')).toBe(challengeFor('ghost'));
    expect(challengeFor('ghost')).not.toBe(challengeFor('spirit'));
    expect(challengeFor('ghost')).toMatch(/^s=[A-Za-z0-9+/]{22}==,i=4096$/);
    expect(challengeFor('ghost')).toBe(`s=${decoyCredentials('sha256', 'ghost', secret).salt},i=4096`);

    const r = exchange({ credentials: undefined });
    expect(r.serverFirst).toMatch(/,s=[^,]+,i=\d+$/);
    expect(r.final).toMatchObject({ failure: 'not-authorized', text: 'invalid proof' });
  });

  it('refuses credentials of the wrong hash without throwing', () => {
    const r = exchange({ hash: 'sha256', credentials: deriveScramCredentialsSync('secret', 'sha1', 4096) });
    expect(r.final).toMatchObject({ failure: 'not-authorized' });
  });

  it('throws when the steps are called out of order', () => {
    const server = new ScramServer('sha256');
    expect(() => server.challenge(undefined)).toThrow();
    expect(() => server.clientFinal(b('c=biws'))).toThrow();
    server.clientFirst(b('n,,n=a,r=b'));
    expect(() => server.clientFirst(b('n,,n=a,r=b'))).toThrow();
    const failed = new ScramServer('sha256');
    expect(failed.clientFirst(b('bogus'))).toHaveProperty('failure');
    expect(() => failed.challenge(undefined)).toThrow();
  });
});

describe('ScramServer: client-first-message parsing', () => {
  const first = (message: string | Buffer, domain?: string) =>
    new ScramServer('sha256', domain === undefined ? {} : { domain }).clientFirst(typeof message === 'string' ? b(message) : message);

  it('decodes saslname escapes', () => {
    expect(first('n,,n=us=2Cer=3D,r=abc')).toEqual({ username: 'us,er=' });
    expect(first('n,,n=us=41er,r=abc')).toMatchObject({ failure: 'malformed-request' });
    expect(first('n,,n=user=,r=abc')).toMatchObject({ failure: 'malformed-request' });
  });

  it('applies SASLprep to the username (RFC 4013 §3 examples)', () => {
    expect(first('n,,n=I\u00adX,r=abc')).toEqual({ username: 'IX' });
    expect(first('n,,n=\u00aa,r=abc')).toEqual({ username: 'a' });
    expect(first('n,,n=\u0007,r=abc')).toMatchObject({ failure: 'malformed-request' });
  });

  it('returns the authzid, or checks it against the bare JID when the domain is known', () => {
    expect(first('n,a=juliet@example.com,n=juliet,r=abc')).toEqual({ username: 'juliet', authzid: 'juliet@example.com' });
    expect(first('n,a=Juliet@Example.com,n=juliet,r=abc', 'example.com')).toEqual({ username: 'juliet', authzid: 'Juliet@Example.com' });
    expect(first('n,a=romeo@example.com,n=juliet,r=abc', 'example.com')).toMatchObject({ failure: 'invalid-authzid' });
    expect(first('n,a=juliet@example.com/res,n=juliet,r=abc', 'example.com')).toMatchObject({ failure: 'invalid-authzid' });
    expect(first('n,a=juliet@example.net,n=juliet,r=abc', 'example.com')).toMatchObject({ failure: 'invalid-authzid' });
  });

  it('refuses mandatory extensions', () => {
    expect(first('n,,m=ext,n=juliet,r=abc')).toMatchObject({ failure: 'malformed-request' });
  });

  it('refuses malformed messages', () => {
    for (const bad of ['', 'n', 'n,', 'x,,n=a,r=b', 'n,b=x,n=a,r=b', 'n,,r=abc', 'n,,n=a', 'n,,n=,r=abc', 'n,,n=a,r=', 'n,,n=a,x=b', 'n,,n=a,r=b,bad']) {
      expect(first(bad), bad).toMatchObject({ failure: 'malformed-request' });
    }
    expect(first(Buffer.from([0x6e, 0x2c, 0x2c, 0x6e, 0x3d, 0xff, 0x2c, 0x72, 0x3d, 0x61]))).toMatchObject({ failure: 'malformed-request' });
  });
});
