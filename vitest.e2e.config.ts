import { defineConfig } from 'vitest/config';
import LongestFirst from './test/e2e/support/sequencer.ts';

// Real browsers against the simulator. One project per browser; files run side by side on up to
// JOCGUARD_E2E_WORKERS workers (default 4 on 2 cores: most of a scenario's time is spent waiting
// for a browser, a timer or the network; three files kept about 0.75 of the two cores busy, and
// the step took 340 s with four against 384 s with three on a quiet machine).
const workers = Number(process.env.JOCGUARD_E2E_WORKERS ?? 4);
const browser = (name: 'chromium' | 'firefox') => ({
  extends: true as const,
  // Side by side, every wait may take longer (support/browsers.ts TIME_SCALE).
  test: { name, env: { JOCGUARD_BROWSER: name, JOCGUARD_E2E_TIME_SCALE: String(workers > 1 ? 2 : 1) } },
});

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/support/global-setup.ts'],
    projects: [browser('chromium'), browser('firefox')],
    fileParallelism: workers > 1,
    maxWorkers: workers,
    pool: 'forks',
    // A worker keeps its modules (playwright-core, puppeteer-core, the simulator) from one file to
    // the next instead of importing them again: no file changes process.env or a global, and the
    // support modules keep nothing per file but a counter and the test PKI. About 14-21 s of CPU
    // less per run (one run each, /usr/bin/time and a /proc sampler).
    isolate: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
    retry: 0,
    // Both browsers' files in one queue, longest first (support/sequencer.ts).
    sequence: { sequencer: LongestFirst },
  },
});
