// XEP-0092: Software Version, answered for the server's own JID. Requests to a user's full JID are
// routed to the client, which answers for itself.
import os from 'node:os';
import { NS } from '../base/namespaces.js';
import { stanzaError } from '../base/stanza-errors.js';
import { xml } from '../base/xml/element.js';
import { iqResult } from '../base/xml/stanza.js';
import type { IqHandler } from '../core/iq-handlers.js';
import { defineModule } from '../core/server-module.js';

export interface VersionOptions {
  /** §5: revealing the OS can help attackers, so the administrator must be able to turn it off (default off). */
  os_info?: boolean;
}

export const SOFTWARE_NAME = 'Meerkat';

export const modVersion = defineModule<VersionOptions>({
  id: 'mod_version',
  start(ctx, options) {
    const osName = options.os_info === true ? `${os.type()} ${os.release()}` : undefined;

    const version: IqHandler = (iq, payload) => {
      if (iq.attrs.type !== 'get') {
        return stanzaError(iq, 'bad-request', { text: 'jabber:iq:version is queried with an IQ of type get (XEP-0092 §2)' });
      }
      if (payload.name !== 'query') return stanzaError(iq, 'bad-request', { text: 'Expected <query xmlns="jabber:iq:version"/>' });
      const query = xml(
        'query',
        { xmlns: NS.version },
        xml('name', null, SOFTWARE_NAME),
        xml('version', null, ctx.version),
        osName !== undefined && xml('os', null, osName),
      );
      return iqResult(iq, query);
    };

    return { serverIq: { [NS.version]: version }, features: [NS.version] };
  },
});
