import { defineConfig } from 'vitest/config';

// Packaging (tools/package.ts, crx3.ts, zip.ts, licenses.ts): its own `npm test`
// step, because two of its tests run complete webpack builds.
export default defineConfig({
  test: {
    include: ['test/unit/package/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
