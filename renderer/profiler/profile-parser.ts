// The window's side of the profile parse worker (profile-parse-worker.ts): one worker per console
// session, started on first use, answering requests in order. Packed profiles are unpacked here
// (call nodes rebuilt in one pass); a captured profile keeps the document the window already has.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { unpackProfile } from './model/packed-profile.js';
import type { Profile, ProfileKind } from './model/types.js';
import type { ImportResult } from './profile-files.js';
import type { ParseReply, ParseRequest } from './profile-parse-messages.js';

type Job = { job: 'file'; file: File } | { job: 'capture'; kind: ProfileKind; document: unknown; name: string };

export class ProfileParser {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(reply: ParseReply): void; reject(error: Error): void }>();

  /** Reads one imported file (one profile, or one per thread of a speedscope file, or its problem). */
  readonly readFile = async (file: File): Promise<ImportResult> => {
    const reply = await this.request({ job: 'file', file });
    return { profiles: this.unpack(reply), problems: reply.problems };
  };

  /** Parses a capture's V8 document; throws the parser's error when it is not one. */
  async parseCapture(kind: ProfileKind, document: unknown, name: string): Promise<Profile> {
    const reply = await this.request({ job: 'capture', kind, document, name });
    return { ...this.unpack(reply)[0], original: document };
  }

  /**
   * Unpacks, and leaves the steps as User Timing measures ("profile read", "profile parse",
   * "profile pack", "profile unpack": DevTools' Performance panel shows them; the flame bench reads them).
   */
  private unpack(reply: Extract<ParseReply, { ok: true }>): Profile[] {
    const start = performance.now();
    const profiles = reply.profiles.map(unpackProfile);
    const end = performance.now();
    const { readMs, parseMs, packMs } = reply.steps;
    // The worker's steps are placed back to back before the unpack (the worker has its own clock).
    let at = start;
    for (const [name, duration] of [['profile pack', packMs], ['profile parse', parseMs], ['profile read', readMs]] as const) {
      at -= duration;
      performance.measure(name, { start: Math.max(0, at), duration });
    }
    performance.measure('profile unpack', { start, end });
    return profiles;
  }

  private request(job: Job): Promise<Extract<ParseReply, { ok: true }>> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, {
        resolve: (reply) => (reply.ok ? resolve(reply) : reject(new Error(reply.message))),
        reject,
      });
      worker.postMessage({ id, ...job } satisfies ParseRequest);
    });
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL('./profile-parse-worker.ts', import.meta.url), { type: 'module', name: 'profile-parser' });
    worker.onmessage = (event: MessageEvent<ParseReply>) => {
      const waiter = this.waiting.get(event.data.id);
      this.waiting.delete(event.data.id);
      waiter?.resolve(event.data);
    };
    worker.onerror = (event) => {
      // The worker could not load or crashed: every request still waiting fails, the next starts a new one.
      const error = new Error(`The profile parser (a web worker) stopped: ${event.message || 'it could not be loaded'}. Try again; if it keeps failing, reload the console.`);
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
      worker.terminate();
      this.worker = undefined;
    };
    this.worker = worker;
    return worker;
  }
}

const parsers = new WeakMap<QueryClient, ProfileParser>();

/** The session's parser (one per QueryClient, as the profile store). */
export function useProfileParser(): ProfileParser {
  const queryClient = useQueryClient();
  let parser = parsers.get(queryClient);
  if (parser === undefined) {
    parser = new ProfileParser();
    parsers.set(queryClient, parser);
  }
  return parser;
}
