import { describe, it, expect } from 'vitest';
import { decodeBase64Strict, decodeSaslPayload, decodeUtf8 } from './sasl-encoding.js';
import { SASL_FAILURE_CONDITIONS, isSaslFailure } from './sasl-failure.js';

describe('SASL encoding (RFC 6120 §6.4.2)', () => {
  it('decodes canonical base64 only', () => {
    expect(decodeBase64Strict('biws')?.toString()).toBe('n,,');
    expect(decodeBase64Strict('YQ==')?.toString()).toBe('a');
    for (const bad of ['YQ', 'YQ=', 'Y Q==', 'YR==', 'bi!ws', 'biws\n', '====']) {
      expect(decodeBase64Strict(bad), bad).toBeUndefined();
    }
  });

  it("reads '=' and an empty element as an empty response", () => {
    expect(decodeSaslPayload('=')).toEqual(Buffer.alloc(0));
    expect(decodeSaslPayload('')).toEqual(Buffer.alloc(0));
    expect(decodeSaslPayload('AGp1bGlldABwZW5jaWw=')).toEqual(Buffer.from('\0juliet\0pencil'));
    expect(decodeSaslPayload('not base64!')).toEqual({ failure: 'incorrect-encoding', text: 'invalid base64' });
  });

  it('decodes UTF-8 strictly', () => {
    expect(decodeUtf8(Buffer.from('héllo'))).toBe('héllo');
    expect(decodeUtf8(Buffer.from([0xc3, 0x28]))).toBeUndefined();
  });

  it('lists the RFC 6120 §6.5 failure conditions', () => {
    expect(SASL_FAILURE_CONDITIONS).toHaveLength(11);
    expect(isSaslFailure({ failure: 'aborted' })).toBe(true);
    expect(isSaslFailure({ username: 'x' })).toBe(false);
    expect(isSaslFailure(null)).toBe(false);
  });
});
