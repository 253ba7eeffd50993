// `npm test`: the system packages first (installed when missing), then lint, typecheck, unit
// tests, dependency audit, the E2E build and the E2E preparation side by side, then the
// end-to-end tests in real Firefox ESR and Chromium; the packaging tests (web-ext lint included)
// run in the background from the start to the end. Ends with one line "N passed, N failed,
// N skipped" summed over every runner (lint and typecheck count as one check each; packages that
// cannot be installed, as one failure).
// `npm test -- unit e2e` runs the named steps only.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_UNAVAILABLE } from './audit.ts';
import { ensureSystemDeps } from './ensure-deps.ts';
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
async function runStep(cmd: string, args: string[], timeoutMs: number, o: { buffered?: boolean; env?: NodeJS.ProcessEnv; background?: boolean } = {}): Promise<Ran> {
  const started = Date.now();
  let failure = ''; // the runner could not run it or stopped it (timeout)
  // A background step runs at the lowest priority but one (nice 10, inherited by its children):
  // it takes the CPU the other steps leave and never makes a browser or a timer wait.
  const [c, a] = o.background ? ['nice', ['-n', '10', cmd, ...args]] : [cmd, args];
  const r = await run(c, a, { allowFail: true, timeoutMs, cwd: root, quiet: o.buffered === true, ...(o.env ? { env: o.env } : {}) }).catch((err: unknown) => {
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

/** A step run alone, its output as it comes. */
async function step(name: string, cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<boolean> {
  console.log(`\n=== ${name}`);
  const r = await runStep(cmd, args, timeoutMs, env ? { env } : {});
  if (r.output) process.stderr.write(r.output);
  return report(name, r) === 0;
}

/** A step that ran beside others: its name, its output, then its verdict; returns its exit code. */
function buffered(name: string, r: Ran, skipCode?: number): number {
  console.log(`\n=== ${name}`);
  if (r.output) process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
  return report(name, r, skipCode);
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

// The Debian packages the unit and end-to-end tests use (browsers, NSS tools, openssl, dbus)
// come first: installed when missing (as root), before any step that needs them starts.
if (want('unit') || want('e2e')) {
  const missing = await ensureSystemDeps().then(
    () => null,
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );
  if (missing !== null) {
    console.log(`\n=== system packages: FAILED\n${missing}`);
    total.failed += 1;
  }
}

// Every step starts at once; the end-to-end step starts when lint, tsc, the unit tests, the E2E
// build and the E2E preparation are done (measured: 48 s, where the whole side-by-side phase took
// 80 s with the packaging tests in it). Those steps are CPU-bound together. The packaging tests
// (two release builds, about 47 s of CPU) have nothing timed in them: they run in the background
// (nice 10, inherited by webpack and web-ext) and take the CPU the end-to-end step leaves, about
// 10 % of the two cores in bursts where every scenario waits on a timer (vmstat). So the unit
// tests never share the cores with browsers, and the browsers barely with webpack. Steps that run
// beside others print their output once each is done; the end-to-end step prints as it goes.
const vitestJson = (name: string): string => path.join(out, `${name}.json`);
const vitestArgs = (config: string, name: string): string[] => ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson(name)}`];
const early = {
  e2eBuild: want('e2e') && process.env.JOCGUARD_SKIP_BUILD !== '1' ? runStep(bin('tsx'), ['tools/build.ts', '--e2e'], 600_000, { buffered: true }) : null,
  // Test PKI and Firefox profile template (tools/e2e-prepare.ts); kept once made.
  e2ePrepare: want('e2e') ? runStep(bin('tsx'), ['tools/e2e-prepare.ts'], 600_000, { buffered: true }) : null,
  unit: want('unit') ? runStep(bin('vitest'), vitestArgs('vitest.config.ts', 'unit'), 600_000, { buffered: true }) : null,
  // Exit 77: the registry offers no audit API here; counted as skipped, never as passed.
  audit: want('audit') ? runStep('npx', ['tsx', 'tools/audit.ts'], 180_000, { buffered: true }) : null,
  lint: want('lint') ? runStep(bin('eslint'), ['.', '--max-warnings=0'], 300_000, { buffered: true }) : null,
  typecheck: want('typecheck') ? runStep(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], 300_000, { buffered: true }) : null,
  // In the background; its timeouts only stop a step that hangs. web-ext lint runs inside the
  // packaging tests, on the .xpi as packaged (`npm run lint:ext` runs it alone).
  package: want('package') ? runStep(bin('vitest'), vitestArgs('vitest.package.config.ts', 'package-tests'), 900_000, { buffered: true, background: true }) : null,
};

/** The end-to-end step, started once lint, tsc, the unit tests, its build and its preparation are done. */
async function endToEnd(): Promise<void> {
  // Its verdict is printed below, with the others'. Lint and typecheck too: they end with it.
  await Promise.all([early.unit, early.lint, early.typecheck]);
  const built = early.e2eBuild ? buffered('end-to-end build (dist-e2e)', await early.e2eBuild) === 0 : true;
  const prepared = early.e2ePrepare ? buffered('end-to-end preparation (test PKI, Firefox profile template)', await early.e2ePrepare) === 0 : true;
  if (!built || !prepared) {
    total.failed += 1; // nothing to test: the build or the preparation failed
    return;
  }
  const file = vitestJson('e2e');
  const ok = await step('end-to-end tests (Firefox ESR + Chromium)', bin('vitest'), ['run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], 1_500_000, {
    ...process.env,
    JOCGUARD_SKIP_BUILD: '1',
  });
  tallyVitest(file, ok);
}
const e2e = want('e2e') ? endToEnd() : null;

// In the order they usually end.
if (early.unit) tallyVitest(vitestJson('unit'), buffered('unit tests (vitest)', await early.unit) === 0);
if (early.audit) {
  const code = buffered('dependency audit (npm audit --omit=dev, high)', await early.audit, EXIT_UNAVAILABLE);
  if (code === EXIT_UNAVAILABLE) total.skipped += 1;
  else check(code === 0);
}
if (early.typecheck) check(buffered('typecheck (tsc)', await early.typecheck) === 0);
if (early.lint) check(buffered('lint (eslint)', await early.lint) === 0);
if (early.package) tallyVitest(vitestJson('package-tests'), buffered('packaging tests (two builds, reproducibility, package contents)', await early.package) === 0);
if (e2e) await e2e;

console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
