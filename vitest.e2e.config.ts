import { defineConfig } from 'vitest/config';

// Real browsers against the simulator: one file at a time (2 cores), generous timeouts.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/support/global-setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    retry: 0,
  },
});
