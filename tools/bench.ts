// `npm run bench`: speed, size and memory of JOC Guard in real Chromium and
// Firefox ESR against the simulator. Prints one table: each measure, its goal
// (issue #17) and whether it meets it. Asserts nothing: goals live here, never
// in tests (size budgets, which are deterministic, are also packaging tests).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planSweep, type Snapshot } from '../src/shared/session/sweep.ts';
import { ensureSystemDeps } from './ensure-deps.ts';
import { privateMemory } from './proc-memory.ts';
import { build } from './build.ts';
import { launch, type BrowserName, type TestBrowser, type TestPage } from '../test/e2e/support/browsers.ts';
import { guiLogin, helper, waitForToken } from '../test/e2e/support/gui.ts';
import { configure, hook, openPopup, settingsFor, sleep } from '../test/e2e/support/jocguard.ts';
import { startSim, testPki } from '../test/e2e/support/sim.ts';
import type { Pki } from '../test/sim/pki.ts';
import type { Simulator } from '../test/sim/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 12);
/** Pairs for the interleaved document_start measure (issue #17 asks for at least 30). */
const PAIRS = Math.max(30, N);
/** BENCH_ONLY=docstart,expiry,close,popup,memory,sizes runs only those parts (all by default). */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const part = (name: string): boolean => ONLY.size === 0 || ONLY.has(name);
const BROWSER_ONLY = process.env.BENCH_BROWSER;

interface Row {
  what: string;
  browser: string;
  value: string;
  spread: string;
  goal: string;
  meets: '' | 'yes' | 'no';
}
const rows: Row[] = [];

function quantile(xs: number[], q: number): number {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))] ?? NaN;
}
const fmt = (x: number, unit: string): string => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ${unit}` : 'n/a');
const judge = (x: number, max: number | null): Row['meets'] => (max === null ? '' : Number.isFinite(x) && x <= max ? 'yes' : 'no');

/** A timing row: median, p95 as its spread, and the goal (an upper bound) if there is one. */
function timing(what: string, browser: string, xs: number[], unit: string, max: number | null = null): void {
  const median = quantile(xs, 0.5);
  rows.push({ what, browser, value: fmt(median, unit), spread: `p95 ${fmt(quantile(xs, 0.95), unit)}`, goal: max === null ? '' : `≤ ${max} ${unit}`, meets: judge(median, max) });
}

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
  timing('sweep decision, 1,000 keys (pure, Node)', '-', xs, 'µs', 1000);
}

/**
 * The first page script's time since navigation start, on `origin`, 1,000
 * `$SOS$` keys in localStorage; and since the response's first byte (what is
 * left once the network and the server are taken out: parsing and injected scripts).
 */
async function firstScript(page: TestPage, sim: Simulator, origin: string, i: number): Promise<{ total: number; afterResponse: number }> {
  await page.goto(`${origin}/joc/?bench=${i}#/login`);
  return page.evaluate(() => {
    const at = (window as unknown as { __simFirstReadAt?: number }).__simFirstReadAt ?? NaN;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { total: at, afterResponse: at - (nav?.responseStart ?? NaN) };
  });
}

/**
 * document_start cost, interleaved: the same browser loads the GUI from a
 * guarded origin (https://localhost) and from an unguarded one (the same
 * simulator as https://127.0.0.1, which JOC Guard's host pattern does not
 * match), alternately, so that order and warm-up effects hit both alike. The
 * result is the median of the pairs' ratios, with its interquartile range.
 */
interface Interleaved {
  ratio: number;
  iqr: string;
  /** The same ratio for the time after the response's first byte. */
  ratioAfter: number;
  iqrAfter: string;
  withG: number[];
  without: number[];
}

