// XEP-0049: Private XML Storage. Each namespace's elements are kept as one serialized fragment per
// (user, namespace); only the account itself may read or write them (§4 Security Considerations).
import { NS } from '../base/namespaces.js';
import { stanzaError } from '../base/stanza-errors.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import { isParseError, parseFragment } from '../base/xml/fragment-parser.js';
import { iqResult } from '../base/xml/stanza.js';
import type { IqHandler } from '../core/iq-handlers.js';
import { defineModule } from '../core/server-module.js';

export interface PrivateOptions {
  /** Largest fragment stored for one namespace, in bytes (default 64 KiB). */
  max_size?: number;
}

export const DEFAULT_PRIVATE_MAX_SIZE = 65_536;

/** §2.3: namespaces beginning with 'jabber:' or 'http://jabber.org/', and 'vcard-temp', are reserved. */
export function isReservedNamespace(ns: string): boolean {
  return ns.startsWith('jabber:') || ns.startsWith('http://jabber.org/') || ns === NS.vcard;
}

/**
 * §2.3: every child must carry its own namespace, and not a reserved one. An element without an xmlns
 * attribute inherits jabber:iq:private, which is reserved, so one check covers both.
 */
function unacceptableChild(children: XmlElement[]): string | undefined {
  if (children.length === 0) return 'The query must contain an element qualified by its own namespace';
  for (const child of children) {
    const ns = child.attrs.xmlns;
    if (ns === undefined || ns === '' || isReservedNamespace(ns)) return `<${child.name}/> is not in a namespace that may be stored`;
  }
  return undefined;
}

export const modPrivate = defineModule<PrivateOptions>({
  id: 'mod_private',
  start(ctx, options) {
    const maxSize = options.max_size ?? DEFAULT_PRIVATE_MAX_SIZE;

    const handler: IqHandler = async (iq, payload, { from, to }) => {
      const user = to.bareString();
      // §2.3: the data of another user is off limits (forbidden is the preferred condition).
      if (from.bareString() !== user) return stanzaError(iq, 'forbidden', { text: 'Private XML storage is only for its owner' });
      if (payload.name !== 'query') return stanzaError(iq, 'bad-request', { text: 'Expected <query xmlns="jabber:iq:private"/>' });
      const children = payload.elements();
      const unacceptable = unacceptableChild(children);
      if (unacceptable !== undefined) return stanzaError(iq, 'not-acceptable', { text: unacceptable });

      if (iq.attrs.type === 'get') {
        // §2.3: a client MUST NOT query for more than one namespace in one get.
        if (children.length !== 1) return stanzaError(iq, 'bad-request', { text: 'Query one namespace per request' });
        const requested = children[0];
        const result = xml('query', { xmlns: NS.private });
        const stored = await ctx.storage.privateStorage.get(user, requested.attrs.xmlns!);
        const elements = stored === undefined ? [] : readFragment(stored, user);
        // Nothing stored: the empty element as the client sent it (§2.3 example).
        result.append(...(elements.length > 0 ? elements : [requested.clone()]));
        return iqResult(iq, result);
      }

      // §2.3: a set may hold several elements; elements of one namespace replace that namespace's data.
      const byNamespace = new Map<string, string>();
      for (const child of children) {
        const ns = child.attrs.xmlns!;
        byNamespace.set(ns, (byNamespace.get(ns) ?? '') + child.toString());
      }
      for (const [ns, fragment] of byNamespace) {
        if (Buffer.byteLength(fragment, 'utf8') > maxSize) {
          return stanzaError(iq, 'not-acceptable', { text: `The data for ${ns} is larger than ${maxSize} bytes` });
        }
      }
      for (const [ns, fragment] of byNamespace) await ctx.storage.privateStorage.set(user, ns, fragment);
      return iqResult(iq);
    };

    /** A stored fragment is one or more sibling elements; they are parsed inside a wrapper. */
    function readFragment(stored: string, user: string): XmlElement[] {
      const text = `<query xmlns="${NS.private}">${stored}</query>`;
      // Our own serialization, size-checked when stored: no size limit of the peer-facing parser applies.
      const parsed = parseFragment(text, { maxStanzaBytes: text.length * 3 + 1 });
      if (!isParseError(parsed)) return parsed.elements();
      ctx.log.error({ what: 'private_xml_unreadable', user, condition: parsed.condition, text: parsed.text });
      return [];
    }

    return { accountIq: { [NS.private]: handler } };
  },
});
