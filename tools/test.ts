// `npm test`: lint, typecheck, unit tests, dependency audit, packaging tests (web-ext lint
// included), then the end-to-end tests in real Firefox ESR and Chromium. Ends with
// one line "N passed, N failed, N skipped" summed over every runner (lint and typecheck count
// as one check each). `npm test -- unit e2e` runs the named steps only.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_UNAVAILABLE } from './audit.ts';
import { run } from './proc.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'test-output');
mkdirSync(out, { recursive: true });
const bin = (name: string): string => path.join(root, 'node_modules/.bin', name);

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };

interface Ran {
  code: number;
  seconds: number;
  /** What the step printed, when it ran beside another step (printed once it is done). */
  output: string;
}

/** Runs one step; `buffered` keeps its output until it is done, for steps that run side by side. */
async function runStep(cmd: string, args: string[], timeoutMs: number, o: { buffered?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  const started = Date.now();
  let failure = ''; // the runner could not run it or stopped it (timeout)
  const r = await run(cmd, args, { allowFail: true, timeoutMs, cwd: root, quiet: o.buffered === true, ...(o.env ? { env: o.env } : {}) }).catch((err: unknown) => {
    failure = `${err instanceof Error ? err.message : String(err)}\n`;
    return { code: 1, stdout: '', stderr: '' };
  });
  const output = (o.buffered ? r.stdout + r.stderr : '') + failure;
  return { code: r.code, seconds: (Date.now() - started) / 1000, output };
}

function report(name: string, r: Ran, skipCode?: number): number {
  const verdict = r.code === 0 ? 'ok' : r.code === skipCode ? 'SKIPPED' : 'FAILED';
  console.log(`=== ${name}: ${verdict} (${r.seconds.toFixed(1)} s)`);
  return r.code;
}

/** One step after another, its output as it comes. */
async function stepCode(name: string, cmd: string, args: string[], timeoutMs: number, skipCode?: number, env?: NodeJS.ProcessEnv): Promise<number> {
  console.log(`\n=== ${name}`);
  const r = await runStep(cmd, args, timeoutMs, env ? { env } : {});
  if (r.output) process.stderr.write(r.output);
  return report(name, r, skipCode);
}

async function step(name: string, cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<boolean> {
  return (await stepCode(name, cmd, args, timeoutMs, undefined, env)) === 0;
}

/** A step that ran beside others: its name, its output, then its verdict. */
function buffered(name: string, r: Ran): boolean {
  console.log(`\n=== ${name}`);
  if (r.output) process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
  return report(name, r) === 0;
}

/** Counts from vitest's JSON report (the console summary is not a CI-readable line). */
function tallyVitest(file: string, ranOk: boolean): void {
  if (!existsSync(file)) {
    total.failed += 1; // the runner itself failed before reporting
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests + (report.numFailedTests === 0 && !ranOk ? Math.max(1, report.numFailedTestSuites) : 0);
  total.skipped += report.numPendingTests + report.numTodoTests;
}

function check(ok: boolean): void {
  if (ok) total.passed += 1;
  else total.failed += 1;
}

const only = process.argv.slice(2);
const want = (s: string): boolean => only.length === 0 || only.includes(s);

// The E2E build (webpack, one core) starts first and runs beside eslint and tsc
// (one core, one after the other); its output is printed when the end-to-end step
// begins. Everything else runs one step at a time: the end-to-end step beside the
// unit and packaging tests was measured to starve them (see README, "Tests").
const e2eBuild: Promise<Ran> | null =
  want('e2e') && process.env.JOCGUARD_SKIP_BUILD !== '1' ? runStep(bin('tsx'), ['tools/build.ts', '--e2e'], 600_000, { buffered: true }) : null;
// Without the build beside them, eslint and tsc run side by side.
const lint = want('lint') ? () => runStep(bin('eslint'), ['.', '--max-warnings=0'], 300_000, { buffered: true }) : null;
const typecheck = want('typecheck') ? () => runStep(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], 300_000, { buffered: true }) : null;
if (e2eBuild) {
  if (lint) check(buffered('lint (eslint)', await lint()));
  if (typecheck) check(buffered('typecheck (tsc)', await typecheck()));
} else {
  const [l, t] = [lint?.(), typecheck?.()];
  if (l) check(buffered('lint (eslint)', await l));
  if (t) check(buffered('typecheck (tsc)', await t));
}
if (want('unit')) {
  const file = path.join(out, 'unit.json');
  const ok = await step('unit tests (vitest)', bin('vitest'), ['run', '--config', 'vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], 600_000);
  tallyVitest(file, ok);
}
if (want('audit')) {
  // Exit 77: the registry offers no audit API here; counted as skipped, never as passed.
  const code = await stepCode('dependency audit (npm audit --omit=dev, high)', 'npx', ['tsx', 'tools/audit.ts'], 180_000, EXIT_UNAVAILABLE);
  if (code === EXIT_UNAVAILABLE) total.skipped += 1;
  else check(code === 0);
}
// web-ext lint runs inside the packaging tests, on the .xpi as packaged (`npm run lint:ext` runs it alone).
if (want('package')) {
  const file = path.join(out, 'package-tests.json');
  const ok = await step('packaging tests (two builds, reproducibility, package contents)', bin('vitest'), ['run', '--config', 'vitest.package.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], 600_000);
  tallyVitest(file, ok);
}
if (want('e2e')) {
  const built = e2eBuild ? buffered('end-to-end build (dist-e2e, beside eslint and tsc)', await e2eBuild) : true;
  const file = path.join(out, 'e2e.json');
  if (!built) {
    total.failed += 1; // nothing to test: the build failed
  } else {
    const ok = await step('end-to-end tests (Firefox ESR + Chromium)', bin('vitest'), ['run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], 1_500_000, {
      ...process.env,
      JOCGUARD_SKIP_BUILD: '1',
    });
    tallyVitest(file, ok);
  }
}

console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
