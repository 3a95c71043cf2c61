// RFC 7622 XMPP addresses: localpart@domainpart/resourcepart, parsed and normalized so that two
// spellings of one address compare equal. The PRECIS profiles are approximated with what
// String.prototype.normalize offers (no PRECIS tables are shipped):
// - localpart (UsernameCaseMapped, RFC 8265 §3.3): NFKC (covers the width mapping) then
//   toLowerCase, keeping only letters, digits, combining marks and printable ASCII, minus the
//   characters RFC 7622 §3.3.1 forbids. NFKC maps more than width: 'henryⅣ' becomes 'henryiv'
//   where PRECIS would refuse it.
// - domainpart (IDNA2008 U-labels, RFC 7622 §3.2): NFKC then toLowerCase, one trailing dot
//   stripped, labels of 1-63 characters from letters, digits, '-', '_' and non-ASCII; IP literals.
// - resourcepart (OpaqueString, RFC 8265 §4.2): non-ASCII spaces mapped to U+0020, then NFC;
//   control characters refused.
// Called per stanza, so ASCII input skips the Unicode work and nothing is cached between calls.
import { isIPv6 } from 'node:net';

export class JidError extends Error {
  readonly code = 'jid-malformed' as const;

  constructor(message: string) {
    super(message);
    this.name = 'JidError';
  }
}

export class Jid {
  /** The parts must already be normalized: build from outside input with parseJid() or makeJid(). */
  constructor(
    readonly local: string,
    readonly domain: string,
    readonly resource: string = '',
  ) {}

  bare(): Jid {
    return this.resource === '' ? this : new Jid(this.local, this.domain);
  }

  isBare(): boolean {
    return this.resource === '';
  }

  bareString(): string {
    return this.local === '' ? this.domain : this.local + '@' + this.domain;
  }

  toString(): string {
    return this.resource === '' ? this.bareString() : this.bareString() + '/' + this.resource;
  }

  equals(other: Jid | undefined): boolean {
    return other !== undefined && this.local === other.local && this.domain === other.domain && this.resource === other.resource;
  }

  /** Same account, whatever the resource. */
  bareEquals(other: Jid | undefined): boolean {
    return other !== undefined && this.local === other.local && this.domain === other.domain;
  }
}

const MAX_PART_BYTES = 1023;
const NON_ASCII_RE = /[^\x20-\x7e]/;
// RFC 7622 §3.3.1, plus space (IdentifierClass has no spaces).
const LOCAL_FORBIDDEN_ASCII_RE = /["&'/:<>@ ]/;
// IdentifierClass (RFC 8264 §4.2): letters, digits, marks and printable ASCII.
const LOCAL_ALLOWED_RE = /^[\p{L}\p{Nd}\p{Mn}\p{Mc}\x21-\x7e]+$/u;
const DOMAIN_FORBIDDEN_RE = /[^a-z0-9._\-\u00a1-\uffff]|[\s\p{Cc}\p{Cf}]/u;
const IDEOGRAPHIC_DOTS_RE = /[\u3002\uff0e\uff61]/g;
const NON_ASCII_SPACE_RE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const CONTROL_RE = /\p{Cc}/u;

function tooLong(part: string): boolean {
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short parts need no counting.
  return part.length * 3 > MAX_PART_BYTES && Buffer.byteLength(part) > MAX_PART_BYTES;
}

function normalizeLocal(raw: string): string | JidError {
  if (raw === '') return new JidError('empty localpart');
  let local: string;
  if (NON_ASCII_RE.test(raw)) {
    local = raw.normalize('NFKC').toLowerCase().normalize('NFC');
    if (!LOCAL_ALLOWED_RE.test(local)) return new JidError('localpart contains a disallowed character');
  } else {
    local = raw.toLowerCase();
  }
  if (LOCAL_FORBIDDEN_ASCII_RE.test(local)) return new JidError('localpart contains a forbidden character');
  if (tooLong(local)) return new JidError('localpart longer than 1023 bytes');
  return local;
}

function normalizeDomain(raw: string): string | JidError {
  if (raw.charCodeAt(0) === 91 /* [ */) {
    const inner = raw.endsWith(']') ? raw.slice(1, -1) : '';
    return isIPv6(inner) ? '[' + inner.toLowerCase() + ']' : new JidError('invalid IPv6 literal in domainpart');
  }
  let domain = NON_ASCII_RE.test(raw) ? raw.normalize('NFKC').replace(IDEOGRAPHIC_DOTS_RE, '.').toLowerCase() : raw.toLowerCase();
  // RFC 7622 §3.2: a final label separator is stripped, once.
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (domain === '') return new JidError('empty domainpart');
  if (DOMAIN_FORBIDDEN_RE.test(domain)) return new JidError('domainpart contains a forbidden character');
  let labelStart = 0;
  for (let i = 0; i <= domain.length; i++) {
    if (i < domain.length && domain.charCodeAt(i) !== 46 /* . */) continue;
    const length = i - labelStart;
    if (length === 0) return new JidError('empty label in domainpart');
    if (length > 63) return new JidError('label longer than 63 characters in domainpart');
    if (domain.charCodeAt(labelStart) === 45 || domain.charCodeAt(i - 1) === 45 /* - */) {
      return new JidError('label starts or ends with a hyphen in domainpart');
    }
    labelStart = i + 1;
  }
  if (tooLong(domain)) return new JidError('domainpart longer than 1023 bytes');
  return domain;
}

function normalizeResource(raw: string): string | JidError {
  if (raw === '') return new JidError('empty resourcepart');
  const resource = NON_ASCII_RE.test(raw) ? raw.replace(NON_ASCII_SPACE_RE, ' ').normalize('NFC') : raw;
  if (CONTROL_RE.test(resource)) return new JidError('resourcepart contains a control character');
  if (tooLong(resource)) return new JidError('resourcepart longer than 1023 bytes');
  return resource;
}

function build(local: string | undefined, domain: string, resource: string | undefined): Jid | JidError {
  const l = local === undefined ? '' : normalizeLocal(local);
  if (l instanceof JidError) return l;
  const d = normalizeDomain(domain);
  if (d instanceof JidError) return d;
  const r = resource === undefined ? '' : normalizeResource(resource);
  if (r instanceof JidError) return r;
  return new Jid(l, d, r);
}

/** RFC 7622 §3.2: the resourcepart starts at the first '/', the localpart ends at the first '@' before it. */
function parse(s: string): Jid | JidError {
  const slash = s.indexOf('/');
  const head = slash === -1 ? s : s.slice(0, slash);
  const at = head.indexOf('@');
  return build(at === -1 ? undefined : head.slice(0, at), at === -1 ? head : head.slice(at + 1), slash === -1 ? undefined : s.slice(slash + 1));
}

/** Throws JidError (code 'jid-malformed') when `s` is not a valid JID. */
export function parseJid(s: string): Jid {
  const jid = parse(s);
  if (jid instanceof JidError) throw jid;
  return jid;
}

export function tryParseJid(s: string): Jid | undefined {
  const jid = parse(s);
  return jid instanceof JidError ? undefined : jid;
}

/** Builds a JID from separate, not yet normalized parts ('' or undefined for an absent local or resource). */
export function makeJid(local: string | undefined, domain: string, resource?: string): Jid {
  const jid = build(local === '' ? undefined : local, domain, resource === '' ? undefined : resource);
  if (jid instanceof JidError) throw jid;
  return jid;
}
