// RFC 5802 SCRAM-SHA-1 and RFC 7677 SCRAM-SHA-256, server side (RFC 4422 exchange), without
// channel binding: the -PLUS variants are not offered, so a client asking for binding ('p=')
// fails and 'y' (client could bind, believes the server cannot) is accepted.
//
// Exchange: clientFirst() parses client-first-message; the caller fetches the user's stored
// credentials; challenge() answers with server-first-message; clientFinal() checks the proof and
// returns server-final-message for <success/>. An unknown user gets a decoy salt and iteration
// count derived from a secret and the username, so the reply looks the same as for a real account
// and the failure only comes, as for a wrong password, at the proof.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import saslprep from '@mongodb-js/saslprep';
import { tryParseJid } from '../jid.js';
import { DEFAULT_SCRAM_ITERATIONS, SCRAM_KEY_LENGTH } from './scram-credentials.js';
import type { ScramCredentials, ScramHash } from './scram-credentials.js';
import { decodeBase64Strict, decodeUtf8 } from './sasl-encoding.js';
import type { SaslFailure } from './sasl-failure.js';

export type { SaslFailure } from './sasl-failure.js';

export interface ScramServerOptions {
  /** The server's part of the nonce. Tests inject the RFCs' values; by default 18 random bytes in base64. */
  serverNonce?: string;
  /**
   * The domain users authenticate to. When given, an authzid must name the user's own bare JID
   * (else invalid-authzid); without it the caller must make that check on the returned authzid.
   */
  domain?: string;
  /** Keys the decoy credentials of unknown users. Pass a persistent secret so decoys survive restarts. */
  decoySecret?: Buffer;
  /** Iteration count announced for unknown users: use the one real accounts have. */
  decoyIterations?: number;
}

export interface ScramClientFirst {
  /** SASLprepped username; map it to a JID localpart before looking up the account. */
  username: string;
  authzid?: string;
}

// One per process: decoys stay stable while the process lives (callers can pass their own).
const PROCESS_DECOY_SECRET = randomBytes(32);

const NONCE_RE = /^[\x21-\x2b\x2d-\x7e]+$/;
const ATTRIBUTE_RE = /^[A-Za-z]=/;

function hmac(hash: ScramHash, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(hash, key).update(data).digest();
}

/** RFC 5802 §7 saslname: '=2C' and '=3D' stand for ',' and '='; any other '=' is malformed. */
function decodeSaslName(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.indexOf('=') === -1) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== '=') {
      out += c;
      continue;
    }
    const escape = value.slice(i + 1, i + 3);
    if (escape === '2C') out += ',';
    else if (escape === '3D') out += '=';
    else return undefined;
    i += 2;
  }
  return out;
}

/** Credentials for an account that does not exist, stable for a given secret, hash and username. */
export function decoyCredentials(
  hash: ScramHash,
  username: string,
  secret: Buffer = PROCESS_DECOY_SECRET,
  iterations: number = DEFAULT_SCRAM_ITERATIONS,
): ScramCredentials {
  const derive = (label: string) => hmac('sha256', secret, `${label}\0${hash}\0${username}`);
  return {
    salt: derive('salt').subarray(0, 16).toString('base64'),
    iterations,
    storedKey: derive('stored').subarray(0, SCRAM_KEY_LENGTH[hash]).toString('base64'),
    serverKey: derive('server').subarray(0, SCRAM_KEY_LENGTH[hash]).toString('base64'),
  };
}

const malformed = (text: string): SaslFailure => ({ failure: 'malformed-request', text });

type State = 'start' | 'first' | 'challenged' | 'done';

export class ScramServer {
  readonly mechanism: 'SCRAM-SHA-1' | 'SCRAM-SHA-256';
  private state: State = 'start';
  private gs2Header = '';
  private clientFirstBare = '';
  private clientNonce = '';
  private username = '';
  private nonce = '';
  private serverFirst = '';
  private credentials: ScramCredentials | undefined;
  private known = false;

  constructor(
    private readonly hash: ScramHash,
    private readonly options: ScramServerOptions = {},
  ) {
    this.mechanism = hash === 'sha1' ? 'SCRAM-SHA-1' : 'SCRAM-SHA-256';
  }

  clientFirst(message: Buffer): ScramClientFirst | SaslFailure {
    this.advance('start', 'first');
    const result = this.parseClientFirst(message);
    // A failed exchange is over: challenge() after it throws.
    if ('failure' in result) this.state = 'done';
    return result;
  }

