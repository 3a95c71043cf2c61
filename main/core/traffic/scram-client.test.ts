import { describe, expect, it } from 'vitest';
import { SaltedPasswordCache, ScramClient } from './scram-client.js';

describe('ScramClient', () => {
  it('reproduces the RFC 7677 §3 SCRAM-SHA-256 example', async () => {
    const client = new ScramClient('SCRAM-SHA-256', 'user', 'pencil', new SaltedPasswordCache(), 'rOprNGfwEbeRWgbNEkqO');
    expect(client.clientFirst()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const final = await client.clientFinal('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096');
    expect(final).toBe('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
    expect(() => client.verifyServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).not.toThrow();
    expect(() => client.verifyServerFinal('v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).toThrow(/does not verify/);
  });

  it('reproduces the RFC 5802 §5 SCRAM-SHA-1 example', async () => {
    const client = new ScramClient('SCRAM-SHA-1', 'user', 'pencil', new SaltedPasswordCache(), 'fyko+d2lbbFgONRv9qkxdawL');
    client.clientFirst();
    const final = await client.clientFinal('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096');
    expect(final).toBe('c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=');
  });

  it('refuses a server nonce that does not extend ours', async () => {
    const client = new ScramClient('SCRAM-SHA-1', 'user', 'pencil', new SaltedPasswordCache(), 'abc');
    client.clientFirst();
    await expect(client.clientFinal('r=xyz123,s=QSXCR+Q6sek8bf92,i=4096')).rejects.toThrow(/nonce/);
  });
});
