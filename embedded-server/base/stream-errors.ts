// RFC 6120 §4.9 Stream errors: the closed list of defined conditions (§4.9.3) and the
// <stream:error/> element a server sends before closing the stream (§4.9.1).
import { NS } from './namespaces.js';
import { XmlElement } from './xml/element.js';

export const STREAM_ERROR_CONDITIONS = [
  'bad-format',
  'bad-namespace-prefix',
  'conflict',
  'connection-timeout',
  'host-gone',
  'host-unknown',
  'improper-addressing',
  'internal-server-error',
  'invalid-from',
  'invalid-namespace',
  'invalid-xml',
  'not-authorized',
  'not-well-formed',
  'policy-violation',
  'remote-connection-failed',
  'reset',
  'resource-constraint',
  'restricted-xml',
  'see-other-host',
  'system-shutdown',
  'undefined-condition',
  'unsupported-encoding',
  'unsupported-feature',
  'unsupported-stanza-type',
  'unsupported-version',
] as const;

export type StreamErrorCondition = (typeof STREAM_ERROR_CONDITIONS)[number];

/** Closes the stream (RFC 6120 §4.4); sent after a stream error or on orderly shutdown. */
export const STREAM_CLOSE = '</stream:stream>';

export interface StreamErrorOptions {
  /** §4.9.3.19: the host (and optional port) the peer should reconnect to. */
  seeOtherHost?: string;
  /**
   * Declare the 'stream' prefix on the element itself. Needed on RFC 7395 WebSocket framing,
   * where every message is parsed as a standalone document.
   */
  declareStreamPrefix?: boolean;
}

const CONDITION_SET: ReadonlySet<string> = new Set(STREAM_ERROR_CONDITIONS);

export function isStreamErrorCondition(value: string): value is StreamErrorCondition {
  return CONDITION_SET.has(value);
}

export function streamErrorElement(condition: StreamErrorCondition, text?: string, options: StreamErrorOptions = {}): XmlElement {
  const error = new XmlElement('stream:error', options.declareStreamPrefix ? { 'xmlns:stream': NS.stream } : {});
  const cond = error.c(condition, { xmlns: NS.streams });
  if (condition === 'see-other-host' && options.seeOtherHost !== undefined) cond.t(options.seeOtherHost);
  if (text !== undefined && text !== '') error.c('text', { xmlns: NS.streams, 'xml:lang': 'en' }).t(text);
  return error;
}

/** The serialized <stream:error/>; the caller follows it with STREAM_CLOSE (§4.9.1.1). */
export function streamErrorXml(condition: StreamErrorCondition, text?: string, options?: StreamErrorOptions): string {
  return streamErrorElement(condition, text, options).toString();
}
