// The node's V8 tuning (embedded-server/node/heap-tuning.ts) against V8 itself: a process that
// keeps a backlog of young objects alive gets their allocation sites pretenured, unless the tuning
// ran first; an operator's own choice of the flag stands. Runs the compiled module (npm test builds it).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_PRETENURING, operatorChosePretenuring } from '../../embedded-server/node/heap-tuning.js';

const MODULE = join(import.meta.dirname, '../../dist/embedded-server/node/heap-tuning.js');

// A ring of 300,000 small object trees, refilled 4,000,000 times: each object outlives a few
// scavenges, as a backlog of messages in flight does during an overload. A count, not a duration:
// collections follow allocation, so a busy machine sees the same ones.
const WORKLOAD = `
const tune = process.argv[1] === 'tune';
const { tuneHeapForMessaging } = await import(${JSON.stringify(pathToFileURL(MODULE).href)});
const set = tune ? tuneHeapForMessaging() : [];
function make(i) { return { id: i, body: { text: 'x', attrs: [i, i + 1] } }; }
const ring = new Array(300000);
let n = 0;
while (n < 4000000) for (let i = 0; i < 5000; i++) ring[n++ % ring.length] = make(i);
console.log('set ' + JSON.stringify(set));
`;

async function run(nodeFlags: string[], mode: 'tune' | 'leave'): Promise<{ set: string[]; tenured: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeFlags, '--trace-pretenuring-statistics', '--input-type=module', '-e', WORKLOAD, mode], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const setLine = stdout.split('\n').find((line) => line.startsWith('set '));
  expect(setLine, stdout.slice(-2000)).toBeDefined();
  // "=> tenure" is decided at a full collection, which a short run may not reach; "=> maybe tenure"
  // is the same survival seen at a scavenge. Either means the site is on its way to the old generation.
  return { set: JSON.parse(setLine!.slice(4)) as string[], tenured: stdout.split('\n').filter((line) => /=> (maybe )?tenure/.test(line)).length };
}

describe('heap tuning', () => {
  beforeAll(() => {
    expect(existsSync(MODULE), 'run `npm run build` first').toBe(true);
  });

  it('keeps V8 from pretenuring the allocation sites of a surviving backlog', async () => {
    const untuned = await run([], 'leave');
    // The workload does make V8 pretenure, so the tuned run below can fail.
    expect(untuned.tenured).toBeGreaterThan(0);
    const tuned = await run([], 'tune');
    expect(tuned.set).toEqual([NO_PRETENURING]);
    expect(tuned.tenured).toBe(0);
  });

  it("leaves the operator's own choice of the flag", async () => {
    const chosen = await run(['--allocation-site-pretenuring'], 'tune');
    expect(chosen.set).toEqual([]);
    expect(chosen.tenured).toBeGreaterThan(0);
  });

  it('recognises the flag in any spelling V8 accepts', () => {
    expect(operatorChosePretenuring(['--allocation-site-pretenuring'])).toBe(true);
    expect(operatorChosePretenuring(['--no-allocation-site-pretenuring'])).toBe(true);
    expect(operatorChosePretenuring(['--max-old-space-size=4096', '--allocation_site_pretenuring'])).toBe(true);
    expect(operatorChosePretenuring(['--noallocation-site-pretenuring'])).toBe(true);
    expect(operatorChosePretenuring(['--cpu-prof', '--max-semi-space-size=32', '--trace-gc'])).toBe(false);
    expect(operatorChosePretenuring([])).toBe(false);
  });
});
