// The profile parse worker: reads imported files and parses captured documents off the window's
// thread, so a 20 MB .cpuprofile (JSON.parse and the call tree: a few hundred ms) leaves the console
// responsive. Profiles go back packed (typed arrays, transferred, not copied).
import { fromCpuProfile, fromHeapProfile, packProfile } from './model/index.js';
import type { Profile } from './model/types.js';
import { readProfileFile } from './profile-files.js';
import type { ParseReply, ParseRequest } from './profile-parse-messages.js';

interface WorkerScope {
  onmessage: ((event: { data: ParseRequest }) => void) | null;
  postMessage(message: ParseReply, transfer: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  const request = event.data;
  void answer(request).then(
    ({ profiles, problems }) => {
      const packed = profiles.map((profile) => packProfile(profile));
      scope.postMessage({ id: request.id, ok: true, profiles: packed.map((p) => p.packed), problems }, packed.flatMap((p) => p.transfer));
    },
    (error: unknown) => scope.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }, []),
  );
};

async function answer(request: ParseRequest): Promise<{ profiles: Profile[]; problems: { fileName: string; message: string }[] }> {
  if (request.job === 'file') return readProfileFile(request.file);
  const options = { name: request.name };
  const profile = request.kind === 'cpu' ? fromCpuProfile(request.document, options) : fromHeapProfile(request.document, options);
  return { profiles: [profile], problems: [] };
}
