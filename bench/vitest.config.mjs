// The root vitest.config.ts only collects embedded-server/ and test/; the bench's own unit tests
// (scanner, SCRAM client, stats, argument parsing, report) run with: npx vitest run -c bench/vitest.config.mjs
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: { environment: 'node', include: ['bench/**/*.test.ts'], testTimeout: 30_000, pool: 'forks' },
});
