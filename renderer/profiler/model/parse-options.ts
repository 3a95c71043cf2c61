// What every parser takes besides the document, and the id given to a profile read without one.

export interface ParseOptions {
  /** Unique within the console session; a fresh one when absent. */
  id?: string;
  /** Shown in the profile list (the file name). */
  name?: string;
}

let profileCount = 0;

export function nextProfileId(): string {
  profileCount += 1;
  return `profile-${profileCount}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
