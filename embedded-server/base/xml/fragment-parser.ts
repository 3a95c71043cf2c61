// RFC 7395 §3.3.3 XMPP over WebSocket: each message is exactly one complete element (<open/>,
// a stanza, <close/>), parsed as a standalone document with the same limits and restricted-XML
// rules (RFC 6120 §11.1) as a TCP stream.
import type { XmlElement } from './element.js';
import { resolveLimits } from './parser-limits.js';
import type { ParserLimits, StreamParseError } from './parser-limits.js';
import { XmlScanner } from './xml-scanner.js';

export function isParseError(value: XmlElement | StreamParseError): value is StreamParseError {
  return 'condition' in value;
}

export function parseFragment(text: string, limits?: Partial<ParserLimits>): XmlElement | StreamParseError {
  const resolved = resolveLimits(limits);
  // Refuse before scanning: a frame is already whole in memory, so its size is known up front.
  if (text.length > resolved.maxStanzaBytes || Buffer.byteLength(text) > resolved.maxStanzaBytes) {
    return { condition: 'policy-violation', text: `element larger than ${resolved.maxStanzaBytes} bytes` };
  }
  let root: XmlElement | undefined;
  let error: StreamParseError | undefined;
  const scanner = new XmlScanner(
    {
      rootOpened: () => undefined,
      childClosed: () => undefined,
      rootClosed: (el) => {
        root = el;
      },
      failed: (err) => {
        error = err;
      },
    },
    resolved,
    false,
  );
  scanner.write(text);
  if (error !== undefined) return error;
  if (root === undefined) return { condition: 'not-well-formed', text: 'incomplete or missing element' };
  if (scanner.hasPendingInput) return { condition: 'not-well-formed', text: 'trailing data after the element' };
  return root;
}