async function docStartInterleaved(b: TestBrowser, sim: Simulator, name: string, label = 'JOC Guard'): Promise<Interleaved> {
  const bare = sim.origin.replace('localhost', '127.0.0.1');
  const page = await b.newPage(`${sim.origin}/__sim/blank`);
  for (const origin of [sim.origin, bare]) {
    await page.goto(`${origin}/__sim/blank`);
    await page.evaluate(() => {
      for (let i = 0; i < 1000; i++) localStorage.setItem(`$SOS$bench${i}`, 'x'.repeat(40));
    });
  }
  const withG: number[] = [];
  const without: number[] = [];
  const ratiosAfter: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which goes first within the pair too.
    const first = i % 2 === 0;
    const a = await firstScript(page, sim, first ? sim.origin : bare, i);
    const c = await firstScript(page, sim, first ? bare : sim.origin, i);
    const [w, wo] = first ? [a, c] : [c, a];
    withG.push(w.total);
    without.push(wo.total);
    ratiosAfter.push(w.afterResponse / wo.afterResponse);
  }
  if (label !== 'JOC Guard') {
    await page.goto(`${sim.origin}/__sim/blank`);
    if ((await page.evaluate(() => document.documentElement.getAttribute('data-bench-baseline'))) !== '1') throw new Error(`${name}: the baseline content script was not injected`);
  }
  await page.close();
  const ratios = withG.map((w, i) => w / (without[i] ?? NaN));
  const iqr = (xs: number[]): string => `IQR ${quantile(xs, 0.25).toFixed(3)}–${quantile(xs, 0.75).toFixed(3)}`;
  return { ratio: quantile(ratios, 0.5), iqr: iqr(ratios), ratioAfter: quantile(ratiosAfter, 0.5), iqrAfter: iqr(ratiosAfter), withG, without };
}

/**
 * The same measure with JOC Guard, then with an extension whose only part is
 * an empty document_start content script on the same origin (what the
 * browser itself costs for injecting one).
 */
async function docStartRows(b: TestBrowser, sim: Simulator, name: BrowserName, pki: Pki, control: TestPage): Promise<void> {
  const ours = await docStartInterleaved(b, sim, name);
  timing('first page script reached, without JOC Guard', name, ours.without, 'ms');
  timing('first page script reached, with JOC Guard', name, ours.withG, 'ms');
  rows.push({ what: `  ratio with/without (median of ${PAIRS} interleaved pairs)`, browser: name, value: ours.ratio.toFixed(3), spread: ours.iqr, goal: '≤ 1.02', meets: judge(ours.ratio, 1.02) });
  rows.push({ what: '    the same from the response\'s first byte (network and server taken out)', browser: name, value: ours.ratioAfter.toFixed(3), spread: ours.iqrAfter, goal: '', meets: '' });
  if (name === 'firefox') {
    // Firefox gives TLS details only inside a blocking webRequest listener (the server-certificate check).
    await hook(control, 'server-cert-listener', false);
    const unblocked = await docStartInterleaved(b, sim, name);
    await hook(control, 'server-cert-listener', true);
    rows.push({ what: '  the same without the server-certificate check (its blocking listener)', browser: name, value: unblocked.ratio.toFixed(3), spread: unblocked.iqr, goal: '', meets: '' });
  }
  const bb = await launch(name, { pki, client: 'rsa', extension: path.join(root, 'test/e2e/empty-cs-ext') });
  try {
    const base = await docStartInterleaved(bb, sim, name, 'baseline');
    rows.push({ what: '  the same with an empty document_start content script (the browser\'s own cost)', browser: name, value: base.ratio.toFixed(3), spread: base.iqr, goal: '', meets: '' });
    rows.push({ what: '    the same from the response\'s first byte', browser: name, value: base.ratioAfter.toFixed(3), spread: base.iqrAfter, goal: '', meets: '' });
  } finally {
    await bb.close();
  }
}

async function loggedIn(b: TestBrowser, sim: Simulator): Promise<{ page: TestPage; token: string }> {
  const page = await b.newPage(`${sim.url}#/login`);
  await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
  const token = await waitForToken(page);
  await sleep(300);
  return { page, token };
}

/** Server answers 440 to a call → both storages clear, as seen by the page. */
async function expiryLatency(b: TestBrowser, sim: Simulator): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const { page, token } = await loggedIn(b, sim);
    sim.expireToken(token);
    xs.push(
      await page.evaluate(async (token: string) => {
        const res = await fetch('./api/controller/ids', { method: 'POST', headers: { 'X-Access-Token': token, 'Content-Type': 'application/json' }, body: '{}' });
        const t0 = performance.now();
        void res.status;
        for (;;) {
          if (!sessionStorage.getItem('$SOS$accessTokenId') && !localStorage.getItem('$SOS$accessTokenId')) return performance.now() - t0;
          if (performance.now() - t0 > 5000) return NaN;
          await new Promise((r) => setTimeout(r, 1));
        }
      }, token),
    );
    await page.close();
  }
  return xs;
}

/**
 * Last tab closed → token invalid on the server, in parts: the browser's
 * `tabs.onRemoved` reaching JOC Guard, JOC Guard's work until the logout call
 * leaves, and the call's round trip (E2E build marks, wall clock of this machine).
 */
