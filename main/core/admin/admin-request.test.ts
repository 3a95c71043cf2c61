import { describe, expect, it } from 'vitest';
import { endpointTarget, queryString } from './admin-request.js';

describe('admin request building', () => {
  it('fills path parameters, encoded', () => {
    expect(endpointTarget({ path: '/api/traces/:traceId' }, { params: { traceId: 'a/b' } })).toBe('/api/traces/a%2Fb');
    expect(() => endpointTarget({ path: '/api/processes/:pid' }, {})).toThrow(/pid/);
  });

  it('encodes queries, skipping empty values and joining arrays', () => {
    expect(queryString({ limit: 10, what: ['a', 'c2s_*'], jid: undefined, text: 'x y', none: [] })).toBe('?limit=10&what=a%2Cc2s_*&text=x+y');
    expect(queryString({})).toBe('');
  });
});
