// Profiles in and out as files: imported ones (file input or drop) are read and parsed one by one,
// so a bad file becomes a problem with its name and the parser's message while the others still
// load (a speedscope file with several profiles gives one entry each); exports are the profile's own format (.cpuprofile for CPU, .heapprofile for heap) with a
// file name made from the profile's name.
import { parseProfileFile, profileNamesInFile, toCpuProfile, toHeapProfile } from './model/index.js';
import type { Profile } from './model/types.js';
import type { ImportProblem } from './profile-store.js';

export const IMPORT_ACCEPT = '.cpuprofile,.heapprofile,.json,.txt,.folded';

/** Larger files are refused before reading: parsing them would hang the window. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export interface ImportResult {
  profiles: Profile[];
  problems: ImportProblem[];
}

export async function importProfileFiles(files: Iterable<File>, newId: () => string): Promise<ImportResult> {
  const result: ImportResult = { profiles: [], problems: [] };
  for (const file of files) {
    if (file.size > MAX_IMPORT_BYTES) {
      result.problems.push({ fileName: file.name, message: `the file is ${Math.round(file.size / 1024 / 1024)} MB; files over ${MAX_IMPORT_BYTES / 1024 / 1024} MB are not read` });
      continue;
    }
    const text = await file.text();
    // A speedscope file can hold several profiles (one per thread): each becomes an entry.
    const names = profileNamesInFile(text);
    const parts = names.length > 1 ? names.map((name, index) => ({ label: `${file.name} · ${name}`, index })) : [{ label: file.name, index: undefined }];
    for (const { label, index } of parts) {
      try {
        const profile = parseProfileFile(file.name, text, newId(), { profileIndex: index });
        result.profiles.push(label === profile.name ? profile : { ...profile, name: label });
      } catch (error) {
        result.problems.push({ fileName: label, message: error instanceof Error ? error.message : String(error) });
      }
    }
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

/** Starts the browser's download of the profile (an object URL on a temporary link). */
export function downloadProfile(profile: Profile): void {
  const blob = new Blob([JSON.stringify(exportDocument(profile))], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = exportFileName(profile);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
