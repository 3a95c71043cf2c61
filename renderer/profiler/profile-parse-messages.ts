// What the window and the profile parse worker (profile-parse-worker.ts) say to each other, declared
// once for both sides: a file to read, or a capture's V8 document to parse; back, packed profiles
// (model/packed-profile.ts) or the reason there are none.
import type { PackedProfile } from './model/packed-profile.js';
import type { ProfileKind } from './model/types.js';
import type { ImportProblem } from './profile-store.js';

export type ParseRequest =
  | { id: number; job: 'file'; file: File }
  | { id: number; job: 'capture'; kind: ProfileKind; document: unknown; name: string };

/** How long the worker's steps took (the window records them as User Timing measures). */
export interface ParseSteps {
  readMs: number;
  parseMs: number;
  packMs: number;
}

export type ParseReply =
  | { id: number; ok: true; profiles: PackedProfile[]; problems: ImportProblem[]; steps: ParseSteps }
  | { id: number; ok: false; message: string };
