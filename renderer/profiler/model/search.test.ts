import { describe, expect, it } from 'vitest';
import { fromSpeedscope } from './parse-speedscope.js';
import { folded } from './profile-test-support.js';
import { searchProfile } from './search.js';

const profile = folded('main;parse;parseAttributes 3', 'main;parse 1', 'main;write;parse 2', 'main;write 2', 'gc 2');
const matched = (query: string) => {
  const result = searchProfile(profile, query);
  return profile.frames.filter((_, index) => result.matches[index] === 1).map((frame) => frame.name);
};

describe('searchProfile', () => {
  it('matches names case-insensitively and counts a match inside a match once', () => {
    const result = searchProfile(profile, 'PARSE');
    expect(matched('PARSE')).toEqual(['parse', 'parseAttributes']);
    expect(result.matchCount).toBe(2);
    // main;parse (4, with parseAttributes inside it) and main;write;parse (2).
    expect(result.weight).toBe(6);
    expect(result.share).toBeCloseTo(0.6, 9);
  });

  it('takes /regular expressions/, also case-insensitive', () => {
    expect(matched('/^(WRITE|gc)$/')).toEqual(['write', 'gc']);
    expect(searchProfile(profile, '/^(WRITE|gc)$/').weight).toBe(6);
  });

  it('reports a regular expression that does not compile instead of throwing', () => {
    const result = searchProfile(profile, '/parse(/');
    expect(result.matchCount).toBe(0);
    expect(result.error).toMatch(/^not a valid regular expression/);
  });

  it('matches the file too', () => {
    const withFiles = fromSpeedscope({
      shared: { frames: [{ name: 'query', file: 'lib/db/sqlite.js' }, { name: 'handle', file: 'lib/c2s.js' }] },
      profiles: [{ type: 'sampled', unit: 'none', samples: [[1, 0], [1]], weights: [3, 1] }],
    });
    const result = searchProfile(withFiles, 'sqlite');
    expect(result).toMatchObject({ matchCount: 1, weight: 3, share: 0.75 });
  });

  it('matches nothing for an empty query', () => {
    expect(searchProfile(profile, '  ')).toMatchObject({ matchCount: 0, weight: 0, share: 0 });
  });
});
