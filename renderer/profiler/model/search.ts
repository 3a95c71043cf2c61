// Search in a profile: which frames match (by name or file, case-insensitive substring, or a
// /regular expression/), and how much of the total weight runs inside a match. A match nested in
// a match (recursion, or a matching helper under a matching caller) is counted once.
import type { Profile } from './types.js';

export interface SearchResult {
  /** 1 for each frame (index into Profile.frames) that matches. */
  matches: Uint8Array;
  /** Frames that match. */
  matchCount: number;
  /** Weight spent inside a matching frame, in the profile's unit. */
  weight: number;
  /** weight / profile.total, 0 to 1. */
  share: number;
  /** Set when the query is a /regex/ that does not compile; nothing matches then. */
  error?: string;
}

export function searchProfile(profile: Profile, query: string): SearchResult {
  const matches = new Uint8Array(profile.frames.length);
  const test = matcher(query.trim());
  if (typeof test === 'string') return { matches, matchCount: 0, weight: 0, share: 0, error: test };
  if (!test) return { matches, matchCount: 0, weight: 0, share: 0 };
  let matchCount = 0;
  profile.frames.forEach((frame, index) => {
    if (test(frame.name) || (frame.file !== '' && test(frame.file))) {
      matches[index] = 1;
      matchCount += 1;
    }
  });
  const weight = matchCount === 0 ? 0 : matchedWeight(profile, matches);
  return { matches, matchCount, weight, share: profile.total > 0 ? weight / profile.total : 0 };
}

/** A test, null for an empty query, or the reason a /regex/ does not compile. */
function matcher(query: string): ((text: string) => boolean) | null | string {
  if (query === '') return null;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(query);
  if (regex) {
    try {
      // g and y would make test() stateful; i is always on.
      const flags = regex[2].replace(/[gyi]/g, '');
      const pattern = new RegExp(regex[1], `${flags}i`);
      return (text) => pattern.test(text);
    } catch (error) {
      return `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const needle = query.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

/** Sums the totals of matching nodes that have no matching ancestor. */
function matchedWeight(profile: Profile, matches: Uint8Array): number {
  let weight = 0;
  const pending = profile.root.children.slice();
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (matches[node.frame] === 1) weight += node.total;
    else for (const child of node.children) pending.push(child);
  }
  return weight;
}
