#!/usr/bin/env node
// `npm run bench` entry. The bench is TypeScript compiled to dist/bench/ by `npm run build`; this file
// only checks that the build is there and hands over. See docs/benchmarks.md.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bench/bench-main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('bench: the compiled bench is missing (dist/bench/bench-main.js). Run `npm run build` first.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
