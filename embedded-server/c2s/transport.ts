// What the c2s state machine needs from a connection, whatever carries it: TCP with STARTTLS
// (RFC 6120) or WebSocket (RFC 7395). Transports own framing (stream header vs <open/>) and parsing;
// the state machine sees stream-level events and stanzas only.
import type { StreamErrorCondition } from '../base/xml/stream-parser.js';
import type { XmlElement } from '../base/xml/element.js';
import type { Transport } from '../core/sessions.js';

export type TransportEvent =
  | { type: 'stream_start'; attrs: Record<string, string> }
  | { type: 'stanza'; el: XmlElement }
  | { type: 'stream_end' }
  | { type: 'parse_error'; condition: StreamErrorCondition; text: string }
  | { type: 'tls_established' }
  | { type: 'socket_closed'; error?: string }
  /** The peer read what we had buffered: the session may take deliveries again. */
  | { type: 'drained' };

export interface C2sTransport {
  readonly kind: Transport;
  /** "ip:port" of the client, for logs. */
  readonly peer: string;
  /** The stream is confidential: TLS, or a WebSocket from the loopback interface. */
  readonly secure: boolean;
  /** STARTTLS can be offered on this transport now. */
  readonly canStartTls: boolean;
  /** Bytes written but not yet taken by the peer. */
  readonly bufferedBytes: number;
  /** Sets where parsed events go; called once by the c2s before any input is read. */
  attach(sink: (event: TransportEvent) => void): void;
  /** Writes our stream header (or RFC 7395 <open/>). */
  openStream(attrs: Record<string, string>): void;
  /** Writes one top-level element (stanza, features, SASL element) or raw pre-serialized XML. */
  send(el: XmlElement | string): void;
  /** Writes a stream error (optional) and the stream close, then ends the connection once flushed. */
  closeStream(errorXml?: string): void;
  /** After <proceed/> was written: upgrade to TLS; `tls_established` follows, or `socket_closed`. */
  startTls(): void;
  /** A fresh parser for the restarted stream (after STARTTLS or SASL success). */
  resetParser(): void;
  pauseInput(): void;
  resumeInput(): void;
  /** Drops the connection at once. */
  destroy(): void;
}

/** Above this many buffered outgoing bytes the session stops taking deliveries until `drained`. */
export const SEND_HIGH_WATERMARK_BYTES = 512 * 1024;
