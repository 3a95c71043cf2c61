import { describe, expect, it } from 'vitest';
import { traceListQuery } from './trace-api.js';

describe('traces.list query', () => {
  it("turns the console's filter into the node's snake_case query", () => {
    expect(traceListQuery({ nodeId: 'n', minDurationMs: 5, errorsOnly: true, jid: 'a@b', spanName: 'router.route', limit: 50, beforeMs: 1700 })).toEqual({
      min_duration_ms: 5,
      errors_only: 'true',
      jid: 'a@b',
      span_name: 'router.route',
      limit: 50,
      before: 1700,
    });
  });

  it('leaves out what is not asked for (errors_only=false would still be a filter)', () => {
    expect(traceListQuery({ nodeId: 'n', errorsOnly: false, jid: '', spanName: '' })).toEqual({});
  });
});
