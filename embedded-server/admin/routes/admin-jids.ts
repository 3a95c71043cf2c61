// RFC 7622 JIDs as the admin API takes them: parsed and normalized by base/jid.ts, so "Alice@LocalHost"
// names the same account the server derives at login; anything else is a 400 that says why.
import { JidError, parseJid, type Jid } from '../../base/jid.js';
import { AdminError } from '../server/admin-error.js';

export function jidParam(input: string, what: string): Jid {
  try {
    return parseJid(input);
  } catch (err) {
    if (err instanceof JidError) throw new AdminError('bad_request', `${what} "${input}" is not a valid JID: ${err.message}`);
    throw err;
  }
}

/** A bare JID with a localpart, on one of `hosts`. */
export function accountParam(input: string, hosts: readonly string[], what = 'the JID'): Jid {
  const jid = jidParam(input, what);
  if (jid.local === '' || !jid.isBare()) throw new AdminError('bad_request', `${what} "${input}" is not a bare account JID such as alice@${hosts[0] ?? 'localhost'}`);
  if (!hosts.includes(jid.domain)) throw new AdminError('bad_request', `"${jid.domain}" is not a host of this node (hosts: ${hosts.join(', ')})`);
  return jid;
}
