import { defineConfig } from 'vitest/config';

// Packaging (tools/package.ts, crx3.ts, zip.ts, licenses.ts): its own `npm test`
// step, because two of its tests run complete webpack builds.
export default defineConfig({
  test: {
    include: ['test/unit/package/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Hang nets only: in `npm test` this step runs in the background (nice 10) beside the
    // browsers, and its two builds took up to 200 s there.
    testTimeout: 620_000,
    hookTimeout: 620_000,
  },
});
