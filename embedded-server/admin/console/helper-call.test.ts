import { describe, expect, it } from 'vitest';
import { parseHelperCall } from './helper-call.js';

describe('parseHelperCall', () => {
  it('reads helper calls with literal arguments', () => {
    expect(parseHelperCall("top('mailbox', 3)\n")).toEqual({ name: 'top', args: ['mailbox', 3] });
    expect(parseHelperCall('  sessions()  ;')).toEqual({ name: 'sessions', args: [] });
    expect(parseHelperCall('proc("<0.12.0>")')).toEqual({ name: 'proc', args: ['<0.12.0>'] });
    expect(parseHelperCall('users(-1.5)')).toEqual({ name: 'users', args: [-1.5] });
    expect(parseHelperCall('kick("x@localhost")')).toEqual({ name: 'kick', args: ['x@localhost'] });
  });

  it('refuses anything that is not one call with literals', () => {
    for (const line of [
      '1 + 1',
      'top(by)',
      "top('a' + 'b')",
      'top(`mailbox`)',
      "top('mail\\'box')",
      'top("a\\u0041")',
      'top(1)(2)',
      'top(1); kick("x")',
      'sessions().length',
      'process.exit()',
      'top(1,)',
      'top(1 2)',
      'help',
      'a.top(1)',
    ]) {
      expect(parseHelperCall(line), line).toBeUndefined();
    }
  });
});
