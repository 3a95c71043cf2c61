// Profiles in and out as files: imported ones (file input or drop) are read and parsed one by one,
// off the window's thread (the parse worker calls readProfileFile), so a bad file becomes a problem
// with its name and the parser's message while the others still load (a speedscope file with
// several profiles gives one entry each); exports are the profile's own format (.cpuprofile for
// CPU, .heapprofile for heap) with a file name made from the profile's name.
import { parseProfilesInFile, toCpuProfile, toHeapProfile } from './model/index.js';
import type { Profile } from './model/types.js';
import type { ImportProblem } from './profile-store.js';

export const IMPORT_ACCEPT = '.cpuprofile,.heapprofile,.json,.txt,.folded';

/** Larger files are refused before reading: parsing them would hang the window. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export interface ImportResult {
  profiles: Profile[];
  problems: ImportProblem[];
}

/** Reads and parses one file: the parse worker's job (profile-parser.ts), or the caller's in tests. */
export type ReadProfileFile = (file: File) => Promise<ImportResult>;

/**
 * Imports files one by one with `read`; each profile gets an id from `newId` and keeps its file, so
 * an export of a .cpuprofile or .heapprofile gives back the bytes that were read.
 */
export async function importProfileFiles(files: Iterable<File>, newId: () => string, read: ReadProfileFile, onReading?: (file: File) => void): Promise<ImportResult> {
  const result: ImportResult = { profiles: [], problems: [] };
  for (const file of files) {
    if (file.size > MAX_IMPORT_BYTES) {
      result.problems.push({ fileName: file.name, message: `the file is ${Math.round(file.size / 1024 / 1024)} MB; files over ${MAX_IMPORT_BYTES / 1024 / 1024} MB are not read` });
      continue;
    }
    onReading?.(file);
    const { profiles, problems } = await read(file);
    for (const profile of profiles) result.profiles.push({ ...profile, id: newId(), file });
    result.problems.push(...problems);
  }
  return result;
}

/** One file's profiles: a speedscope file can hold several (one per thread), each becomes an entry. */
export async function readProfileFile(file: File): Promise<ImportResult> {
  return profilesInText(file.name, await file.text());
}

/** The profiles of a file already read (the parse worker times reading and parsing apart). */
export function profilesInText(fileName: string, text: string): ImportResult {
  const result: ImportResult = { profiles: [], problems: [] };
  for (const part of parseProfilesInFile(fileName, text)) {
    const label = part.part === undefined ? fileName : `${fileName} · ${part.part}`;
    if ('error' in part) result.problems.push({ fileName: label, message: part.error.message });
    else result.profiles.push({ ...part.profile, name: label });
  }
  return result;
}

/** "node-1 CPU 5 s 12:03:04" → "node-1-CPU-5-s-12-03-04.cpuprofile"; an imported name keeps its stem. */
export function exportFileName(profile: Profile): string {
  const extension = profile.kind === 'cpu' ? '.cpuprofile' : '.heapprofile';
  const stem = profile.name
    .replace(/\.(cpuprofile|heapprofile|json|txt|folded)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem === '' ? 'profile' : stem}${extension}`;
}

export function exportDocument(profile: Profile): unknown {
  return profile.kind === 'cpu' ? toCpuProfile(profile) : toHeapProfile(profile);
}

/** The bytes to save: the imported file itself when it is the V8 document, else the document written out. */
export function exportBlob(profile: Profile): Blob {
  const asRead = profile.file !== undefined && (profile.source === 'cpuprofile' || profile.source === 'heapprofile');
  return asRead ? profile.file! : new Blob([JSON.stringify(exportDocument(profile))], { type: 'application/json' });
}

/** Starts the browser's download of the profile (an object URL on a temporary link). */
export function downloadProfile(profile: Profile): void {
  const blob = exportBlob(profile);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = exportFileName(profile);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
