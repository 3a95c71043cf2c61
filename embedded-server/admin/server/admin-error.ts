// Expected failures of admin handlers are values with a code from ADMIN_ERRORS, not bare exceptions.
import { ADMIN_ERRORS, type AdminErrorCode } from '../contract/define.js';

export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AdminError';
  }

  get status(): number {
    return ADMIN_ERRORS[this.code].status;
  }
}
