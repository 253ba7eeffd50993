// `npm run test:e2e:repeat [-- --runs N]`: the end-to-end step N times in a row
// (default 10), built once, to show it is steady. Prints one line per run and
// a summary; exits non-zero if any run had a failure.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.ts';
import { run } from './proc.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'test-output');
const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 10;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1');
mkdirSync(out, { recursive: true });
await build({ e2e: true, quiet: true });

const results: { passed: number; failed: number; skipped: number; seconds: number; failures: string[] }[] = [];
for (let n = 1; n <= runs; n++) {
  const file = path.join(out, `e2e-repeat-${n}.json`);
  rmSync(file, { force: true });
  const started = Date.now();
  await run(path.join(root, 'node_modules/.bin/vitest'), ['run', '--config', 'vitest.e2e.config.ts', '--reporter=json', `--outputFile.json=${file}`], {
    quiet: true,
    allowFail: true,
    timeoutMs: 1_800_000,
    cwd: root,
    env: { ...process.env, JOCGUARD_SKIP_BUILD: '1' },
  });
  const seconds = (Date.now() - started) / 1000;
  type Report = { numPassedTests: number; numFailedTests: number; numPendingTests: number; testResults: { assertionResults: { status: string; fullName: string }[] }[] };
  const r = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Report) : null;
  const failures = r ? r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName)) : ['the runner itself failed'];
  const res = { passed: r?.numPassedTests ?? 0, failed: r ? r.numFailedTests : 1, skipped: r?.numPendingTests ?? 0, seconds, failures };
  results.push(res);
  console.log(`run ${n}/${runs}: ${res.passed} passed, ${res.failed} failed, ${res.skipped} skipped in ${seconds.toFixed(0)} s${failures.length > 0 ? `  — ${failures.join('; ')}` : ''}`);
}
const clean = results.filter((r) => r.failed === 0).length;
const secs = results.map((r) => r.seconds);
console.log(`\n${runs} runs of the end-to-end step: ${clean} without a failure; ${Math.min(...secs).toFixed(0)}–${Math.max(...secs).toFixed(0)} s each`);
process.exit(clean === runs ? 0 : 1);
