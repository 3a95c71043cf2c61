// RFC 7622 §3 bare JIDs (localpart@domainpart) as the CLI accepts them for accounts: a deliberately
// simple check until base/jid.ts provides full PRECIS handling. Localparts must already be
// lowercase, so the stored key is the normalized form.

// RFC 7622 §3.3.1: characters a localpart may not contain.
const FORBIDDEN_IN_LOCALPART = /["&'/:<>@\s]/u;

/** Returns why `jid` is not an account JID on one of `hosts`, or undefined when it is one. */
export function bareJidProblem(jid: string, hosts: readonly string[]): string | undefined {
  const at = jid.indexOf('@');
  if (at < 0) return 'expected a bare JID such as alice@' + (hosts[0] ?? 'localhost');
  const local = jid.slice(0, at);
  const domain = jid.slice(at + 1);
  if (local === '') return 'the part before "@" is empty';
  if (domain.includes('/')) return 'expected a bare JID, without a /resource';
  if (FORBIDDEN_IN_LOCALPART.test(local)) return 'the part before "@" contains a character JIDs forbid (" & \' / : < > @ or a space)';
  if (Buffer.byteLength(local, 'utf8') > 1023) return 'the part before "@" is longer than 1023 bytes';
  if (local !== local.toLowerCase()) return `the part before "@" must be lowercase (${local.toLowerCase()}@${domain})`;
  if (!hosts.includes(domain)) return `"${domain}" is not a host of this node (general.hosts: ${hosts.join(', ')})`;
  return undefined;
}
