// Building blocks for the node's config schema. Each one carries the reason shown to the operator, in
// the form "expected …"; the loader appends what the file actually said ("got …").
import * as z from 'zod';

export function integer(min: number, max: number) {
  const reason = `expected an integer between ${min} and ${max}`;
  return z.int({ error: reason }).min(min, { error: reason }).max(max, { error: reason });
}

export function port() {
  return integer(1, 65535);
}

export function boolean() {
  return z.boolean({ error: 'expected true or false' });
}

export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, { error: `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
}

export function nonEmptyString(what = 'a non-empty string') {
  return z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` });
}

// RFC 1035 host names as XMPP domainparts in practice: dot-separated LDH labels, 1–63 octets each.
const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

export function domain() {
  return z
    .string({ error: 'expected a domain name' })
    .regex(DOMAIN, { error: 'expected a lowercase domain name such as "localhost" or "chat.example.com"' });
}

/** An address to bind: an IPv4/IPv6 literal or a host name. */
export function bindAddress() {
  return nonEmptyString('an IP address or host name to listen on').refine((value) => !/\s/.test(value), {
    error: 'expected an IP address or host name without spaces',
  });
}
