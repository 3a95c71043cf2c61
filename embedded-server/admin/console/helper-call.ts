// Recognises the one form the read-only console evaluates: a call of a named helper with literal
// arguments, e.g. `top('mailbox', 3)`. Deliberately narrow (no acorn here): numbers, and strings
// without escapes or embedded quotes, so nothing in an argument can run code. The call is then made
// on the console's own helper table, never through the evaluation context a user could alter.

export interface HelperCall {
  name: string;
  args: (string | number)[];
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const SINGLE = String.raw`'[^'\\\r\n]*'`;
const DOUBLE = String.raw`"[^"\\\r\n]*"`;
const ARG = `(?:${NUMBER}|${SINGLE}|${DOUBLE})`;
const CALL = new RegExp(String.raw`^\s*([A-Za-z_$][\w$]*)\s*\(\s*(${ARG}(?:\s*,\s*${ARG})*)?\s*\)\s*;?\s*$`);
const ONE_ARG = new RegExp(ARG, 'g');

export function parseHelperCall(line: string): HelperCall | undefined {
  const match = CALL.exec(line);
  if (match === null) return undefined;
  const args = (match[2] ?? '').match(ONE_ARG) ?? [];
  return {
    name: match[1],
    args: args.map((arg) => (arg.startsWith("'") || arg.startsWith('"') ? arg.slice(1, -1) : Number(arg))),
  };
}
