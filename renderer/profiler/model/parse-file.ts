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

/** One profile of a file, or why it could not be read; `part` names it among several (a speedscope file's profiles). */
export type FilePart = { part: string | undefined; profile: Profile } | { part: string | undefined; error: Error };

/**
 * Every profile a file holds, its text parsed once (a large .cpuprofile's JSON.parse is a large
 * share of reading it): one, or one per profile of a speedscope file with several. A part that
 * cannot be read is its error, so the others still load.
 */
export function parseProfilesInFile(name: string, text: string): FilePart[] {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) return [attempt(undefined, () => parseProfileFile(name, text))];
  let document: unknown;
  try {
    document = readJson(name, text);
  } catch (error) {
    return [{ part: undefined, error: asError(error) }];
  }
  const names = isObject(document) && isSpeedscopeDocument(document) ? speedscopeProfileNames(document) : [];
  if (names.length <= 1) return [attempt(undefined, () => fromDocument(name, document, undefined, {}))];
  return names.map((part, index) => attempt(part, () => fromSpeedscope(document, { name, profileIndex: index })));
}

function attempt(part: string | undefined, parse: () => Profile): FilePart {
  try {
    return { part, profile: parse() };
  } catch (error) {
    return { part, error: asError(error) };
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function parseJson(name: string, text: string, id: string | undefined, options: ParseFileOptions): Profile {
  return fromDocument(name, readJson(name, text), id, options);
}

function readJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProfileFormatError('unknown', `${name} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function fromDocument(name: string, document: unknown, id: string | undefined, options: ParseFileOptions): Profile {
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
