import { defineConfig } from 'vitest/config';
import LongestFirst from './test/e2e/support/sequencer.ts';

// Real browsers against the simulator. One project per browser; files run side by side on up to
// JOCGUARD_E2E_WORKERS workers (default 3 on 2 cores). Most of a scenario's time is spent waiting
// for a browser, a timer or the network, so one file alone keeps less than half of the two cores
// busy. How many files fill them depends on the machine (measured, the step alone):
// - a 2-core VM with cheap context switches: 340 s with four files, 384 s with three;
// - a 2-core VM whose kernel makes each context switch costly (PVM: pvm_irq_enable was 22 % of
//   the Firefox main process's `perf` samples; a third of all CPU time is system time): 683 s with
//   three (97 % busy, /proc/stat), 697 s with two, 776-806 s with four, where the cores thrash
//   (807 s of CPU against 722 s with three) and bounds ran out in four scenarios.
// Three is within 13 % of the best on the first and the best on the second.
const workers = Number(process.env.JOCGUARD_E2E_WORKERS ?? 3);
// Side by side, every wait may take longer (support/browsers.ts TIME_SCALE). The bounds are upper
// bounds: a passing wait is not made longer by the scale, only a failing one; by 2 they ran out on
// the second machine (JOCGUARD_E2E_TIME_SCALE overrides it).
const timeScale = Number(process.env.JOCGUARD_E2E_TIME_SCALE ?? (workers > 1 ? 3 : 1));
const browser = (name: 'chromium' | 'firefox') => ({
  extends: true as const,
  test: { name, env: { JOCGUARD_BROWSER: name, JOCGUARD_E2E_TIME_SCALE: String(timeScale) } },
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
    testTimeout: 90_000 * timeScale,
    hookTimeout: 90_000 * timeScale,
    retry: 0,
    // Both browsers' files in one queue, longest first (support/sequencer.ts).
    sequence: { sequencer: LongestFirst },
  },
});
