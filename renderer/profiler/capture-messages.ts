// What a capture is called in the profile list, and what a failed one says: the console's message,
// then what to do for the failures the message alone does not answer.
import type { ConsoleErrorCode } from '../../main/common/console-api.js';
import { isConsoleError } from '../../main/common/console-api.js';
import { formatClock } from '../app/format.js';
import type { ProfileKind } from './model/types.js';

export const KIND_LABEL: Record<ProfileKind, string> = { cpu: 'CPU', heap: 'Heap' };

/** What to do next, for the failures the message alone does not answer. */
const ADVICE: Partial<Record<ConsoleErrorCode, string>> = {
  node_unreachable: 'Is the node still running? Check its Details tab, start it if needed, then profile again.',
  disconnected: 'The console lost its connection; profile again once it is back.',
  unauthorized: "The console's admin token for this node is wrong; restart the node from its Details tab.",
};

/** The error a capture failed with, as the panel shows it: the message, then what to do. */
export function captureError(error: unknown): Error {
  if (!isConsoleError(error)) return error instanceof Error ? error : new Error(String(error));
  const advice = ADVICE[error.code];
  return new Error(advice === undefined ? error.message : `${error.message}. ${advice}`);
}

export function captureName(nodeName: string, kind: ProfileKind, durationS: number, at: number): string {
  return `${nodeName} ${KIND_LABEL[kind]} ${durationS} s ${formatClock(at).slice(0, 8)}`;
}
