// RFC 6120 §8.2.3 IQ semantics: a get/set carries exactly one payload element, whose namespace picks
// the handler; the handler answers with exactly one result or error. An unknown namespace gets
// <service-unavailable/> (RFC 6120 §8.4).
import type { Jid } from '../base/jid.js';
import type { XmlElement } from '../base/xml/element.js';
import { stanzaError } from '../base/stanza-errors.js';
import type { Session } from './sessions.js';

export interface IqContext {
  from: Jid;
  to: Jid;
  /** The sender's session, when the IQ comes from a local client. */
  session: Session | undefined;
}

/** Returns the full reply stanza (use iqResult / stanzaError from base/). */
export type IqHandler = (iq: XmlElement, payload: XmlElement, ctx: IqContext) => XmlElement | Promise<XmlElement>;

export class IqHandlers {
  private readonly handlers = new Map<string, IqHandler>();

  register(namespace: string, handler: IqHandler): () => void {
    if (this.handlers.has(namespace)) throw new Error(`an IQ handler for ${namespace} is already registered`);
    this.handlers.set(namespace, handler);
    return () => {
      if (this.handlers.get(namespace) === handler) this.handlers.delete(namespace);
    };
  }

  has(namespace: string): boolean {
    return this.handlers.has(namespace);
  }

  /** Handles a get/set IQ; the caller routes the returned reply back to the sender. */
  dispatch(iq: XmlElement, ctx: IqContext): XmlElement | Promise<XmlElement> {
    const payloads = iq.elements();
    if (payloads.length !== 1) {
      return stanzaError(iq, 'bad-request', { text: 'An IQ get or set must contain exactly one child element (RFC 6120 §8.2.3)' });
    }
    const payload = payloads[0];
    const ns = payload.xmlns;
    const handler = ns === undefined ? undefined : this.handlers.get(ns);
    if (handler === undefined) return stanzaError(iq, 'service-unavailable');
    return handler(iq, payload, ctx);
  }
}
