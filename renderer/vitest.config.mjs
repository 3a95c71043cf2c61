// The root vitest.config.ts collects only embedded-server/ and test/; the renderer's unit tests
// (pure logic: log buffer, filters, decimation, formatting) run with:
//   npx vitest run -c renderer/vitest.config.mjs
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: { environment: 'node', include: ['renderer/**/*.test.ts'], pool: 'forks' },
});
