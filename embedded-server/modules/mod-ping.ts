// XEP-0199: XMPP Ping. The server answers pings sent to itself and, on the account's behalf, pings
// sent to a bare JID (§4.2: a client may ping with no 'to' or its own bare JID; §4.4: a ping to a
// bare JID "will be handled by the server on behalf of the client").
import { NS } from '../base/namespaces.js';
import { stanzaError } from '../base/stanza-errors.js';
import { iqResult } from '../base/xml/stanza.js';
import type { XmlElement } from '../base/xml/element.js';
import type { IqHandler } from '../core/iq-handlers.js';
import { defineModule } from '../core/server-module.js';

export type PingOptions = Record<string, never>;

/** §3: a ping is an IQ-get carrying an empty <ping/>; anything else does not follow the protocol. */
function malformed(iq: XmlElement, payload: XmlElement): XmlElement | undefined {
  if (iq.attrs.type !== 'get') return stanzaError(iq, 'bad-request', { text: 'A ping is an IQ of type get (XEP-0199 §3)' });
  if (payload.name !== 'ping') return stanzaError(iq, 'bad-request', { text: 'Expected <ping xmlns="urn:xmpp:ping"/>' });
  return undefined;
}

export const modPing = defineModule<PingOptions>({
  id: 'mod_ping',
  start(ctx) {
    const pingServer: IqHandler = (iq, payload) => malformed(iq, payload) ?? iqResult(iq);

    const pingAccount: IqHandler = async (iq, payload, { from, to }) => {
      const bad = malformed(iq, payload);
      if (bad !== undefined) return bad;
      const target = to.bareString();
      if (from.bareString() === target) return iqResult(iq);
      // RFC 6121 §8.5.1: an IQ to an account that does not exist gets <service-unavailable/>.
      if (!(await ctx.storage.users.exists(target))) return stanzaError(iq, 'service-unavailable');
      return iqResult(iq);
    };

    return {
      serverIq: { [NS.ping]: pingServer },
      accountIq: { [NS.ping]: pingAccount },
      features: [NS.ping],
      hooks: [{ hook: 'disco_sm_features', priority: 50, handler: (acc) => [...acc, NS.ping] }],
    };
  },
});
