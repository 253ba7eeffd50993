import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    // Packaging tests build the extension; they run in their own step (vitest.package.config.ts).
    exclude: [...configDefaults.exclude, 'test/unit/package/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
  },
});
