// `npm run bench`: speed and memory figures of JOC Guard in real Chromium and
// Firefox ESR against the simulator. Prints tables; asserts nothing (goals are
// compared in the output, never in tests).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planSweep, type Snapshot } from '../src/shared/session/sweep.ts';
import { ensureSystemDeps } from './ensure-deps.ts';
import { build } from './build.ts';
import { launch, type BrowserName, type TestBrowser, type TestPage } from '../test/e2e/support/browsers.ts';
import { configure, guiLogin, helper, openPopup, settingsFor, sleep, waitForToken } from '../test/e2e/support/jocguard.ts';
import { startSim, testPki } from '../test/e2e/support/sim.ts';
import type { Simulator } from '../test/sim/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 12);
const rows: string[][] = [];

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? NaN;
  return { median: at(0.5), p95: at(0.95) };
}
const f = (x: number, unit: string): string => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ${unit}`;
function row(what: string, browser: string, xs: number[], unit: string, goal = ''): void {
  const { median, p95 } = stats(xs);
  rows.push([what, browser, f(median, unit), f(p95, unit), goal]);
}

/** Pure sweep over 1,000 storage keys (the synchronous part of document_start). */
function sweepMicro(): void {
  const snap: Snapshot = { localStorage: {}, sessionStorage: {} };
  for (let i = 0; i < 1000; i++) snap.localStorage[`$SOS$key${i}`] = 'x'.repeat(40);
  snap.sessionStorage.$SOS$accessTokenId = 'abcdefgh-ijkl-mnop-qrstuvwxyz012345';
  const xs: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    planSweep(snap, false, false, 'forbid');
    xs.push((performance.now() - t) * 1000);
  }
  row('sweep decision, 1,000 keys (pure, Node)', '-', xs, 'µs', '≤ 1 ms');
}

/** Time from navigation start to the first page script, with and without the extension, 1,000 keys. */
async function docStart(b: TestBrowser, sim: Simulator, label: string): Promise<number[]> {
  const page = await b.newPage(`${sim.origin}/__sim/blank`);
  await page.evaluate(() => {
    for (let i = 0; i < 1000; i++) localStorage.setItem(`$SOS$bench${i}`, 'x'.repeat(40));
  });
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    await page.goto(`${sim.url}?bench=${i}#/login`);
    const t = await page.evaluate(() => (window as unknown as { __simFirstReadAt?: number }).__simFirstReadAt ?? performance.now());
    xs.push(t);
  }
  await page.evaluate(() => {
    for (let i = 0; i < 1000; i++) localStorage.removeItem(`$SOS$bench${i}`);
  });
  await page.close();
  void label;
  return xs;
}

async function loggedIn(b: TestBrowser, sim: Simulator): Promise<{ page: TestPage; token: string }> {
  const page = await b.newPage(`${sim.url}#/login`);
  await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
  const token = await waitForToken(page);
  await sleep(300);
  return { page, token };
}

/** Server answers 440 to a call JOC Guard sees (not the GUI) → both storages clear, as seen by the page. */
async function expiryLatency(b: TestBrowser, sim: Simulator): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const { page, token } = await loggedIn(b, sim);
    sim.expireToken(token);
    const ms = await page.evaluate(async (token: string) => {
      const res = await fetch('./api/controller/ids', { method: 'POST', headers: { 'X-Access-Token': token, 'Content-Type': 'application/json' }, body: '{}' });
      const t0 = performance.now();
      void res.status;
      for (;;) {
        if (!sessionStorage.getItem('$SOS$accessTokenId') && !localStorage.getItem('$SOS$accessTokenId')) return performance.now() - t0;
        if (performance.now() - t0 > 5000) return NaN;
        await new Promise((r) => setTimeout(r, 1));
      }
    }, token);
    xs.push(ms);
    await page.close();
  }
  return xs;
}

async function closeLatency(b: TestBrowser, sim: Simulator): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const { page, token } = await loggedIn(b, sim);
    const t0 = performance.now();
    await helper(page, 'close-me');
    while (sim.isTokenValid(token) && performance.now() - t0 < 5000) await sleep(2);
    xs.push(performance.now() - t0);
  }
  return xs;
}

/**
 * Popup opened (as a tab, headless browsers have no toolbar) → state in the
 * DOM, split into the browser's share (navigation, HTML, CSS, script fetch up
 * to the bundle's first line) and JOC Guard's (bundle start → state rendered).
 */
