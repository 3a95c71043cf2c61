import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineWriter } from './line-writer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meerkat-line-writer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every line has the same length, whatever its number. */
const numbered = (i: number) => `{"what":"tick","n":${i},"pad":"${'p'.repeat(80 - String(i).length)}"}\n`;

function numbersIn(path: string): number[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { n: number }).n);
}

/** Writes in bursts with the event loop turning in between, as a node does. */
async function writeBursts(writer: LineWriter, total: number, burst: number): Promise<void> {
  for (let i = 1; i <= total; ) {
    for (const end = Math.min(total, i + burst - 1); i <= end; i++) writer.write(numbered(i));
    await new Promise((r) => setImmediate(r));
  }
}

describe('LineWriter to a file', () => {
  it('appends every line in order and closes the file', async () => {
    const path = join(dir, 'node.log');
    const writer = LineWriter.toFile({ path, maxBytes: 10 * 1024 * 1024, keep: 2, maxBufferBytes: 1 << 20, onError: (err) => expect.fail(err.message) });
    await writeBursts(writer, 1000, 37);
    await writer.close();
    expect(numbersIn(path)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(writer.dropped).toBe(0);
  });

  it('rotates by size, keeps `keep` old files, and loses no line of the files it keeps', async () => {
    const path = join(dir, 'node.log');
    const maxBytes = 4000;
    const writer = LineWriter.toFile({ path, maxBytes, keep: 2, maxBufferBytes: 1 << 20, onError: (err) => expect.fail(err.message) });
    await writeBursts(writer, 600, 10);
    await writer.close();
    expect(readdirSync(dir).sort()).toEqual(['node.log', 'node.log.1', 'node.log.2']);
    // Full files: as many whole lines as fit in maxBytes.
    const perFile = Math.floor(maxBytes / numbered(1).length) * numbered(1).length;
    for (const name of ['node.log.1', 'node.log.2']) expect(statSync(join(dir, name)).size).toBe(perFile);
    const kept = [...numbersIn(`${path}.2`), ...numbersIn(`${path}.1`), ...numbersIn(path)];
    expect(kept[kept.length - 1]).toBe(600);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 600 - kept.length + 1 + i));
  });

  it('continues an existing file and counts its size towards the next rotation', async () => {
    const path = join(dir, 'node.log');
    const first = LineWriter.toFile({ path, maxBytes: 1 << 20, keep: 1, maxBufferBytes: 1 << 20, onError: () => {} });
    await writeBursts(first, 30, 30);
    await first.close();
    const second = LineWriter.toFile({ path, maxBytes: statSync(path).size + 10 * numbered(1).length, keep: 1, maxBufferBytes: 1 << 20, onError: () => {} });
    await writeBursts(second, 15, 5);
    await second.close();
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(numbersIn(`${path}.1`)).toEqual([...upTo(30), ...upTo(10)]);
    expect(numbersIn(path)).toEqual([11, 12, 13, 14, 15]);
  });
});

describe('LineWriter limits and failures', () => {
  it('drops (and counts) what exceeds its queue instead of growing, and writes the rest', async () => {
    const path = join(dir, 'node.log');
    const writer = LineWriter.toFile({ path, maxBytes: 1 << 30, keep: 1, maxBufferBytes: 50 * numbered(1).length, onError: () => {} });
    // One turn of the event loop: nothing can be written meanwhile.
    for (let i = 1; i <= 200; i++) writer.write(numbered(i));
    await writer.close();
    expect(writer.dropped).toBe(150);
    expect(numbersIn(path)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('reports a failing output once and counts its lines as dropped', async () => {
    const path = join(dir, 'read-only.log');
    openSync(path, 'w');
    const errors: Error[] = [];
    // A descriptor open for reading only: every write fails with EBADF.
    const fd = openSync(path, 'r');
    const writer = LineWriter.toDescriptor(fd, { maxBufferBytes: 1 << 20, onError: (err) => errors.push(err) });
    await writeBursts(writer, 30, 10);
    await writer.close();
    closeSync(fd);
    expect(errors).toHaveLength(1);
    expect((errors[0] as NodeJS.ErrnoException).code).toBe('EBADF');
    expect(writer.dropped).toBe(30);
  });

  it('counts lines written after close as dropped', async () => {
    const writer = LineWriter.toFile({ path: join(dir, 'node.log'), maxBytes: 1 << 20, keep: 1, maxBufferBytes: 1 << 20, onError: () => {} });
    await writer.close();
    writer.write(numbered(1));
    expect(writer.dropped).toBe(1);
  });
});
