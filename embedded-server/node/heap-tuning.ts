// V8 settings a chat node sets on itself when `meerkat-node start` begins, before any traffic.
//
// Allocation-site pretenuring: V8 watches, per allocation site, how many of its objects survive a
// young-generation collection, and once nearly all do it allocates that site's objects straight
// in the old generation. A chat node's per-stanza objects die within milliseconds, but during an
// overload (a burst, a slow receiver, a warm-up) the backlog of messages in flight survives, so
// those sites get pretenured, and the decision sticks after the burst ends: every message then
// lands in the old generation, which fills from ~30 to ~130 MB and is marked and compacted every
// second or two. Measured at 60,000 msgs/s (docs/benchmarks.md, "Seventh pass"): collector 28-31%
// of the node's busy time in that state against 8-10% without it, 1.3-1.5x the CPU per message,
// and a node that has fallen behind once stays slow. Without pretenuring, objects that do live long
// (sessions, rosters) are copied once more by the scavenger before promotion, which costs little.
import { setFlagsFromString } from 'node:v8';

export const NO_PRETENURING = '--no-allocation-site-pretenuring';

/** Any spelling of the flag (V8 accepts - or _ and a "no" prefix). Node refuses it in NODE_OPTIONS, so only its arguments can carry it. */
const PRETENURING_FLAG = /^--(?:no-?)?allocation[-_]site[-_]pretenuring$/;

/** Whether the operator chose pretenuring themselves on node's command line (`node --allocation-site-pretenuring …`): theirs stands. */
export function operatorChosePretenuring(execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => PRETENURING_FLAG.test(arg));
}

/** Sets the node's V8 flags unless the operator set them; returns the flags it set, for the start log. */
export function tuneHeapForMessaging(execArgv: readonly string[] = process.execArgv): string[] {
  if (operatorChosePretenuring(execArgv)) return [];
  setFlagsFromString(NO_PRETENURING);
  return [NO_PRETENURING];
}
