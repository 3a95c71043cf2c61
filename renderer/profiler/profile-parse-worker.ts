// The profile parse worker: reads imported files and parses captured documents off the window's
// thread, so a 20 MB .cpuprofile (JSON.parse and the call tree: a few hundred ms) leaves the console
// responsive. Profiles go back packed (typed arrays, transferred, not copied).
import { fromCpuProfile, fromHeapProfile, packProfile } from './model/index.js';
import { profilesInText, type ImportResult } from './profile-files.js';
import type { ParseReply, ParseRequest, ParseSteps } from './profile-parse-messages.js';

interface WorkerScope {
  onmessage: ((event: { data: ParseRequest }) => void) | null;
  postMessage(message: ParseReply, transfer: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  const request = event.data;
  const steps: ParseSteps = { readMs: 0, parseMs: 0, packMs: 0 };
  void answer(request, steps).then(
    ({ profiles, problems }) => {
      const packStart = performance.now();
      const packed = profiles.map((profile) => packProfile(profile));
      steps.packMs = performance.now() - packStart;
      scope.postMessage({ id: request.id, ok: true, profiles: packed.map((p) => p.packed), problems, steps }, packed.flatMap((p) => p.transfer));
    },
    (error: unknown) => scope.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }, []),
  );
};

async function answer(request: ParseRequest, steps: ParseSteps): Promise<ImportResult> {
  let start = performance.now();
  if (request.job === 'file') {
    const text = await request.file.text();
    steps.readMs = performance.now() - start;
    start = performance.now();
    const result = profilesInText(request.file.name, text);
    steps.parseMs = performance.now() - start;
    return result;
  }
  const options = { name: request.name };
  const profile = request.kind === 'cpu' ? fromCpuProfile(request.document, options) : fromHeapProfile(request.document, options);
  steps.parseMs = performance.now() - start;
  return { profiles: [profile], problems: [] };
}
