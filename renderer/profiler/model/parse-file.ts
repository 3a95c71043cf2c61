// A dropped or opened file → Profile: the format is told from the content, not the file name
// (a .json can be a .cpuprofile, a speedscope file or a heap profile).
import { fromCpuProfile } from './parse-cpuprofile.js';
import { fromFolded, looksFolded } from './parse-folded.js';
import { fromHeapProfile } from './parse-heapprofile.js';
import { isObject } from './parse-options.js';
import { fromSpeedscope, isSpeedscopeDocument, speedscopeProfileNames } from './parse-speedscope.js';
import { ProfileFormatError } from './profile-error.js';
import type { Profile } from './types.js';

export const ACCEPTED_FORMATS = 'a Chrome .cpuprofile, a V8 heap profile (.heapprofile), a speedscope JSON file or folded stacks ("a;b;c 12" lines)';

export interface ParseFileOptions {
  /** For a speedscope file with several profiles: which one (0 by default). */
  profileIndex?: number;
}

export function parseProfileFile(name: string, text: string, id?: string, options: ParseFileOptions = {}): Profile {
  const trimmed = text.trimStart();
  if (trimmed === '') throw new ProfileFormatError('unknown', `${name} is empty; expected ${ACCEPTED_FORMATS}`);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJson(name, text, id, options);
  if (!looksFolded(text)) throw new ProfileFormatError('unknown', `${name} is not a profile this console reads; expected ${ACCEPTED_FORMATS}`);
  return fromFolded(text, { id, name });
}

/**
 * The names of the profiles a file holds when it holds several (a speedscope file with a profile
 * per thread), so the view can offer them; [] for every other file. Read one with `profileIndex`.
 */
export function profileNamesInFile(text: string): string[] {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) return [];
  try {
    const document: unknown = JSON.parse(text);
    return isObject(document) && isSpeedscopeDocument(document) ? speedscopeProfileNames(document) : [];
  } catch {
    return [];
  }
}

function parseJson(name: string, text: string, id: string | undefined, options: ParseFileOptions): Profile {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ProfileFormatError('unknown', `${name} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (Array.isArray(document)) {
    throw new ProfileFormatError('unknown', `${name} is a JSON array (a Chrome performance trace?); expected ${ACCEPTED_FORMATS}`);
  }
  if (isObject(document)) {
    if (Array.isArray(document.nodes)) return fromCpuProfile(document, { id, name });
    if ('head' in document) return fromHeapProfile(document, { id, name });
    if (isSpeedscopeDocument(document)) return fromSpeedscope(document, { id, name, profileIndex: options.profileIndex });
  }
  throw new ProfileFormatError('unknown', `${name} is JSON but not a profile this console reads; expected ${ACCEPTED_FORMATS}`);
}
