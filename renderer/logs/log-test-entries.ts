// Log entries for the renderer's unit tests, shaped as the core sends them.
import type { ConsoleLogEntry } from '../../main/common/console-api.js';

let seq = 0;

export function entry(nodeId: string, fields: Partial<ConsoleLogEntry> & Record<string, unknown> = {}): ConsoleLogEntry {
  const { level = 30, what, msg, ...rest } = fields;
  const time = typeof fields.time === 'number' ? fields.time : 1_700_000_000_000 + seq;
  const object = { level, time: new Date(time).toISOString(), node: nodeId, what, msg, ...rest };
  seq++;
  const known: ConsoleLogEntry = { nodeId, seq, time, level, line: JSON.stringify(object) };
  for (const key of ['what', 'module', 'jid', 'from_jid', 'to_jid', 'pid', 'trace_id', 'msg'] as const) {
    if (fields[key] !== undefined) (known as unknown as Record<string, unknown>)[key] = fields[key];
  }
  return known;
}
