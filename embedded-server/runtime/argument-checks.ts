// Argument checks for the runtime's public API: bad input is a RuntimeError('invalid_argument')
// with a message naming the argument, never a silent misbehaviour deep in the scheduler.
import { RuntimeError } from './runtime-error.js';
import type { ProcessSpec, TopMetric } from './types.js';

const METRICS: readonly TopMetric[] = ['mailbox', 'handled', 'memory'];
const POLICIES = ['drop_newest', 'drop_oldest', 'reject', 'exit'];

export function invalid(message: string): RuntimeError {
  return new RuntimeError('invalid_argument', message);
}

export function nonNegativeInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) throw invalid(`${what} must be a non-negative integer, got ${value}`);
  return value;
}

export function metric(by: TopMetric): TopMetric {
  if (!METRICS.includes(by)) throw invalid(`unknown metric ${String(by)}; expected one of ${METRICS.join(', ')}`);
  return by;
}

export function validateSpec(spec: ProcessSpec<unknown>): void {
  if (typeof spec !== 'object' || spec === null || typeof spec.handle !== 'function') throw invalid('a process spec needs a handle function');
  if (typeof spec.kind !== 'string' || spec.kind === '') throw invalid('a process spec needs a kind');
  if (spec.name !== undefined && (typeof spec.name !== 'string' || spec.name === '')) throw invalid('a registered name must be a non-empty string');
  const capacity = spec.mailbox?.capacity;
  if (capacity !== undefined && (!Number.isInteger(capacity) || capacity < 1)) throw invalid(`mailbox capacity must be a positive integer, got ${capacity}`);
  const overflow = spec.mailbox?.overflow;
  if (overflow !== undefined && !POLICIES.includes(overflow)) throw invalid(`unknown overflow policy ${String(overflow)}`);
}
