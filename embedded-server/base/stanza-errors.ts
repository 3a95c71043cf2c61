// RFC 6120 §8.3 Stanza errors: the defined conditions with the error type each usually takes
// (§8.3.3), the error reply to a stanza (§8.3.1) and reading one back (§8.3.2).
import { NS } from './namespaces.js';
import { XmlElement } from './xml/element.js';
import type { XmlAttrs } from './xml/element.js';

export type StanzaErrorType = 'auth' | 'cancel' | 'continue' | 'modify' | 'wait';

export const STANZA_ERROR_TYPES = {
  'bad-request': 'modify',
  conflict: 'cancel',
  'feature-not-implemented': 'cancel',
  forbidden: 'auth',
  gone: 'cancel',
  'internal-server-error': 'wait',
  'item-not-found': 'cancel',
  'jid-malformed': 'modify',
  'not-acceptable': 'modify',
  'not-allowed': 'cancel',
  'not-authorized': 'auth',
  'policy-violation': 'modify',
  'recipient-unavailable': 'wait',
  redirect: 'modify',
  'registration-required': 'auth',
  'remote-server-not-found': 'cancel',
  'remote-server-timeout': 'wait',
  'resource-constraint': 'wait',
  'service-unavailable': 'cancel',
  'subscription-required': 'auth',
  'undefined-condition': 'cancel',
  'unexpected-request': 'wait',
} as const satisfies Record<string, StanzaErrorType>;

export type StanzaErrorCondition = keyof typeof STANZA_ERROR_TYPES;

export interface StanzaErrorOptions {
  /** Overrides the condition's usual type. */
  type?: StanzaErrorType;
  /** Human-readable detail, sent as <text xml:lang='en'/>. */
  text?: string;
  /** §8.3.2: the entity that generated the error, when it is not the one the error comes from. */
  by?: string;
  /** §8.3.4: an application-specific condition, e.g. <blocked xmlns='urn:xmpp:blocking:errors'/>. */
  extra?: XmlElement;
  /** §8.3.3.5 gone, §8.3.3.14 redirect: the new address (an XMPP URI). */
  uri?: string;
}

export interface ParsedStanzaError {
  type: StanzaErrorType | undefined;
  /** 'undefined-condition' when the error names none of the defined conditions. */
  condition: StanzaErrorCondition;
  text?: string;
  by?: string;
}

export function isStanzaErrorCondition(value: string): value is StanzaErrorCondition {
  return Object.hasOwn(STANZA_ERROR_TYPES, value);
}

/** An error reply must never be answered with another error (§8.3.1 rule 1), or two entities loop. */
export function isErrorStanza(el: XmlElement): boolean {
  return el.attrs.type === 'error';
}

/** The <error/> child alone. */
export function stanzaErrorElement(condition: StanzaErrorCondition, options: StanzaErrorOptions = {}): XmlElement {
  const attrs: XmlAttrs = { type: options.type ?? STANZA_ERROR_TYPES[condition] };
  if (options.by !== undefined) attrs.by = options.by;
  const error = new XmlElement('error', attrs);
  const cond = error.c(condition, { xmlns: NS.stanzas });
  if (options.uri !== undefined && (condition === 'gone' || condition === 'redirect')) cond.t(options.uri);
  if (options.text !== undefined && options.text !== '') error.c('text', { xmlns: NS.stanzas, 'xml:lang': 'en' }).t(options.text);
  if (options.extra !== undefined) error.append(options.extra.parent === undefined ? options.extra : options.extra.clone());
  return error;
}

/**
 * The error reply to `original`: same element name and id, type 'error', 'from' and 'to'
 * swapped. A message or presence keeps its payload (copied); an IQ carries only the error, as
 * §8.3.1 allows, so large requests are not echoed back. Throws on an error stanza.
 */
export function stanzaError(original: XmlElement, condition: StanzaErrorCondition, options: StanzaErrorOptions = {}): XmlElement {
  if (isErrorStanza(original)) throw new Error('stanzaError: refusing to answer an error stanza with an error (RFC 6120 §8.3.1)');
  const { id, from, to, xmlns } = original.attrs;
  const attrs: XmlAttrs = {};
  // An explicit namespace is kept so the reply serializes the same on a WebSocket (RFC 7395).
  if (xmlns !== undefined) attrs.xmlns = xmlns;
  if (to !== undefined) attrs.from = to;
  if (from !== undefined) attrs.to = from;
  attrs.type = 'error';
  if (id !== undefined) attrs.id = id;
  const reply = new XmlElement(original.name, attrs);
  if (original.name !== 'iq') {
    for (const child of original.children) reply.append(typeof child === 'string' ? child : child.clone());
  }
  return reply.append(stanzaErrorElement(condition, options));
}

/** Reads the <error/> of an error stanza; undefined when there is none. */
export function parseStanzaError(stanza: XmlElement): ParsedStanzaError | undefined {
  const error = stanza.getChild('error');
  if (error === undefined) return undefined;
  let condition: StanzaErrorCondition = 'undefined-condition';
  let text: string | undefined;
  for (const child of error.elements()) {
    if (child.xmlns !== NS.stanzas) continue;
    if (child.name === 'text') text = child.text();
    else if (isStanzaErrorCondition(child.name)) condition = child.name;
  }
  const type = error.attrs.type;
  const parsed: ParsedStanzaError = {
    type: type === 'auth' || type === 'cancel' || type === 'continue' || type === 'modify' || type === 'wait' ? type : undefined,
    condition,
  };
  if (text !== undefined) parsed.text = text;
  if (error.attrs.by !== undefined) parsed.by = error.attrs.by;
  return parsed;
}