async function closeLatency(b: TestBrowser, sim: Simulator, control: TestPage): Promise<{ total: number[]; browser: number[]; ours: number[]; dropped: number[]; ended: number[]; server: number[] }> {
  const out = { total: [] as number[], browser: [] as number[], ours: [] as number[], dropped: [] as number[], ended: [] as number[], server: [] as number[] };
  for (let i = 0; i < N; i++) {
    const { page, token } = await loggedIn(b, sim);
    await hook(control, 'perf-reset');
    const t0 = Date.now();
    await helper(page, 'close-me');
    while (sim.isTokenValid(token) && Date.now() - t0 < 5000) await sleep(1);
    // When the server took the logout call (it removes the token as it handles it): the poll
    // above may notice later, when this process is busy with the browser's events (up to
    // 14 ms measured in Firefox).
    const handled = sim.requests.find((r) => r.time >= t0 && r.token === token && r.path.endsWith('/logout'))?.time;
    const total = (handled ?? Date.now()) - t0;
    const marks = await hook<Record<string, number>>(control, 'perf');
    out.total.push(total);
    out.browser.push((marks['tab-removed'] ?? NaN) - t0);
    out.ours.push((marks['logout-sent'] ?? NaN) - (marks['tab-removed'] ?? NaN));
    out.dropped.push((marks['end-recorded'] ?? NaN) - (marks['tab-removed'] ?? NaN));
    out.ended.push((marks['end-saved'] ?? NaN) - (marks['tab-removed'] ?? NaN));
    out.server.push(t0 + total - (marks['logout-sent'] ?? NaN));
  }
  return out;
}

/** Popup opened (as a tab: headless browsers have no toolbar) → state rendered, split at the bundle's first line. */
async function popupRender(b: TestBrowser, control: TestPage): Promise<{ total: number[]; browser: number[]; ours: number[]; reply: number[]; render: number[] }> {
  const out = { total: [] as number[], browser: [] as number[], ours: [] as number[], reply: [] as number[], render: [] as number[] };
  await hook(control, 'perf-reset');
  for (let i = 0; i < N; i++) {
    const popup = await openPopup(b, control);
    // No named functions inside evaluate: tsx would wrap them in a helper the page lacks.
    const m = await popup.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const [request, reply, ready] = ['jocguard-request', 'jocguard-reply', 'jocguard-ready', ].map((n) => (performance.getEntriesByName(n)[0]?.startTime ?? NaN) - (nav?.startTime ?? 0));
      return { request: request ?? NaN, reply: reply ?? NaN, ready: ready ?? NaN };
    });
    out.total.push(m.ready);
    out.browser.push(m.request);
    out.ours.push(m.ready - m.request);
    out.reply.push(m.reply - m.request);
    out.render.push(m.ready - m.reply);
    await popup.close();
  }
  return out;
}

async function perBrowser(name: BrowserName): Promise<void> {
  const pki = await testPki();
  const sim = await startSim({ variant: 'js7', clientAuth: 'need' });
  const b = await launch(name, { pki, client: 'rsa', withHelper: true });
  const control = await configure(b, sim.origin, settingsFor(sim.origin));
  if (part('docstart')) await docStartRows(b, sim, name, pki, control);
  if (part('expiry')) timing('expiry (440) → both storages clear', name, await expiryLatency(b, sim), 'ms', 15);
  if (part('close')) await closeRows(b, sim, control, name);
  if (part('popup')) {
    const popup = await popupRender(b, control);
    timing('popup open → state rendered', name, popup.total, 'ms');
    timing('  of which the browser: navigation → bundle runs', name, popup.browser, 'ms');
    timing('  of which JOC Guard: bundle → state rendered', name, popup.ours, 'ms', 16);
    timing('    in it: state request → reply (background round trip)', name, popup.reply, 'ms');
    timing('    in it: reply → state in the DOM', name, popup.render, 'ms');
    await hook(control, 'audit-fill', 5000);
    const full = await popupRender(b, control);
    timing('  the same with a full audit log (5,000 records): JOC Guard\'s share', name, full.ours, 'ms', 16);
  }
  await b.close();
  await sim.close();
}

