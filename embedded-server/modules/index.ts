// The module catalog: every server module the node can run, keyed by its config section name
// ([modules.<id>], which is also the module's id). The node starts the ones its config enables.
import type { ServerModule } from '../core/server-module.js';
import { modBlocking } from './mod-blocking/index.js';
import { modDisco } from './mod-disco.js';
import { modOffline } from './mod-offline/index.js';
import { modPing } from './mod-ping.js';
import { modPresence } from './mod-presence/index.js';
import { modPrivate } from './mod-private.js';
import { modRoster } from './mod-roster/index.js';
import { modVCard } from './mod-vcard.js';
import { modVersion } from './mod-version.js';

// Each module has its own options type; the config schema has already validated the options it gets.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const MODULES: Record<string, ServerModule<any>> = {
  mod_roster: modRoster,
  mod_presence: modPresence,
  mod_offline: modOffline,
  mod_disco: modDisco,
  mod_ping: modPing,
  mod_version: modVersion,
  mod_vcard: modVCard,
  mod_private: modPrivate,
  mod_blocking: modBlocking,
};
