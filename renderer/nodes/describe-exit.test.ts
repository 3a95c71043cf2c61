import { describe, expect, it } from 'vitest';
import { describeExit } from './describe-exit.js';

describe('describeExit', () => {
  it('adds the exit code or signal only when the message lacks it', () => {
    expect(describeExit({ message: 'exited during start (exit code 2)', at: 0, exitCode: 2 })).toBe('exited during start (exit code 2)');
    expect(describeExit({ message: 'exited', at: 0, exitCode: 1, signal: null })).toBe('exited (exit code 1)');
    expect(describeExit({ message: 'the process died', at: 0, exitCode: null, signal: 'SIGKILL' })).toBe('the process died (signal SIGKILL)');
  });
});
