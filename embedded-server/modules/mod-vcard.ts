// XEP-0054: vcard-temp. A user reads and replaces their own vCard and reads other users' vCards; the
// server answers on the account's behalf (§3.3: it never forwards the request to a resource).
import { NS } from '../base/namespaces.js';
import { stanzaError } from '../base/stanza-errors.js';
import { xml, type XmlElement } from '../base/xml/element.js';
import { isParseError, parseFragment } from '../base/xml/fragment-parser.js';
import { iqResult } from '../base/xml/stanza.js';
import type { IqHandler } from '../core/iq-handlers.js';
import { defineModule, type ModuleContext } from '../core/server-module.js';

export interface VCardOptions {
  /** Largest serialized vCard accepted, in bytes (photos make vCards large; default 32 KiB). */
  max_size?: number;
}

export const DEFAULT_VCARD_MAX_SIZE = 32_768;

function emptyVCard(): XmlElement {
  return xml('vCard', { xmlns: NS.vcard });
}

async function load(ctx: ModuleContext, user: string): Promise<XmlElement | undefined> {
  const stored = await ctx.storage.vcards.get(user);
  if (stored === undefined) return undefined;
  // Our own serialization, size-checked when stored: no size limit of the peer-facing parser applies.
  const parsed = parseFragment(stored, { maxStanzaBytes: stored.length * 3 + 1 });
  if (isParseError(parsed)) {
    ctx.log.error({ what: 'vcard_unreadable', user, condition: parsed.condition, text: parsed.text });
    return undefined;
  }
  return parsed;
}

export const modVCard = defineModule<VCardOptions>({
  id: 'mod_vcard',
  start(ctx, options) {
    const maxSize = options.max_size ?? DEFAULT_VCARD_MAX_SIZE;

    const get: IqHandler = async (iq, _payload, { from, to }) => {
      const user = to.bareString();
      if (from.bareString() === user) {
        // §3.1: for one's own vCard an empty <vCard/> is an allowed answer when none is stored.
        return iqResult(iq, (await load(ctx, user)) ?? emptyVCard());
      }
      // §3.3: another user's missing vCard, or a missing user, is an error. Which one tells whether
      // the account exists; RFC 6121 §8.5.1 already answers <service-unavailable/> for unknown accounts.
      if (!(await ctx.storage.users.exists(user))) return stanzaError(iq, 'service-unavailable');
      const vcard = await load(ctx, user);
      return vcard === undefined ? stanzaError(iq, 'item-not-found') : iqResult(iq, vcard);
    };

    const set: IqHandler = async (iq, payload, { from, to }) => {
      const user = to.bareString();
      // §3.2: publishing another user's vCard MUST fail, with forbidden or not-allowed.
      if (from.bareString() !== user) return stanzaError(iq, 'forbidden', { text: 'You can only publish your own vCard' });
      const vcard = payload.clone();
      vcard.attrs.xmlns = NS.vcard;
      const serialized = vcard.toString();
      if (Buffer.byteLength(serialized, 'utf8') > maxSize) {
        return stanzaError(iq, 'not-acceptable', { text: `The vCard is larger than ${maxSize} bytes` });
      }
      await ctx.storage.vcards.set(user, serialized);
      return iqResult(iq);
    };

    const vcard: IqHandler = (iq, payload, iqCtx) => {
      if (payload.name !== 'vCard') return stanzaError(iq, 'bad-request', { text: 'Expected <vCard xmlns="vcard-temp"/>' });
      return iq.attrs.type === 'set' ? set(iq, payload, iqCtx) : get(iq, payload, iqCtx);
    };

    return {
      accountIq: { [NS.vcard]: vcard },
      // §4: support is advertised by the server; the hooks catalog also lists it on users' bare JIDs.
      features: [NS.vcard],
      hooks: [{ hook: 'disco_sm_features', priority: 50, handler: (acc) => [...acc, NS.vcard] }],
    };
  },
});