async function closeRows(b: TestBrowser, sim: Simulator, control: TestPage, name: BrowserName): Promise<void> {
  const close = await closeLatency(b, sim, control);
  timing('last tab closed → token invalid on the server', name, close.total, 'ms', 30);
  timing('  of which the browser: tab closed → JOC Guard hears it', name, close.browser, 'ms');
  timing('  of which JOC Guard: → logout call sent', name, close.ours, 'ms');
  timing('    in it: the tab leaves and the session ends, in the registry (in effect, not yet stored)', name, close.dropped, 'ms');
  timing('  alongside the call: the registry stored (heard → saved)', name, close.ended, 'ms');
  timing('  of which the call: sent → token invalid', name, close.server, 'ms');
}

/**
 * Memory of the background at rest, after a login and 5 s idle: Chromium runs
 * each extension in its own renderer process. `extension` is JOC Guard, or an
 * empty MV3 extension for what the browser itself costs. Firefox shares one
 * extension process between all add-ons and gives automation no way to name it.
 */
async function idleMemory(extension?: string): Promise<{ all: number[]; anon: number[] }> {
  const all: number[] = [];
  const anon: number[] = [];
  const pki = await testPki();
  const sim = await startSim({ variant: 'js7', clientAuth: 'need' });
  for (let i = 0; i < Math.min(N, 3); i++) {
    const b = await launch('chromium', { pki, client: 'rsa', ...(extension ? { extension } : {}) });
    if (!extension) {
      await configure(b, sim.origin, settingsFor(sim.origin));
      await loggedIn(b, sim);
    }
    await sleep(5000);
    const lines = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n');
    const ext = lines.filter((l) => l.includes('--extension-process') && l.includes(b.profileDir));
    if (ext.length === 1) {
      const m = privateMemory(Number.parseInt(ext[0]?.trim() ?? '', 10));
      all.push(m.all);
      anon.push(m.anon);
    }
    await b.close();
  }
  await sim.close();
  return { all, anon };
}

/** A memory row: median of the runs, their range as the spread. */
function memoryRow(what: string, xs: number[], max: number | null = null): void {
  const median = quantile(xs, 0.5);
  const mib = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(1)} MiB` : 'n/a');
  rows.push({ what, browser: 'chromium', value: mib(median), spread: `${mib(Math.min(...xs))}–${mib(Math.max(...xs))}`, goal: max === null ? '' : `≤ ${max} MiB`, meets: judge(median, max) });
}

function bundleRows(): void {
  const kib = (target: string, file: string): number => statSync(path.join(root, 'dist', target, file)).size / 1024;
  const goals: Record<string, number> = { 'content.js': 20, 'background.js': 150, 'popup.js': 40 };
  for (const target of ['chromium', 'firefox']) {
    for (const file of readdirSync(path.join(root, 'dist', target)).filter((f) => f.endsWith('.js')).sort()) {
      const size = kib(target, file);
      const max = goals[file] ?? null;
      rows.push({ what: `bundle ${file}`, browser: target, value: `${size.toFixed(1)} KiB`, spread: '', goal: max === null ? '' : `≤ ${max} KiB`, meets: judge(size, max) });
    }
  }
}

await ensureSystemDeps();
if (!process.env.JOCGUARD_SKIP_BUILD) {
  await build({ e2e: false, quiet: true });
  // Minified as release builds are, so that the rows measure the bundles as they ship.
  await build({ e2e: true, quiet: true, minifier: 'terser' });
}
if (part('sizes')) {
  sweepMicro();
  bundleRows();
}
const inBrowser = ['docstart', 'expiry', 'close', 'popup'].some(part);
for (const b of ['chromium', 'firefox'] as const) if (inBrowser && (!BROWSER_ONLY || BROWSER_ONLY === b)) await perBrowser(b);
if (part('memory')) {
  const mem = await idleMemory();
  const empty = await idleMemory(path.join(root, 'test/e2e/empty-ext'));
  memoryRow('background at rest: private memory of its process', mem.all, 12);
  memoryRow('  of which anonymous (the rest: file pages of the browser binary)', mem.anon);
  memoryRow('  an empty MV3 extension, for comparison (the browser\'s own cost)', empty.all);
  memoryRow('    of which anonymous', empty.anon);
  rows.push({ what: 'background at rest', browser: 'firefox', value: 'n/a', spread: '', goal: '', meets: '' });
}

const cols: (keyof Row)[] = ['what', 'browser', 'value', 'spread', 'goal', 'meets'];
const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 8)).join(' | ');
console.log(line(['measure', 'browser', 'median', 'spread', 'goal', 'meets']));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(cols.map((c) => r[c])));
console.log(`(${N} runs per timing, ${PAIRS} interleaved pairs; BENCH_N changes them. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version})`);