  private parseClientFirst(message: Buffer): ScramClientFirst | SaslFailure {
    const text = decodeUtf8(message);
    if (text === undefined) return malformed('client-first-message is not UTF-8');
    if (text.startsWith('p=')) return { failure: 'not-authorized', text: 'channel binding is not supported' };
    if (!text.startsWith('n,') && !text.startsWith('y,')) return malformed('invalid GS2 header');
    const authzEnd = text.indexOf(',', 2);
    if (authzEnd === -1) return malformed('invalid GS2 header');
    let authzid: string | undefined;
    if (authzEnd > 2) {
      if (!text.startsWith('a=', 2)) return malformed('invalid GS2 header');
      authzid = decodeSaslName(text.slice(4, authzEnd));
      if (authzid === undefined) return malformed('invalid authzid encoding');
    }
    this.gs2Header = text.slice(0, authzEnd + 1);
    this.clientFirstBare = text.slice(authzEnd + 1);
    const attributes = this.clientFirstBare.split(',');
    if (attributes[0].startsWith('m=')) return malformed('mandatory extensions are not supported');
    if (!attributes[0].startsWith('n=')) return malformed('missing username');
    const rawUsername = decodeSaslName(attributes[0].slice(2));
    if (rawUsername === undefined) return malformed('invalid username encoding');
    try {
      this.username = saslprep(rawUsername);
    } catch {
      return malformed('username is not allowed by SASLprep');
    }
    if (this.username === '') return malformed('empty username');
    if (attributes.length < 2 || !attributes[1].startsWith('r=')) return malformed('missing nonce');
    this.clientNonce = attributes[1].slice(2);
    if (!NONCE_RE.test(this.clientNonce)) return malformed('invalid nonce');
    for (let i = 2; i < attributes.length; i++) if (!ATTRIBUTE_RE.test(attributes[i])) return malformed('invalid attribute');
    if (authzid !== undefined && this.options.domain !== undefined && !this.authzidIsUser(authzid, this.options.domain)) {
      return { failure: 'invalid-authzid', text: 'authzid must be the account’s own bare JID' };
    }
    return authzid === undefined ? { username: this.username } : { username: this.username, authzid };
  }

  /** server-first-message. `credentials` undefined (unknown user) answers with decoys and fails at the proof. */
  challenge(credentials: ScramCredentials | undefined): Buffer {
    this.advance('first', 'challenged');
    const keyLength = SCRAM_KEY_LENGTH[this.hash];
    this.known =
      credentials !== undefined &&
      Buffer.from(credentials.storedKey, 'base64').length === keyLength &&
      Buffer.from(credentials.serverKey, 'base64').length === keyLength;
    const used =
      this.known && credentials !== undefined
        ? credentials
        : decoyCredentials(this.hash, this.username, this.options.decoySecret, credentials?.iterations ?? this.options.decoyIterations);
    this.credentials = used;
    const serverNonce = this.options.serverNonce ?? randomBytes(18).toString('base64');
    this.nonce = this.clientNonce + serverNonce;
    this.serverFirst = `r=${this.nonce},s=${used.salt},i=${used.iterations}`;
    return Buffer.from(this.serverFirst);
  }

  clientFinal(message: Buffer): { serverFinal: Buffer } | SaslFailure {
    this.advance('challenged', 'done');
    const text = decodeUtf8(message);
    if (text === undefined) return malformed('client-final-message is not UTF-8');
    const proofAt = text.lastIndexOf(',p=');
    if (proofAt === -1) return malformed('missing proof');
    const withoutProof = text.slice(0, proofAt);
    const attributes = withoutProof.split(',');
    if (!attributes[0].startsWith('c=')) return malformed('missing channel binding');
    for (let i = 2; i < attributes.length; i++) if (!ATTRIBUTE_RE.test(attributes[i])) return malformed('invalid attribute');
    const binding = decodeBase64Strict(attributes[0].slice(2));
    const proof = decodeBase64Strict(text.slice(proofAt + 3));
    if (binding === undefined || proof === undefined) return { failure: 'incorrect-encoding', text: 'invalid base64' };
    if (!binding.equals(Buffer.from(this.gs2Header))) return { failure: 'not-authorized', text: 'channel binding does not match' };
    if (attributes.length < 2 || attributes[1] !== 'r=' + this.nonce) return { failure: 'not-authorized', text: 'nonce does not match' };

    const credentials = this.credentials;
    if (credentials === undefined) throw new Error('ScramServer: no credentials after challenge');
    const storedKey = Buffer.from(credentials.storedKey, 'base64');
    if (proof.length !== storedKey.length) return { failure: 'not-authorized', text: 'invalid proof' };
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.hash, storedKey, authMessage);
    for (let i = 0; i < proof.length; i++) proof[i] ^= clientSignature[i];
    const matches = timingSafeEqual(createHash(this.hash).update(proof).digest(), storedKey);
    if (!matches || !this.known) return { failure: 'not-authorized', text: 'invalid proof' };
    const serverSignature = hmac(this.hash, Buffer.from(credentials.serverKey, 'base64'), authMessage);
    return { serverFinal: Buffer.from('v=' + serverSignature.toString('base64')) };
  }

  private advance(from: State, to: State): void {
    if (this.state !== from) throw new Error(`ScramServer: ${to} step called in state ${this.state}`);
    this.state = to;
  }

  private authzidIsUser(authzid: string, domain: string): boolean {
    const requested = tryParseJid(authzid);
    const user = tryParseJid(`${this.username}@${domain}`);
    return requested !== undefined && user !== undefined && requested.isBare() && requested.equals(user);
  }
}
