// RFC 6120 §13.12 (denial of service): the hard limits the XML parsers enforce on peer input,
// and the error value they report.
import type { StreamErrorCondition } from '../stream-errors.js';

export interface ParserLimits {
  /**
   * Largest top-level element (stanza or nonza), in UTF-8 bytes, counted from its '<' to its
   * closing '>'. RFC 6120 §13.12 item 4 requires at least 10000.
   */
  maxStanzaBytes: number;
  /** Deepest element nesting inside a stanza; the stanza itself is depth 1. */
  maxDepth: number;
  /** Most attributes on one element, namespace declarations included. */
  maxAttributes: number;
  /** Longest element or attribute name, in UTF-16 code units; unbounded (except by maxStanzaBytes) when absent. */
  maxNameLength?: number;
}

export const DEFAULT_LIMITS: Readonly<ParserLimits> = Object.freeze({
  maxStanzaBytes: 65536,
  maxDepth: 64,
  maxAttributes: 64,
});

export interface StreamParseError {
  condition: StreamErrorCondition;
  /** Human-readable detail, safe to send to the peer in the stream error's <text/>. */
  text: string;
  /** The exception a handler threw, when condition is internal-server-error. Never sent to the peer. */
  cause?: unknown;
}

export function resolveLimits(limits: Partial<ParserLimits> | undefined): ParserLimits {
  const merged = { ...DEFAULT_LIMITS, ...limits };
  for (const key of ['maxStanzaBytes', 'maxDepth', 'maxAttributes'] as const) {
    if (!Number.isInteger(merged[key]) || merged[key] < 1) throw new RangeError(`parser limit ${key} must be a positive integer`);
  }
  return merged;
}
