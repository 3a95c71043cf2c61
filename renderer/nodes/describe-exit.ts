// A node's last error as one sentence: the core's message, plus the exit code or signal when the
// message does not already say it.
import type { NodeLastError } from '../../main/common/console-api.js';

export function describeExit(error: NodeLastError): string {
  let text = error.message;
  if (error.exitCode !== undefined && error.exitCode !== null && !text.includes(`exit code ${error.exitCode}`)) text += ` (exit code ${error.exitCode})`;
  if (error.signal && !text.includes(error.signal)) text += ` (signal ${error.signal})`;
  return text;
}
