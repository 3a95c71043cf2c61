// Errors of the console API: coded values, never bare strings, so the renderer can branch on
// `code` and show `message` as is. They cross Electron's contextBridge and JSON, so they stay
// plain objects on the wire; the client wraps them in ConsoleCallError for `instanceof`.

/** One code, one meaning. */
export const CONSOLE_ERRORS = {
  bad_request: 'The request does not match the channel schema',
  unknown_channel: 'No such request or stream channel',
  not_found: 'No such node (or other named resource)',
  conflict: 'The node is in the wrong state for this (e.g. start while running)',
  node_unreachable: 'The node does not answer on its admin port',
  node_error: 'The node answered with an error (its code and message are in details)',
  timeout: 'The call took longer than its time limit',
  unauthorized: 'Missing or wrong console access token',
  disconnected: 'The connection to the console core was lost',
  start_failed: 'A local node failed one of its start stages',
  internal: 'The console core failed; see its output',
} as const;

export type ConsoleErrorCode = keyof typeof CONSOLE_ERRORS;

export interface ConsoleError {
  code: ConsoleErrorCode;
  message: string;
  details?: unknown;
}

export function isConsoleError(value: unknown): value is ConsoleError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return typeof candidate.code === 'string' && candidate.code in CONSOLE_ERRORS && typeof candidate.message === 'string';
}

/** What a failed `request` rejects with on the client side. */
export class ConsoleCallError extends Error implements ConsoleError {
  readonly code: ConsoleErrorCode;
  readonly details?: unknown;

  constructor(error: ConsoleError) {
    super(error.message);
    this.name = 'ConsoleCallError';
    this.code = error.code;
    if (error.details !== undefined) this.details = error.details;
  }

  toJSON(): ConsoleError {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

/** Any thrown value as a ConsoleError (unknown throwables become `internal`). */
export function toConsoleError(error: unknown): ConsoleError {
  if (error instanceof ConsoleCallError) return error.toJSON();
  if (isConsoleError(error)) return { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
