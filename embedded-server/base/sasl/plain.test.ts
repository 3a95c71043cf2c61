import { describe, it, expect } from 'vitest';
import { deriveScramCredentialsSync } from './scram-credentials.js';
import { parsePlain, verifyPlainPassword, verifyPlainPasswordAsync } from './plain.js';

const plain = (s: string) => parsePlain(Buffer.from(s, 'utf8'));

describe('parsePlain (RFC 4616)', () => {
  it('splits authzid, authcid and password', () => {
    expect(plain('\0juliet\0pencil')).toEqual({ username: 'juliet', password: 'pencil' });
    expect(plain('juliet@example.com\0juliet\0pen cil')).toEqual({ authzid: 'juliet@example.com', username: 'juliet', password: 'pen cil' });
  });

  it('keeps UTF-8 and applies SASLprep to the username only', () => {
    expect(plain('\0I\u00adX\0p\u00e4ss\u00adword')).toEqual({ username: 'IX', password: 'p\u00e4ss\u00adword' });
  });

  it('refuses messages without exactly two NUL separators', () => {
    for (const bad of ['', 'juliet', '\0juliet', 'a\0b\0c\0d', 'juliet\0pencil']) {
      expect(plain(bad), JSON.stringify(bad)).toMatchObject({ failure: 'malformed-request' });
    }
  });

  it('refuses an empty username or password', () => {
    expect(plain('\0\0pencil')).toMatchObject({ failure: 'malformed-request' });
    expect(plain('\0juliet\0')).toMatchObject({ failure: 'malformed-request' });
    expect(plain('\0\u00ad\0pencil')).toMatchObject({ failure: 'malformed-request' });
  });

  it('refuses prohibited characters and invalid UTF-8', () => {
    expect(plain('\0jul\u0007iet\0pencil')).toMatchObject({ failure: 'malformed-request' });
    expect(parsePlain(Buffer.from([0, 0x6a, 0xc3, 0x28, 0, 0x70]))).toMatchObject({ failure: 'malformed-request' });
  });
});

describe('verifyPlainPassword', () => {
  for (const hash of ['sha1', 'sha256'] as const) {
    const creds = deriveScramCredentialsSync('pencil', hash, 4096);

    it(`accepts the right password and refuses others (${hash})`, async () => {
      expect(verifyPlainPassword('pencil', creds, hash)).toBe(true);
      expect(verifyPlainPassword('Pencil', creds, hash)).toBe(false);
      expect(verifyPlainPassword('pencil ', creds, hash)).toBe(false);
      expect(await verifyPlainPasswordAsync('pencil', creds, hash)).toBe(true);
      expect(await verifyPlainPasswordAsync('pen', creds, hash)).toBe(false);
    });
  }

  it('normalizes the password with SASLprep like the stored credentials', () => {
    const creds = deriveScramCredentialsSync('I\u00adX', 'sha256', 4096);
    expect(verifyPlainPassword('IX', creds, 'sha256')).toBe(true);
  });

  it('refuses a password SASLprep prohibits, and credentials of another hash, without throwing', () => {
    const creds = deriveScramCredentialsSync('pencil', 'sha256', 4096);
    expect(verifyPlainPassword('pen\u0007cil', creds, 'sha256')).toBe(false);
    expect(verifyPlainPassword('pencil', creds, 'sha1')).toBe(false);
  });
});
