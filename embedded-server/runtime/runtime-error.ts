// Errors the runtime API throws, as coded values so callers (the admin API) can map them.

export type RuntimeErrorCode = 'name_taken' | 'no_such_process' | 'invalid_argument';

export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';

  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