async function popupRender(b: TestBrowser, control: TestPage): Promise<{ total: number[]; browser: number[]; ours: number[] }> {
  const out = { total: [] as number[], browser: [] as number[], ours: [] as number[] };
  for (let i = 0; i < N; i++) {
    const popup = await openPopup(b, control);
    // No named functions inside evaluate: tsx would wrap them in a helper the page lacks.
    const m = await popup.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const [request, ready] = ['jocguard-request', 'jocguard-ready'].map((n) => (performance.getEntriesByName(n)[0]?.startTime ?? NaN) - (nav?.startTime ?? 0));
      return { request: request ?? NaN, ready: ready ?? NaN };
    });
    out.total.push(m.ready);
    out.browser.push(m.request);
    out.ours.push(m.ready - m.request);
    await popup.close();
  }
  return out;
}

async function perBrowser(name: BrowserName): Promise<void> {
  const pki = await testPki();
  const sim = await startSim({ variant: 'js7', clientAuth: 'need' });
  // Baseline: the same browser and page without JOC Guard watching this origin.
  const bare = await launch(name, { pki, client: 'rsa', withHelper: true });
  const base = await docStart(bare, sim, 'baseline');
  await bare.close();
  const b = await launch(name, { pki, client: 'rsa', withHelper: true });
  const control = await configure(b, sim.origin, settingsFor(sim.origin));
  const guarded = await docStart(b, sim, 'guarded');
  row('first page script reached (1,000 keys), without JOC Guard', name, base, 'ms');
  row('first page script reached (1,000 keys), with JOC Guard', name, guarded, 'ms', `ratio ${(stats(guarded).median / stats(base).median).toFixed(2)}`);
  row('expiry (440) → both storages clear', name, await expiryLatency(b, sim), 'ms', '≤ 50 ms');
  row('last tab closed → token invalid on server', name, await closeLatency(b, sim), 'ms', '≤ 500 ms');
  const popup = await popupRender(b, control);
  row('popup open → state rendered', name, popup.total, 'ms', '≤ 100 ms');
  row('  of which browser: navigation → bundle runs', name, popup.browser, 'ms');
  row('  of which JOC Guard: bundle → state rendered', name, popup.ours, 'ms');
  await b.close();
  await sim.close();
}

/** Proportional and private memory of a process (KiB), from /proc. */
function procMemory(pid: number): { pss: number; private: number } {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { pss: kib('Pss'), private: kib('Private_Clean') + kib('Private_Dirty') };
}

/**
 * Memory of the background at rest, after a login and 5 s idle. Chromium runs
 * each extension in its own renderer process (`--extension-process`), so its
 * memory is the extension's. Firefox shares one extension process between
 * all add-ons and gives automation no way to name it (about:memory is closed
 * to WebDriver BiDi): not measured there.
 */
async function idleMemory(name: BrowserName): Promise<void> {
  if (name !== 'chromium') {
    rows.push(['background memory at rest', name, 'n/a', '', 'no per-extension figure available']);
    return;
  }
  const xs: number[] = [];
  const ps: number[] = [];
  const pki = await testPki();
  const sim = await startSim({ variant: 'js7', clientAuth: 'need' });
  for (let i = 0; i < Math.min(N, 3); i++) {
    const b = await launch(name, { pki, client: 'rsa' });
    await configure(b, sim.origin, settingsFor(sim.origin));
    await loggedIn(b, sim);
    await sleep(5000);
    const lines = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n');
    const ext = lines.filter((l) => l.includes('--extension-process') && l.includes(b.profileDir));
    if (ext.length === 1) {
      const m = procMemory(Number.parseInt(ext[0]?.trim() ?? '', 10));
      xs.push(m.private / 1024);
      ps.push(m.pss / 1024);
    }
    await b.close();
  }
  await sim.close();
  row('background at rest: private memory of its process', name, xs, 'MiB');
  row('background at rest: proportional set size (PSS)', name, ps, 'MiB');
}

function bundles(): void {
  for (const target of ['firefox', 'chromium']) {
    const dir = path.join(root, 'dist', target);
    const sizes = readdirSync(dir).filter((x) => x.endsWith('.js')).map((x) => `${x} ${(statSync(path.join(dir, x)).size / 1024).toFixed(0)} KiB`);
    rows.push([`bundle sizes (${target})`, target, sizes.join(', '), '', '']);
  }
}

await ensureSystemDeps();
await build({ e2e: false, quiet: true });
await build({ e2e: true, quiet: true });
sweepMicro();
for (const b of ['chromium', 'firefox'] as const) {
  await perBrowser(b);
  await idleMemory(b);
}
bundles();
const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length), 8));
const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 8)).join(' | ');
console.log(line(['measure', 'browser', 'median', 'p95', 'goal / note']));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
console.log(`(${N} runs each; BENCH_N changes it)`);
