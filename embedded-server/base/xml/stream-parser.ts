// RFC 6120 §4 XML streams over TCP: splits the incoming character stream into the stream header,
// top-level elements (stanzas and nonzas such as <starttls/>, <auth/>) and the stream close,
// enforcing restricted XML (§11.1) and the size limits of §13.12.
import { NS } from '../namespaces.js';
import type { XmlElement } from './element.js';
import { resolveLimits } from './parser-limits.js';
import type { ParserLimits, StreamParseError } from './parser-limits.js';
import { XmlScanner } from './xml-scanner.js';

export { DEFAULT_LIMITS } from './parser-limits.js';
export type { ParserLimits, StreamParseError } from './parser-limits.js';
export type { StreamErrorCondition } from '../stream-errors.js';

export interface StreamParserHandlers {
  /** <stream:stream ...> opened. Checking 'to', 'version' and the content namespace is the caller's job. */
  onStreamStart(attrs: Record<string, string>): void;
  /**
   * A complete direct child of the stream. Its parent is a detached element standing for the
   * stream header (it does not list its children), so `el.xmlns` resolves the stream's default
   * namespace, e.g. 'jabber:client' for a <message/> that declares none.
   */
  onStanza(el: XmlElement): void;
  /** </stream:stream>. Anything after it is ignored until reset(). */
  onStreamEnd(): void;
  /**
   * Called once; the parser then ignores input until reset(). An exception thrown by another
   * handler is reported here as internal-server-error, with the exception as `cause`; one thrown
   * by onError itself is dropped, since write() never throws.
   */
  onError(err: StreamParseError): void;
}

/**
 * RFC 6120 §4.8: the stream header must be <stream:stream> in the streams namespace.
 * A missing or foreign prefix is bad-namespace-prefix (§4.9.3.2), a wrong namespace or another
 * element is invalid-namespace (§4.9.3.10).
 */
function streamHeaderError(name: string, attrs: Record<string, string>): StreamParseError | undefined {
  const colon = name.indexOf(':');
  if (colon === -1) {
    return name === 'stream'
      ? { condition: 'bad-namespace-prefix', text: "the stream element must use the 'stream' prefix" }
      : { condition: 'invalid-namespace', text: 'the first element must be <stream:stream>' };
  }
  const prefix = name.slice(0, colon);
  if (attrs['xmlns:' + prefix] !== NS.stream || name.slice(colon + 1) !== 'stream') {
    return { condition: 'invalid-namespace', text: `the first element must be <stream:stream> in ${NS.stream}` };
  }
  if (prefix !== 'stream') return { condition: 'bad-namespace-prefix', text: "the stream element must use the 'stream' prefix" };
  return undefined;
}

export class StreamParser {
  private readonly scanner: XmlScanner;

  constructor(handlers: StreamParserHandlers, limits?: Partial<ParserLimits>) {
    this.scanner = new XmlScanner(
      {
        rootOpened(root) {
          const error = streamHeaderError(root.name, root.attrs);
          if (error === undefined) handlers.onStreamStart(root.attrs);
          return error;
        },
        childClosed: (el) => handlers.onStanza(el),
        rootClosed: () => handlers.onStreamEnd(),
        failed(err) {
          try {
            handlers.onError(err);
          } catch {
            // write() never throws; a failing error handler has nobody left to tell.
          }
        },
      },
      resolveLimits(limits),
      true,
    );
  }

  /**
   * Feed decoded text (a UTF-8 StringDecoder's output). Never throws. If a handler calls reset(),
   * the rest of this chunk is discarded: after STARTTLS that data arrived in the clear and must not
   * be taken as part of the protected stream.
   */
  write(chunk: string): void {
    this.scanner.write(chunk);
  }

  /** Start over for a new stream on the same connection (RFC 6120 §5.4.3.3, §6.4.6). */
  reset(): void {
    this.scanner.reset();
  }

  /** UTF-8 bytes of the top-level element in progress (0 between stanzas). */
  get bytesInCurrentStanza(): number {
    return this.scanner.bytesInCurrentUnit;
  }

  /** true once </stream:stream> has been read. */
  get ended(): boolean {
    return this.scanner.isFinished;
  }

  /** true once an error has been reported. */
  get failed(): boolean {
    return this.scanner.isDead;
  }
}
