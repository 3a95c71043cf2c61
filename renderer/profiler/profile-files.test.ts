import { describe, expect, it } from 'vitest';
import { ConsoleCallError } from '../../main/common/console-api.js';
import { captureError, captureName } from './capture-messages.js';
import { parseProfileFile } from './model/index.js';
import { exportBlob, exportDocument, exportFileName, importProfileFiles, readProfileFile } from './profile-files.js';
import { syntheticProfile } from './model/synthetic.js';

let ids = 0;
const newId = () => `t${++ids}`;

describe('profile files', () => {
  it('imports every readable file and names each one it could not read with the parser’s message', async () => {
    const files = [
      new File(['main;parse 3\nmain;route 1\n'], 'stacks.folded'),
      new File(['{"hello":"world"}'], 'notes.json'),
      new File(['a;b 2'], 'more.txt'),
    ];
    const reading: string[] = [];
    const { profiles, problems } = await importProfileFiles(files, newId, readProfileFile, (file) => reading.push(file.name));
    expect(reading).toEqual(['stacks.folded', 'notes.json', 'more.txt']);
    expect(profiles.map((p) => [p.name, p.total])).toEqual([
      ['stacks.folded', 4],
      ['more.txt', 2],
    ]);
    expect(new Set(profiles.map((p) => p.id)).size).toBe(2);
    expect(problems).toHaveLength(1);
    expect(problems[0].fileName).toBe('notes.json');
    expect(problems[0].message).toMatch(/cpuprofile/);
  });

  it('imports every profile of a speedscope file with several, each named after the file and its profile', async () => {
    const speedscope = {
      $schema: 'https://www.speedscope.app/file-format-schema.json',
      shared: { frames: [{ name: 'main' }, { name: 'work' }] },
      profiles: [
        { type: 'sampled', name: 'main thread', unit: 'milliseconds', startValue: 0, endValue: 3, samples: [[0, 1]], weights: [3] },
        { type: 'sampled', name: 'worker', unit: 'milliseconds', startValue: 0, endValue: 2, samples: [[0]], weights: [2] },
      ],
    };
    const { profiles, problems } = await importProfileFiles([new File([JSON.stringify(speedscope)], 'app.json')], newId, readProfileFile);
    expect(problems).toEqual([]);
    expect(profiles.map((p) => [p.name, p.total])).toEqual([
      ['app.json · main thread', 3000],
      ['app.json · worker', 2000],
    ]);
  });

  it('exports in the kind’s own format under a file name made from the profile’s name', () => {
    const folded = parseProfileFile('stacks.folded', 'main;parse 3\nmain;route 1', 'f1');
    expect(exportFileName(folded)).toBe('stacks.cpuprofile');
    expect(exportFileName({ ...folded, name: 'local-1 CPU 5 s 12:03:04' })).toBe('local-1-CPU-5-s-12-03-04.cpuprofile');
    expect(exportFileName({ ...folded, kind: 'heap', name: '///' })).toBe('profile.heapprofile');
    // What is exported reads back with the same total.
    const again = parseProfileFile('stacks.cpuprofile', JSON.stringify(exportDocument(folded)), 'f2');
    expect(again.kind).toBe('cpu');
    expect(again.frames.map((f) => f.name).sort()).toEqual(['main', 'parse', 'route']);
  });

  it('exports an imported .cpuprofile as the bytes that were read, and a folded file as a written .cpuprofile', async () => {
    const text = `${JSON.stringify(syntheticProfile({ frames: 200 }), null, 1)}\n`;
    const files = [new File([text], 'app.cpuprofile'), new File(['main;parse 3'], 'stacks.folded')];
    const { profiles } = await importProfileFiles(files, newId, readProfileFile);
    expect(await exportBlob(profiles[0]).text()).toBe(text);
    const written = JSON.parse(await exportBlob(profiles[1]).text()) as { nodes: unknown[] };
    expect(written.nodes.length).toBe(3);
  });
});

describe('capture messages', () => {
  it('names a capture by node, kind, duration and local start time', () => {
    const at = new Date(2026, 10, 22, 12, 3, 4).getTime();
    expect(captureName('local-1', 'heap', 5, at)).toBe('local-1 Heap 5 s 12:03:04');
  });

  it('adds what to do to the failures whose message does not say it, and keeps the others as they are', () => {
    const unreachable = captureError(new ConsoleCallError({ code: 'node_unreachable', message: 'node not answering on 127.0.0.1:5551' }));
    expect(unreachable.message).toBe('node not answering on 127.0.0.1:5551. Is the node still running? Check its Details tab, start it if needed, then profile again.');
    const busy = new ConsoleCallError({ code: 'conflict', message: 'node n1 is already taking a profile; wait for it to end and try again' });
    expect(captureError(busy).message).toBe(busy.message);
    expect(captureError('boom').message).toBe('boom');
  });
});
