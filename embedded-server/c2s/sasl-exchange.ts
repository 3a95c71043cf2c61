// RFC 6120 §6 SASL negotiation on the server side: <auth/>, <challenge/>/<response/>, <success/>,
// <failure/>, <abort/>. Mechanisms: SCRAM-SHA-256 (RFC 7677), SCRAM-SHA-1 (RFC 5802), PLAIN (RFC 4616).
// Credentials are fetched from storage; no plaintext password is ever stored.
import { NS } from '../base/namespaces.js';
import { parsePlain, verifyPlainPassword } from '../base/sasl/plain.js';
import { ScramServer, decoyCredentials, type SaslFailure } from '../base/sasl/scram-server.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import type { UserCredentials } from '../storage/storage.js';

export type SaslMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-1' | 'PLAIN';

export type SaslStep =
  | { kind: 'challenge'; reply: XmlElement }
  | { kind: 'success'; reply: XmlElement; username: string }
  | { kind: 'failure'; reply: XmlElement; condition: SaslFailure['failure']; username?: string; text?: string };

export interface SaslContext {
  host: string;
  /** Looks up stored credentials for a bare JID; undefined when there is no such user. */
  credentials(bare: string): Promise<UserCredentials | undefined>;
  /** Turns a SASL username into a bare JID on `host`, or undefined when it is not a valid localpart. */
  toBare(username: string, host: string): string | undefined;
}

export function failureElement(condition: SaslFailure['failure'], text?: string): XmlElement {
  const el = xml('failure', { xmlns: NS.sasl }, xml(condition));
  if (text !== undefined) el.append(xml('text', { 'xml:lang': 'en' }, text));
  return el;
}

function failure(f: SaslFailure, username?: string): SaslStep {
  return { kind: 'failure', reply: failureElement(f.failure, f.text), condition: f.failure, username, text: f.text };
}

/** RFC 6120 §6.4.2: the payload is base64, "=" meaning an empty response. */
function decodePayload(el: XmlElement): Buffer | SaslFailure {
  const text = el.text().trim();
  if (text === '' || text === '=') return Buffer.alloc(0);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) {
    return { failure: 'incorrect-encoding', text: 'The SASL payload is not valid base64' };
  }
  return Buffer.from(text, 'base64');
}

function isFailure(x: unknown): x is SaslFailure {
  return typeof x === 'object' && x !== null && 'failure' in x;
}

/** One SASL exchange: created on <auth/>, fed <response/> elements until success or failure. */
export class SaslExchange {
  private scram: ScramServer | undefined;
  private username: string | undefined;

  constructor(
    readonly mechanism: SaslMechanism,
    private readonly ctx: SaslContext,
  ) {}

  async start(auth: XmlElement): Promise<SaslStep> {
    const payload = decodePayload(auth);
    if (isFailure(payload)) return failure(payload);
    if (this.mechanism === 'PLAIN') return this.plain(payload);
    if (payload.length === 0) {
      // SCRAM is client-first: an empty initial response asks us for an empty challenge.
      return { kind: 'challenge', reply: xml('challenge', { xmlns: NS.sasl }) };
    }
    return this.scramFirst(payload);
  }

  async step(response: XmlElement): Promise<SaslStep> {
    const payload = decodePayload(response);
    if (isFailure(payload)) return failure(payload, this.username);
    if (this.mechanism === 'PLAIN') return this.plain(payload);
    if (this.scram === undefined) return this.scramFirst(payload);
    const out = this.scram.clientFinal(payload);
    if (isFailure(out)) return failure(out, this.username);
    return {
      kind: 'success',
      reply: xml('success', { xmlns: NS.sasl }, out.serverFinal.toString('base64')),
      username: this.username as string,
    };
  }

  private async scramFirst(payload: Buffer): Promise<SaslStep> {
    const scram = new ScramServer(this.mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha1');
    const first = scram.clientFirst(payload);
    if (isFailure(first)) return failure(first);
    const bare = this.ctx.toBare(first.username, this.ctx.host);
    if (bare === undefined) return failure({ failure: 'not-authorized' }, first.username);
    if (first.authzid !== undefined && first.authzid !== bare) return failure({ failure: 'invalid-authzid' }, first.username);
    this.username = bare.slice(0, bare.indexOf('@'));
    const creds = await this.ctx.credentials(bare);
    const stored = creds === undefined ? undefined : this.mechanism === 'SCRAM-SHA-256' ? creds.scramSha256 : creds.scramSha1;
    this.scram = scram;
    return { kind: 'challenge', reply: xml('challenge', { xmlns: NS.sasl }, scram.challenge(stored).toString('base64')) };
  }

  private async plain(payload: Buffer): Promise<SaslStep> {
    const parsed = parsePlain(payload);
    if (isFailure(parsed)) return failure(parsed);
    const bare = this.ctx.toBare(parsed.username, this.ctx.host);
    if (bare === undefined) return failure({ failure: 'not-authorized' }, parsed.username);
    if (parsed.authzid !== undefined && parsed.authzid !== '' && parsed.authzid !== bare) {
      return failure({ failure: 'invalid-authzid' }, parsed.username);
    }
    const creds = await this.ctx.credentials(bare);
    // An unknown user costs the same PBKDF2 as a known one, so timing does not reveal which accounts exist.
    const stored = creds?.scramSha256 ?? decoyCredentials('sha256', bare);
    if (!verifyPlainPassword(parsed.password, stored, 'sha256') || creds === undefined) {
      return failure({ failure: 'not-authorized' }, parsed.username);
    }
    return { kind: 'success', reply: xml('success', { xmlns: NS.sasl }), username: bare.slice(0, bare.indexOf('@')) };
  }
}
