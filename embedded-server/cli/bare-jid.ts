// RFC 7622 bare JIDs (localpart@domainpart) naming accounts of this node. Parsing and normalization
// are base/jid.ts's, so the CLI stores an account under the same key the server derives at login
// (e.g. "Alice@LocalHost" becomes "alice@localhost").
import { JidError, parseJid } from '../base/jid.js';

export type AccountJid = { jid: string; problem?: undefined } | { jid?: undefined; problem: string };

/** The normalized bare JID of an account on one of `hosts`, or why `input` is not one. */
export function accountJid(input: string, hosts: readonly string[]): AccountJid {
  let parsed;
  try {
    parsed = parseJid(input);
  } catch (err) {
    if (err instanceof JidError) return { problem: err.message };
    throw err;
  }
  if (parsed.local === '') return { problem: `expected a bare JID such as alice@${hosts[0] ?? 'localhost'}` };
  if (!parsed.isBare()) return { problem: 'expected a bare JID, without a /resource' };
  if (!hosts.includes(parsed.domain)) {
    return { problem: `"${parsed.domain}" is not a host of this node (general.hosts: ${hosts.join(', ')})` };
  }
  return { jid: parsed.bareString() };
}
