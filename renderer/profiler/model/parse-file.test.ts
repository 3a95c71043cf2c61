import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfileFile, profileNamesInFile } from './parse-file.js';
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

  it('lists the profiles of a speedscope file with several, and reads the one asked for', () => {
    const sampled = (name: string, weight: number) => ({ type: 'sampled', name, unit: 'none', samples: [[0]], weights: [weight] });
    const text = JSON.stringify({ shared: { frames: [{ name: 'a' }] }, profiles: [sampled('main', 1), sampled('worker', 5)] });
    expect(profileNamesInFile(text)).toEqual(['main', 'worker']);
    expect(parseProfileFile('t.json', text, undefined, { profileIndex: 1 })).toMatchObject({ total: 5, name: 't.json (worker)' });
    expect(profileNamesInFile(fixture('meerkat-node.cpuprofile'))).toEqual([]);
    expect(profileNamesInFile('a;b 1')).toEqual([]);
  });
});
