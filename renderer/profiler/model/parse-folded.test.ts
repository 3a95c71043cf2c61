import { describe, expect, it } from 'vitest';
import { fromFolded } from './parse-folded.js';
import { treeShape } from './profile-test-support.js';

describe('fromFolded', () => {
  it('merges lines into a tree counted in samples; blank lines, CRLF and trailing spaces are fine', () => {
    const profile = fromFolded('main;parse;scan 12  \r\n\nmain;parse 3\r\nmain;write 5\n[unknown] frame;x 1\n', { name: 'perf.folded' });
    expect(profile).toMatchObject({ unit: 'samples', kind: 'cpu', source: 'folded', total: 21, name: 'perf.folded' });
    expect(treeShape(profile, profile.root)).toBe('*(21)[main(20)[parse(15)[scan(12)],write(5)],[unknown] frame(1)[x(1)]]');
    expect(profile.timeline).toBeUndefined();
  });

  it('says which line is wrong', () => {
    expect(() => fromFolded('a;b 1\n\na;c twelve\n')).toThrow('Not a valid folded stacks file: line 3 is not "frame;frame;frame count": "a;c twelve"');
  });

  it('refuses a file with no stacks', () => {
    expect(() => fromFolded('\n  \n')).toThrow(/the file has no stacks/);
  });
});
