// RFC 6120 §8 stanza basics: the three stanza kinds (§8.1) and IQ request/response (§8.2.3).
import { NS } from '../namespaces.js';
import { XmlElement } from './element.js';
import type { XmlAttrs } from './element.js';

export type StanzaKind = 'message' | 'presence' | 'iq';
export type IqType = 'get' | 'set' | 'result' | 'error';

/**
 * The stanza kind of a top-level element, or undefined for nonzas (<starttls/>, <r/>...).
 * A stanza is in jabber:client or jabber:server; an element built locally without a namespace counts too.
 */
export function stanzaKind(el: XmlElement): StanzaKind | undefined {
  const name = el.name;
  if (name !== 'message' && name !== 'presence' && name !== 'iq') return undefined;
  const ns = el.xmlns;
  return ns === undefined || ns === NS.client || ns === NS.server ? name : undefined;
}

export function iqType(iq: XmlElement): IqType | undefined {
  const type = iq.attrs.type;
  return type === 'get' || type === 'set' || type === 'result' || type === 'error' ? type : undefined;
}

/** §8.2.3 rule 6: a get or set carries exactly one child element, its payload; undefined otherwise. */
export function iqRequestPayload(iq: XmlElement): XmlElement | undefined {
  let payload: XmlElement | undefined;
  for (const child of iq.children) {
    if (typeof child === 'string') continue;
    if (payload !== undefined) return undefined;
    payload = child;
  }
  return payload;
}

/**
 * The result for an IQ get or set: type 'result', same id, 'from' and 'to' swapped, with the
 * optional payload. Throws on a result or error, which must never be answered (§8.2.3 rule 4).
 */
export function iqResult(iq: XmlElement, payload?: XmlElement): XmlElement {
  const type = iq.attrs.type;
  if (type === 'result' || type === 'error') throw new Error(`iqResult: an IQ of type ${type} is never answered (RFC 6120 §8.2.3)`);
  const { id, from, to, xmlns } = iq.attrs;
  const attrs: XmlAttrs = {};
  if (xmlns !== undefined) attrs.xmlns = xmlns;
  if (to !== undefined) attrs.from = to;
  if (from !== undefined) attrs.to = from;
  attrs.type = 'result';
  if (id !== undefined) attrs.id = id;
  const result = new XmlElement('iq', attrs);
  if (payload !== undefined) result.append(payload);
  return result;
}
