import { describe, expect, it } from 'vitest';
import { topFrames } from './cpu-profile-summary.js';

describe('topFrames', () => {
  it('ranks busy frames by self time, merging nodes of the same function', () => {
    const frame = (functionName: string, line: number) => ({ functionName, url: 'file:///repo/dist/x.js', lineNumber: line });
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: frame('parse', 9) },
        { id: 3, callFrame: frame('route', 19) },
        // The same function reached through another call path.
        { id: 4, callFrame: frame('parse', 9) },
      ],
      samples: [2, 3, 4, 2, 1],
      timeDeltas: [1000, 1000, 2000, 1000, 5000],
    };
    expect(topFrames(profile, 2, '/repo')).toEqual([
      { frame: 'parse dist/x.js:10', self_ms: 4, self_pct: 80 },
      { frame: 'route dist/x.js:20', self_ms: 1, self_pct: 20 },
    ]);
  });
});
