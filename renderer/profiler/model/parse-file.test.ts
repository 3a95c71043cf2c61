import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfileFile, parseProfilesInFile } from './parse-file.js';
import { ProfileFormatError } from './profile-error.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseProfileFile', () => {
  it('tells formats apart by content', () => {
    expect(parseProfileFile('a.json', fixture('meerkat-node.cpuprofile'), 'id-1')).toMatchObject({ source: 'cpuprofile', id: 'id-1', name: 'a.json' });
    expect(parseProfileFile('b.json', fixture('meerkat-node.heapprofile')).source).toBe('heapprofile');
    const speedscope = { shared: { frames: [{ name: 'a' }] }, profiles: [{ type: 'sampled', unit: 'none', samples: [[0]], weights: [1] }] };
    expect(parseProfileFile('c.json', JSON.stringify(speedscope)).source).toBe('speedscope');
    expect(parseProfileFile('d.txt', 'a;b 3\n').source).toBe('folded');
  });

  it('gives each profile read without an id a different one', () => {
    expect(parseProfileFile('a', 'a 1').id).not.toBe(parseProfileFile('a', 'a 1').id);
  });

  it.each([
    ['an empty file', '  \n', /^x is empty; expected a Chrome \.cpuprofile, a V8 heap profile/],
    ['broken JSON', '{"nodes": [', /^x is not valid JSON \(/],
    ['a trace (JSON array)', '[{"ph":"X"}]', /^x is a JSON array \(a Chrome performance trace\?\)/],
    ['other JSON', '{"hello": 1}', /^x is JSON but not a profile this console reads; expected .*folded stacks/],
    ['other text', 'hello world\n', /^x is not a profile this console reads/],
  ])('refuses %s and lists what it accepts', (_case, text, message) => {
    let error: unknown;
    try {
      parseProfileFile('x', text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProfileFormatError);
    expect((error as Error).message).toMatch(message);
  });

  it('passes the format on to the parser, whose message names the kind of file', () => {
    expect(() => parseProfileFile('x', '{"nodes": [{"id": 1}]}')).toThrow('Not a valid .cpuprofile: node 1 has no "callFrame"');
  });

  it('reads every profile of a speedscope file with several, or the one asked for, and one profile or its error from other files', () => {
    const sampled = (name: string, weight: number) => ({ type: 'sampled', name, unit: 'none', samples: [[0]], weights: [weight] });
    const text = JSON.stringify({ shared: { frames: [{ name: 'a' }] }, profiles: [sampled('main', 1), sampled('worker', 5)] });
    expect(parseProfilesInFile('t.json', text).map((p) => ('profile' in p ? [p.part, p.profile.total] : p.error.message))).toEqual([
      ['main', 1],
      ['worker', 5],
    ]);
    expect(parseProfileFile('t.json', text, undefined, { profileIndex: 1 })).toMatchObject({ total: 5, name: 't.json (worker)' });
    const [cpu] = parseProfilesInFile('n.cpuprofile', fixture('meerkat-node.cpuprofile'));
    expect('profile' in cpu && cpu.part === undefined && cpu.profile.source).toBe('cpuprofile');
    expect(parseProfilesInFile('s.txt', 'a;b 1').map((p) => 'profile' in p && p.profile.total)).toEqual([1]);
    const [broken] = parseProfilesInFile('broken.json', '{"nodes": [');
    expect('error' in broken && broken.error.message).toMatch(/broken\.json is not valid JSON/);
  });
});
