// RFC 6120 §6.4.2: SASL data travels base64-encoded (RFC 4648 §4), '=' standing for an empty
// response; the mechanisms' messages are UTF-8 (RFC 5802 §5.1, RFC 4616 §2).
import type { SaslFailure } from './sasl-failure.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Canonical base64 only: no whitespace, no missing padding, no stray characters or bits. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** The text of <auth/>, <response/>: '=' and '' both decode to an empty response. */
export function decodeSaslPayload(text: string): Buffer | SaslFailure {
  if (text === '=' || text === '') return Buffer.alloc(0);
  return decodeBase64Strict(text) ?? { failure: 'incorrect-encoding', text: 'invalid base64' };
}

export function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
