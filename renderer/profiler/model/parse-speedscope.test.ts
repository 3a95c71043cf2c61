import { describe, expect, it } from 'vitest';
import { fromSpeedscope, speedscopeProfileNames, SPEEDSCOPE_SCHEMA } from './parse-speedscope.js';
import { treeShape } from './profile-test-support.js';

const frames = [{ name: 'main', file: 'app.py', line: 3, col: 1 }, { name: 'work', file: 'app.py', line: 10 }, { name: 'idle' }];

function file(...profiles: unknown[]) {
  return { $schema: SPEEDSCOPE_SCHEMA, name: 'capture', shared: { frames }, profiles };
}

const sampled = { type: 'sampled', name: 'thread 1', unit: 'milliseconds', startValue: 0, endValue: 6, samples: [[0, 1], [0, 1], [0], [2]], weights: [2, 1, 2, 1] };
const evented = {
  type: 'evented',
  name: 'thread 2',
  unit: 'microseconds',
  startValue: 0,
  endValue: 10,
  events: [
    { type: 'O', frame: 0, at: 0 },
    { type: 'O', frame: 1, at: 2 },
    { type: 'C', frame: 1, at: 5 },
    { type: 'C', frame: 0, at: 6 },
    { type: 'O', frame: 2, at: 7 },
  ],
};

describe('fromSpeedscope', () => {
  it('reads a sampled profile, converting its unit to µs, with a timeline', () => {
    const profile = fromSpeedscope(file(sampled), { name: 'x.speedscope.json' });
    expect(profile).toMatchObject({ kind: 'cpu', unit: 'microseconds', source: 'speedscope', name: 'x.speedscope.json', total: 6000 });
    expect(treeShape(profile, profile.root)).toBe('*(6000)[main(5000)[work(3000)],idle(1000)]');
    expect(profile.timeline!.map((sample) => sample.weight)).toEqual([3000, 2000, 1000]);
    expect(profile.frames[0]).toMatchObject({ name: 'main', file: 'app.py', line: 3, column: 1 });
    expect(profile.frames[1]).toMatchObject({ line: 10, column: 0 });
  });

  it('reads an evented profile; frames open at the end close at endValue', () => {
    const profile = fromSpeedscope(file(evented));
    expect(treeShape(profile, profile.root)).toBe('*(9)[main(6)[work(3)],idle(3)]');
    expect(profile.timeline!.map((sample) => [profile.frames[sample.node.frame].name, sample.weight])).toEqual([
      ['main', 2],
      ['work', 3],
      ['main', 1],
      ['idle', 3],
    ]);
  });

  it('reads the first profile by default, another on request, and lists their names', () => {
    const document = file(sampled, evented);
    expect(speedscopeProfileNames(document)).toEqual(['thread 1', 'thread 2']);
    expect(fromSpeedscope(document).name).toBe('capture (thread 1)');
    expect(fromSpeedscope(document, { profileIndex: 1 }).total).toBe(9);
  });

  it.each([
    ['nanoseconds', 1e-3, 'microseconds', 'cpu'],
    ['seconds', 1e6, 'microseconds', 'cpu'],
    ['bytes', 1, 'bytes', 'heap'],
    ['none', 1, 'samples', 'cpu'],
  ])('reads unit %s', (unit, scale, weightUnit, kind) => {
    const profile = fromSpeedscope(file({ ...sampled, unit }));
    expect(profile).toMatchObject({ unit: weightUnit, kind });
    expect(profile.total).toBeCloseTo(6 * scale, 9);
  });

  it.each([
    ['no shared frames', { profiles: [sampled] }, /Not a valid speedscope file: expected "shared.frames"/],
    ['no profiles', file(), /expected "profiles", a non-empty array/],
    ['a missing profile', { ...file(sampled), profiles: [sampled] }, /there is no profile 3 \(the file has 1\)/, 3],
    ['an unknown unit', file({ ...sampled, unit: 'furlongs' }), /unit "furlongs"; expected one of/],
    ['an unknown type', file({ ...sampled, type: 'flat' }), /type "flat"; expected "sampled" or "evented"/],
    ['weights that do not pair with samples', file({ ...sampled, weights: [1] }), /needs one weight per sample \(4 samples, 1 weights\)/],
    ['a frame index out of range', file({ ...sampled, samples: [[0, 9]], weights: [1] }), /samples\[0\] refers to frame 9, but shared.frames has 3/],
    ['a close that does not match', file({ ...evented, events: [{ type: 'O', frame: 0, at: 0 }, { type: 'C', frame: 1, at: 1 }] }), /events\[1\] closes frame 1, which is not the innermost open frame/],
    ['events going back in time', file({ ...evented, events: [{ type: 'O', frame: 0, at: 5 }, { type: 'C', frame: 0, at: 1 }] }), /events\[1\] is at 1, before the previous event/],
  ])('refuses %s', (_case, document, message, profileIndex = 0) => {
    expect(() => fromSpeedscope(document, { profileIndex })).toThrow(message);
  });
});
