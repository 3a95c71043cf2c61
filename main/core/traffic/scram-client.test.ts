import { describe, expect, it } from 'vitest';
import { SaltedPasswordCache, ScramClient, escapeUsername } from './scram-client.js';

// The example exchanges of RFC 5802 §5 (SHA-1) and RFC 7677 §3 (SHA-256).
const VECTORS = [
  {
    mechanism: 'SCRAM-SHA-1' as const,
    nonce: 'fyko+d2lbbFgONRv9qkxdawL',
    serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
  {
    mechanism: 'SCRAM-SHA-256' as const,
    nonce: 'rOprNGfwEbeRWgbNEkqO',
    serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
  },
];

describe('ScramClient', () => {
  for (const v of VECTORS) {
    it(`reproduces the RFC example for ${v.mechanism}`, async () => {
      const client = new ScramClient(v.mechanism, 'user', 'pencil', new SaltedPasswordCache(), v.nonce);
      expect(client.clientFirst()).toBe(`n,,n=user,r=${v.nonce}`);
      expect(await client.clientFinal(v.serverFirst)).toBe(v.clientFinal);
      expect(() => client.verifyServerFinal(v.serverFinal)).not.toThrow();
    });
  }

  it('rejects a wrong server signature', async () => {
    const v = VECTORS[1];
    const client = new ScramClient(v.mechanism, 'user', 'pencil', new SaltedPasswordCache(), v.nonce);
    client.clientFirst();
    await client.clientFinal(v.serverFirst);
    expect(() => client.verifyServerFinal('v=rmF9pqV8S7suAoZWja4dJRkFsKQ=')).toThrow(/does not verify/);
    expect(() => client.verifyServerFinal('v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).toThrow(/does not verify/);
    expect(() => client.verifyServerFinal('e=invalid-proof')).toThrow(/invalid-proof/);
  });

  it('rejects a server nonce that does not extend ours', async () => {
    const client = new ScramClient('SCRAM-SHA-256', 'user', 'pencil', new SaltedPasswordCache(), 'abc');
    client.clientFirst();
    await expect(client.clientFinal('r=xyz123,s=QSXCR+Q6sek8bf92,i=4096')).rejects.toThrow(/nonce/);
    await expect(client.clientFinal('r=abc,s=QSXCR+Q6sek8bf92,i=4096')).rejects.toThrow(/nonce/);
  });

  it('derives SaltedPassword once per password, salt and iteration count', async () => {
    const cache = new SaltedPasswordCache();
    const v = VECTORS[1];
    for (let i = 0; i < 3; i++) {
      const client = new ScramClient(v.mechanism, 'user', 'pencil', cache, v.nonce);
      client.clientFirst();
      expect(await client.clientFinal(v.serverFirst)).toBe(v.clientFinal);
    }
    expect({ size: cache.size, misses: cache.misses, hits: cache.hits }).toEqual({ size: 1, misses: 1, hits: 2 });
    const other = new ScramClient(v.mechanism, 'user', 'pencil2', cache, v.nonce);
    other.clientFirst();
    expect(await other.clientFinal(v.serverFirst)).not.toBe(v.clientFinal);
    expect(cache.size).toBe(2);
  });
});

describe('escapeUsername', () => {
  it('escapes = and , (RFC 5802 §5.1)', () => {
    expect(escapeUsername('a=b,c')).toBe('a=3Db=2Cc');
  });
});
