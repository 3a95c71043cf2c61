// XML 1.0 (Fifth Edition) lexical rules the stream parser applies: Name characters (§2.3), the
// Char production (§2.2), end-of-line handling (§2.11), attribute-value normalization (§3.3.3),
// the five predefined entities and character references (§4.1, §4.6). No other entity can be
// defined in an XMPP stream, because DTDs are restricted XML (RFC 6120 §11.1).

// One byte of flags per UTF-16 code unit: looked up per character on the hot path.
const NAME_START = 1;
const NAME_CHAR = 2;
const WHITESPACE = 4;

// §2.3 NameStartChar above ASCII. Surrogate halves stand for #x10000-#xEFFFF: the input comes
// from a UTF-8 decoder, which never yields lone surrogates.
const NON_ASCII_NAME_START: readonly [number, number][] = [
  [0xc0, 0xd6],
  [0xd8, 0xf6],
  [0xf8, 0x2ff],
  [0x370, 0x37d],
  [0x37f, 0x1fff],
  [0x200c, 0x200d],
  [0x2070, 0x218f],
  [0x2c00, 0x2fef],
  [0x3001, 0xdb7f],
  [0xdc00, 0xdfff],
  [0xf900, 0xfdcf],
  [0xfdf0, 0xfffd],
];
const NON_ASCII_NAME_CHAR: readonly [number, number][] = [
  [0xb7, 0xb7],
  [0x300, 0x36f],
  [0x203f, 0x2040],
];

const CHAR_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 58; /* : */
  if (letter) CHAR_CLASS[c] = NAME_START | NAME_CHAR;
  else if ((c >= 48 && c <= 57) || c === 45 /* - */ || c === 46 /* . */) CHAR_CLASS[c] = NAME_CHAR;
}
for (const [from, to] of NON_ASCII_NAME_START) CHAR_CLASS.fill(NAME_START | NAME_CHAR, from, to + 1);
for (const [from, to] of NON_ASCII_NAME_CHAR) CHAR_CLASS.fill(NAME_CHAR, from, to + 1);
for (const c of [32, 9, 10, 13]) CHAR_CLASS[c] = WHITESPACE;

export function isNameStartCode(c: number): boolean {
  return (CHAR_CLASS[c] & NAME_START) !== 0;
}

export function isNameCode(c: number): boolean {
  return (CHAR_CLASS[c] & NAME_CHAR) !== 0;
}

/** §2.3 S: space, tab, CR, LF. */
export function isXmlWhitespace(c: number): boolean {
  return CHAR_CLASS[c] === WHITESPACE;
}

export function isXmlWhitespaceOnly(s: string, start = 0, end = s.length): boolean {
  for (let i = start; i < end; i++) if (!isXmlWhitespace(s.charCodeAt(i))) return false;
  return true;
}

/** §2.2 Char, as a code point (character references can name any code point). */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

// Code units that are never XML characters (lone surrogates cannot come out of a UTF-8 decoder).
// Matching control characters is the point of these two.
// eslint-disable-next-line no-control-regex
const NOT_CHAR_RE = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const NOT_CHAR_OR_LT_RE = /[<\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
// Anything that makes decoding more than returning the raw string (one test on the common path).
// eslint-disable-next-line no-control-regex
const TEXT_SPECIAL_RE = /[&\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const ATTR_SPECIAL_RE = /[<&\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const CR_RE = /\r\n?/g;
const ATTR_WS_TEST_RE = /[\t\n\r]/;
const ATTR_WS_RE = /\r\n|[\t\n\r]/g;
const DECIMAL_RE = /^[0-9]+$/;
const HEX_RE = /^[0-9a-fA-F]+$/;

/**
 * Longest reference accepted, '&' to ';' inclusive. '&#x10FFFF;' is 10; the slack admits leading
 * zeros, which XML allows, while bounding how long an unterminated '&' is held for more input.
 */
export const MAX_REFERENCE_LENGTH = 32;

function referenceValue(raw: string, start: number, end: number): string | undefined {
  if (raw.charCodeAt(start) === 35 /* # */) {
    const hex = raw.charCodeAt(start + 1) === 120; /* x */
    const digits = raw.slice(start + (hex ? 2 : 1), end);
    if (!(hex ? HEX_RE : DECIMAL_RE).test(digits)) return undefined;
    const code = parseInt(digits, hex ? 16 : 10);
    return isXmlChar(code) ? String.fromCodePoint(code) : undefined;
  }
  switch (raw.slice(start, end)) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return undefined;
  }
}

/** Replaces §4.1 references; undefined when one is unknown, malformed or unterminated. */
export function decodeReferences(raw: string): string | undefined {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp + 1 > MAX_REFERENCE_LENGTH) return undefined;
    const value = referenceValue(raw, amp + 1, semi);
    if (value === undefined) return undefined;
    out += raw.slice(last, amp) + value;
    last = semi + 1;
    amp = raw.indexOf('&', last);
  }
  return out + raw.slice(last);
}

/** Character data as it appears in content; undefined when it is not well-formed. */
export function decodeText(raw: string): string | undefined {
  if (!TEXT_SPECIAL_RE.test(raw)) return raw;
  if (NOT_CHAR_RE.test(raw)) return undefined;
  return decodeReferences(raw.indexOf('\r') === -1 ? raw : raw.replace(CR_RE, '\n'));
}

/** A CDATA section's content: no references, only end-of-line handling. */
export function decodeCdata(raw: string): string | undefined {
  if (NOT_CHAR_RE.test(raw)) return undefined;
  return raw.indexOf('\r') === -1 ? raw : raw.replace(CR_RE, '\n');
}

/** An attribute value between its quotes (§3.3.3 normalization for CDATA-typed attributes). */
export function decodeAttributeValue(raw: string): string | undefined {
  if (!ATTR_SPECIAL_RE.test(raw)) return raw;
  if (NOT_CHAR_OR_LT_RE.test(raw)) return undefined;
  return decodeReferences(ATTR_WS_TEST_RE.test(raw) ? raw.replace(ATTR_WS_RE, ' ') : raw);
}
