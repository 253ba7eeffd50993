// Issue #9, reliability: session ends survive a killed background, many tabs
// on several JOC origins do not disturb each other, and a browser crash leaves
// no token that stays valid. Randomised with a seeded PRNG: the seed is in
// every test name; rerun with JOCGUARD_SEED=<seed> to replay a failure.
//
// What "killed" means here (measured facts: SECURITY.md, "Kill and crash"):
// - Chromium: the extension service worker is terminated through CDP
//   (Target.closeTarget on its target; its JS state is gone, a global set
//   before is undefined afterwards), or its renderer process is SIGKILLed (pid
//   from chrome://serviceworker-internals). Chromium starts the worker again
//   on the next event; storage.session survives both.
// - Firefox: the "WebExtensions" child process (every background page, the
//   popup) is SIGKILLed. Firefox starts a new process at once and wakes the
//   background on its next event; storage.session (kept in the parent
//   process) survives. More than 5 such crashes in 30 s and Firefox stops
//   respawning it (extensions.webextensions.crash.threshold / .timeframe).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/shared/audit/types.ts';
import { defaultSettings, type Settings } from '../../src/shared/settings/effective.ts';
import type { Account } from '../sim/auth.ts';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, launch, scaled, type BrowserName, type LaunchOptions, type TestBrowser, type TestPage } from './support/browsers.ts';
import { expireOnNextCall, guiLogin, readStorage, tokenIn, waitForToken } from './support/gui.ts';
import { auditRecords, configure, eventually, hook, lastAuditSeq, openPopup, sleep } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

// ---- seeded randomness ----------------------------------------------------------
const SEED = process.env.JOCGUARD_SEED !== undefined ? Number(process.env.JOCGUARD_SEED) : Date.now() % 1_000_000;

/** mulberry32: small, fast, good enough to shuffle test steps reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- what a page and the server show ---------------------------------------------
interface StateHook {
  sessions: { fp: string; state: 'live' | 'ended'; origin: string; tabs: number[]; endReason: string | null }[];
  held: string[];
}
const state = (control: TestPage): Promise<StateHook> => hook<StateHook>(control, 'state');

interface FirstRead {
  local: string | null;
  session: string | null;
}
async function firstRead(page: TestPage): Promise<FirstRead> {
  await page.waitForFunction(() => (window as { __simFirstRead?: unknown }).__simFirstRead !== undefined);
  return page.evaluate(() => (window as unknown as { __simFirstRead: FirstRead }).__simFirstRead);
}

/** The fingerprint JOC Guard gave the session that started last (audit session.start after `seqAfter`). */
async function newSessionFp(control: TestPage, seqAfter: number): Promise<string> {
  let fp = '';
  await eventually(async () => {
    const rec = (await auditRecords(control)).find((r) => r.type === 'session.start' && r.seq > seqAfter && r.fp);
    fp = rec?.fp ?? '';
    return fp !== '';
  }, 'session.start audited');
  return fp;
}

/** The audit trail is intact: every earlier record still there, sequence strictly increasing, no token text. */
function expectAuditIntact(all: AuditRecord[], earlierIds: string[], tokens: string[]): void {
  const ids = new Set(all.map((r) => r.id));
  expect(earlierIds.filter((id) => !ids.has(id))).toEqual([]);
  const seqs = all.map((r) => r.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size).toBe(seqs.length);
  const text = JSON.stringify(all);
  for (const t of tokens) expect(text).not.toContain(t);
}

type Trigger = 'end-session' | 'server-440' | 'last-tab-closed';

// ---- killing the background ------------------------------------------------------
/** What a kill reports when there was nothing to kill: such a round does not count. */
const NOT_RUNNING = 'worker was not running';
type KillMethod = 'worker-stop' | 'process-kill';

function childPids(): { pid: number; args: string }[] {
  const out: { pid: number; args: string }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      out.push({ pid: Number(d), args: readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ') });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** Firefox names its extension process "WebExtensions" (/proc/<pid>/comm); its command line names the main pid. */
function firefoxExtensionPid(mainPid: number): number | null {
  for (const p of childPids()) {
    if (!p.args.includes(`-parentPid ${mainPid} `)) continue;
    try {
      if (readFileSync(`/proc/${p.pid}/comm`, 'utf8').trim() === 'WebExtensions') return p.pid;
    } catch {
      /* exited meanwhile */
    }
  }
  return null;
}

/**
 * Chromium: the renderer process running JOC Guard's service worker, as chrome://serviceworker-internals
 * shows it ("Running Status: RUNNING … Renderer process ID: <pid>"). A stopped worker shows pid 0, one
 * being started no number (-1): then `wake` is asked and the page read again, for at most 5 s. (One
 * reading found no pid once in ten runs, under load; a 0 must never get a signal: process.kill(0)
 * would signal this whole process group.)
 */
async function chromiumWorkerPid(b: TestBrowser, wake: () => Promise<unknown>): Promise<number | null> {
  if (b.raw.kind !== 'chromium') return null;
  const page = await b.raw.ctx.newPage();
  try {
    await page.goto('chrome://serviceworker-internals/');
    const block = /Script: chrome-extension:\/\/[a-p]{32}\/background\.js\s+Version ID: \d+\s+Renderer process ID: ([1-9]\d*)\b/;
    for (const end = Date.now() + scaled(5000); ; ) {
      const m = block.exec(await page.evaluate(() => document.body.innerText));
      if (m) return Number(m[1]);
      if (Date.now() > end) return null;
      await wake();
      await page.reload();
    }
  } finally {
    await page.close();
  }
}

interface Killer {
  /** Looked up before the trigger: the kill itself must be instant. */
  prepare(method: KillMethod): Promise<void>;
  kill(): Promise<string>;
}

function killer(b: TestBrowser, wake: () => Promise<unknown>): Killer {
  let method: KillMethod = 'process-kill';
  let pid: number | null = null;
  return {
    async prepare(m) {
      method = m;
      pid = b.raw.kind === 'firefox' ? firefoxExtensionPid(b.pid() ?? -1) : m === 'process-kill' ? await chromiumWorkerPid(b, wake) : null;
      if (m === 'process-kill' && pid === null) throw new Error('background process not found');
    },
    async kill() {
      if (method === 'process-kill' && pid !== null) {
        process.kill(pid, 'SIGKILL');
        // Until its parent (the browser, or Chromium's zygote when the browser asks it) has reaped
        // the process, the browser may not know it is dead and can place a new extension page in
        // it, which crashes at once ("Target crashed" for a popup opened right after the kill, run
        // 9 of a 10-run repeat; one reaping took 2037 ms). Nobody opens a page within that time.
        const started = Date.now();
        const dead = pid;
        const gone = await eventually(() => !existsSync(`/proc/${dead}`), 'reaped', 5000).then(() => true, () => false);
        return `SIGKILL ${b.raw.kind === 'firefox' ? 'WebExtensions' : 'worker renderer'} pid ${pid}, ${gone ? `reaped after ${Date.now() - started} ms` : `not reaped within ${scaled(5000)} ms`}`;
      }
      if (b.raw.kind !== 'chromium') throw new Error('worker-stop is Chromium only');
      const ctx = b.raw.ctx;
      const cdp = await ctx.newCDPSession(ctx.pages()[0] ?? (await ctx.newPage()));
      try {
        const { targetInfos } = await cdp.send('Target.getTargets');
        const sw = targetInfos.find((t) => t.type === 'service_worker' && /^chrome-extension:\/\/[a-p]{32}\/background\.js$/.test(t.url));
        if (!sw) return NOT_RUNNING;
        await cdp.send('Target.closeTarget', { targetId: sw.targetId });
        return 'CDP Target.closeTarget on the service worker';
      } finally {
        await cdp.detach().catch(() => undefined);
      }
    },
  };
}

/**
 * Asks the helper extension (reopen the last closed tab, bring tabs to the
 * front) and returns the page that shows up. A helper background that died
 * with the killed extension process may miss the first request: asked again.
 */
async function viaHelper(b: TestBrowser, control: TestPage, action: string, want: string | null): Promise<TestPage> {
  for (let attempt = 0; ; attempt++) {
    await control.evaluate((a: string) => {
      document.documentElement.removeAttribute('data-e2e-helper');
      document.dispatchEvent(new CustomEvent('e2e-helper', { detail: a }));
    }, action);
    const answered = await control
      .waitForFunction(() => document.documentElement.hasAttribute('data-e2e-helper'), undefined, 3000)
      .then(() => true, () => false);
    if (want === null) {
      if (answered || attempt >= 2) return control;
      continue;
    }
    const page = await b.findPage(want, answered ? 10_000 : 1000).catch(() => null);
    if (page) return page;
    if (attempt >= 2) throw new Error(`helper ${action}: no page ${want}`);
  }
}

describe.each(BROWSERS)('%s', (name: BrowserName) => {
  /** Browsers and simulators of this browser's scenarios, closed even when an assertion failed. */
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });
  // One browser for the kill and the many-tabs scenarios (a launch costs seconds).
  let shared: TestBrowser | null = null;
  async function sharedBrowser(): Promise<TestBrowser> {
    if (!shared) {
      // Firefox stops respawning its extension process after more than 5 crashes
      // in 30 s (extensions.webextensions.crash.threshold/.timeframe); raised for slack.
      shared = await launch(name, { pki: await testPki(), client: 'rsa', withHelper: true, firefoxPrefs: { 'extensions.webextensions.crash.threshold': 10 } });
      const b = shared;
      cleanups.push(() => b.close());
    }
    return shared;
  }

  // ---------------------------------------------------------------------------------
  describe('background killed at a random point of a session end', () => {
    // Chromium: both kill methods for each trigger; Firefox: 5 kills, within its crash threshold.
    const ROUNDS = name === 'chromium' ? 6 : 5;
    // Where the kill lands: a random delay after the trigger (skewed towards the
    // first few hundred ms, where the work happens), or while JOC Guard's own
    // logout call is in flight (the server holds its answer for HOLD_MS).
    type Anchor = 'after-trigger' | 'logout-in-flight';
    const PLAN: { trigger: Trigger; anchor: Anchor }[] = [
      { trigger: 'end-session', anchor: 'after-trigger' },
      { trigger: 'server-440', anchor: 'after-trigger' },
      { trigger: 'last-tab-closed', anchor: 'logout-in-flight' },
      { trigger: 'end-session', anchor: 'logout-in-flight' },
      { trigger: 'server-440', anchor: 'after-trigger' },
      { trigger: 'last-tab-closed', anchor: 'after-trigger' },
    ];
    const HOLD_MS = 400;
    let holdLogout: (() => void) | null = null;
    let sim: Simulator;
    let browser: TestBrowser;
    let control: TestPage;
    beforeAll(async () => {
      sim = await startSim({
        variant: 'js7',
        clientAuth: 'need',
        extraHandler: async (req) => {
          if (holdLogout && req.url === '/joc/api/authentication/logout') {
            const seen = holdLogout;
            holdLogout = null;
            seen();
            await sleep(HOLD_MS); // then answered normally (if the caller is still there)
          }
          return false;
        },
      });
      cleanups.push(() => sim.close());
      browser = await sharedBrowser();
      control = await configure(browser, sim.origin, settingsFor([sim.origin]));
    });

    it(`token cleared, invalidated on the server and audited whatever the moment of the kill (seed ${SEED})`, async () => {
      const rnd = prng(SEED);
      const kill = killer(browser, () => hook(control, 'state'));
      const log: string[] = [];
      // A round whose kill found no background to kill proves nothing: it does not count,
      // and the test goes on until ROUNDS rounds really killed one (at most twice as many tries).
      let killed = 0;
      for (let round = 0; killed < ROUNDS && round < ROUNDS * 2; round++) {
        const { trigger, anchor } = PLAN[round % PLAN.length] ?? { trigger: 'end-session', anchor: 'after-trigger' };
        const method: KillMethod = name === 'chromium' && round % 2 === 1 ? 'worker-stop' : 'process-kill';
        const r = rnd();
        const delay = Math.floor(anchor === 'after-trigger' ? r * r * 500 : r * HOLD_MS * 0.75);
        const what = `round ${round}: ${trigger}, ${method} ${delay} ms after ${anchor === 'after-trigger' ? 'the trigger' : 'the server got the logout call'} (seed ${SEED})`;
        log.push(what);
        try {
          if (await killRound(trigger, anchor, method, delay, kill, log)) killed++;
          else log.push('  (nothing was killed: the round does not count)');
        } catch (err) {
          throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}\n${log.join('\n')}`);
        }
      }
      console.log(`[reliability] ${name}:\n  ${log.join('\n  ')}`);
      expect(killed).toBe(ROUNDS);
    });

    /** One session end with the background killed on the way; false when there was nothing to kill. */
    async function killRound(trigger: Trigger, anchor: Anchor, method: KillMethod, delay: number, kill: Killer, log: string[]): Promise<boolean> {
      const seq0 = await lastAuditSeq(control);
      const page = await browser.newPage(`${sim.url}#/login`);
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
      const token = await waitForToken(page);
      const fp = await newSessionFp(control, seq0);
      await eventually(async () => (await state(control)).held.includes(fp), 'JOC Guard holds the session');
      const earlier = (await auditRecords(control)).map((r) => r.id);
      let popup: TestPage | null = null;
      if (trigger === 'end-session') {
        popup = await openPopup(browser, page);
        await popup.waitForFunction(() => document.querySelector('[data-testid="session-state"]')?.getAttribute('data-session') === 'live');
      }
      await kill.prepare(method);
      const logoutSeen = new Promise<void>((resolve) => {
        holdLogout = anchor === 'logout-in-flight' ? resolve : null;
      });

      // ---- trigger, then kill after the random delay ----
      if (trigger === 'end-session' && popup) await popup.click('[data-testid="end-session"]');
      if (trigger === 'server-440') {
        await expireOnNextCall(page, () => sim.expireToken(token));
      }
      if (trigger === 'last-tab-closed') await page.close();
      if (anchor === 'logout-in-flight') {
        await Promise.race([logoutSeen, sleep(10_000).then(() => Promise.reject(new Error('JOC Guard never called logout')))]);
      }
      await sleep(delay);
      const killedWhat = await kill.kill();
      log.push(`  ${killedWhat}`);
      holdLogout = null;

      // ---- the user's view: a click that was lost with the background is repeated ----
      if (trigger === 'end-session') {
        const ended = await eventually(() => !sim.isTokenValid(token), 'end session', 2000).then(() => true, () => false);
        if (!ended && tokenIn(await readStorage(page)) === token) {
          const again = await openPopup(browser, page);
          const live = await again
            .waitForFunction(() => document.querySelector('[data-testid="session-state"]')?.getAttribute('data-session') === 'live', undefined, 3000)
            .then(() => true, () => false);
          if (live) {
            await again.click('[data-testid="end-session"]');
            log.push('  the End session click was lost with the background: clicked again');
          }
          await again.close().catch(() => undefined);
        }
        await popup?.close().catch(() => undefined);
      }

      // ---- what must hold, whatever the moment of the kill ----
      const killedAt = Date.now();
      await eventually(() => !sim.isTokenValid(token), 'token invalid on the server', 20_000).catch(async (err: unknown) => {
        // What the server heard after the kill, and whether a message (which wakes the background) helps.
        const after = sim.requests.filter((q) => q.time >= killedAt).map((q) => `${q.method} ${q.path} ${q.status}${q.token === token ? ' (this token)' : ''}`);
        const woken = await state(control).then((s) => `held ${s.held.includes(fp) ? 'still holds' : 'no longer holds'} the session`, (e: unknown) => `state: ${String(e)}`);
        const later = await eventually(() => !sim.isTokenValid(token), 'after waking', 5000).then(() => 'invalid within 5 s after the wake-up', () => 'still valid 5 s after the wake-up');
        throw new Error(`${err instanceof Error ? err.message : String(err)}; server after the kill: [${after.join(', ')}]; woken by a message: ${woken}, token ${later}`);
      });
      if (trigger === 'last-tab-closed') {
        // Reopened: nothing usable comes back (Chromium restores sessionStorage here).
        const restored = await viaHelper(browser, control, 'restore', '/joc/');
        const first = await firstRead(restored);
        expect(first.session ?? '').toBe('');
        expect(first.local ?? '').toBe('');
        await eventually(async () => tokenIn(await readStorage(restored)) === null, 'restored tab holds no token');
        await restored.close();
      } else {
        await eventually(async () => tokenIn(await readStorage(page)) === null, 'page storage cleared', 15_000);
        await page.reload();
        expect(tokenIn(await readStorage(page))).toBeNull();
        await page.close();
      }
      await eventually(async () => (await auditRecords(control)).some((r) => r.type === 'session.end' && r.fp === fp), 'session.end audited', 15_000);
      await eventually(async () => !(await state(control)).held.includes(fp), 'JOC Guard released the token (end complete)', 15_000);
      expectAuditIntact(await auditRecords(control), earlier, [token]);
      return killedWhat !== NOT_RUNNING;
    }
  });

  // ---------------------------------------------------------------------------------
  describe('20 tabs on 3 JOC origins, opened, logged in, expired and closed in random order', () => {
    // Certificate-only account: the JS7 GUI logs in by itself with the client
    // certificate (its empty-credential login) when a tab opens without a token.
    const CERT_ONLY: Account[] = [{ account: 'apmacwin', roles: ['administrator'] }];
    const sims: Simulator[] = [];
    const origins: string[] = [];
    let browser: TestBrowser;
    let control: TestPage;
    beforeAll(async () => {
      for (let i = 0; i < 3; i++) sims.push(await startSim({ variant: 'js7', clientAuth: 'need', accounts: CERT_ONLY }));
      cleanups.push(...sims.map((s) => () => s.close()));
      // Three origins: two ports on localhost, one on 127.0.0.1.
      origins.push(sims[0]?.origin ?? '', `https://127.0.0.1:${sims[1]?.port ?? 0}`, sims[2]?.origin ?? '');
      browser = await sharedBrowser();
      control = await configure(browser, origins[0] ?? '', settingsFor(origins));
    });

    it(`no tab's session is touched by another's; nothing left at the end (seed ${SEED})`, async () => {
      const rnd = prng(SEED + 1);
      interface Tab {
        n: number;
        origin: string;
        sim: Simulator;
        page: TestPage | null;
        token: string | null;
        todo: ('open' | 'expire' | 'close')[];
        expired: boolean;
      }
      const tabs: Tab[] = Array.from({ length: 20 }, (_, n) => {
        const k = n % 3;
        const sim = sims[k];
        if (!sim) throw new Error('simulator missing');
        return { n, origin: origins[k] ?? '', sim, page: null, token: null, todo: rnd() < 0.35 ? ['open', 'expire', 'close'] : ['open', 'close'], expired: false };
      });
      const tokens: string[] = [];
      const steps: string[] = [];
      for (;;) {
        const ready = tabs.filter((t) => t.todo.length > 0);
        if (ready.length === 0) break;
        const tab = ready[Math.floor(rnd() * ready.length)];
        if (!tab) break;
        const action = tab.todo.shift();
        const what = `step ${steps.length}: ${action} tab ${tab.n} (${tab.origin}) (seed ${SEED})`;
        steps.push(what);
        try {
          if (action === 'open') {
            // Every 5th tab logs in through the form, the others by certificate.
            if (tab.n % 5 === 0) {
              tab.page = await browser.newPage(`${tab.origin}/joc/#/login`);
              await guiLogin(tab.page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
            } else {
              tab.page = await browser.newPage(`${tab.origin}/joc/#/dashboard`);
            }
            tab.token = await waitForToken(tab.page);
            tokens.push(tab.token);
            expect(tab.sim.isTokenValid(tab.token)).toBe(true);
          } else if (action === 'expire' && tab.page && tab.token) {
            const { sim: tabSim, token } = tab;
            await expireOnNextCall(tab.page, () => tabSim.expireToken(token));
            const page = tab.page;
            await eventually(async () => tokenIn(await readStorage(page)) === null, 'expired tab cleared');
            tab.expired = true;
          } else if (action === 'close' && tab.page && tab.token) {
            await tab.page.close();
            tab.page = null;
            const { sim, token } = tab;
            await eventually(() => !sim.isTokenValid(token), 'closed tab logged out on the server');
          }
          // Every other open tab still has its session: in its storage and on its server.
          const others = tabs.filter((o) => o !== tab && o.page && o.token && !o.expired);
          for (const o of others) expect(o.sim.isTokenValid(o.token ?? ''), `tab ${o.n} still valid on the server`).toBe(true);
          const held = await Promise.all(others.map(async (o) => (o.page ? tokenIn(await readStorage(o.page)) : null)));
          others.forEach((o, i) => expect(held[i], `tab ${o.n} still holds its token`).toBe(o.token));
        } catch (err) {
          const seen = await state(control).catch(() => null);
          const live = seen?.sessions.filter((x) => x.state === 'live').map((x) => ({ fp: x.fp, origin: x.origin, tabs: x.tabs }));
          const openTabs = await hook<{ id: number; url?: string }[]>(control, 'tabs').catch(() => []);
          const reg = seen ? JSON.stringify({ live, held: seen.held, openTabs: openTabs.map((t) => `${t.id} ${t.url ?? ''}`) }) : 'unavailable';
          throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}\n${steps.slice(-8).join('\n')}\nJOC Guard state: ${reg}`);
        }
      }
      // Nothing left behind: no live token on any server, none in any storage, none held by JOC Guard.
      for (const sim of sims) expect(sim.activeTokens()).toBe(0);
      for (const t of tokens) expect(tabs.some((tab) => tab.sim.isTokenValid(t))).toBe(false);
      for (const origin of origins) {
        const page = await browser.newPage(`${origin}/__sim/blank`);
        expect(tokenIn(await readStorage(page))).toBeNull();
        await page.close();
      }
      await eventually(async () => {
        const s = await state(control);
        return s.held.length === 0 && s.sessions.every((x) => x.state === 'ended');
      }, 'no session live or held in JOC Guard');
      expectAuditIntact(await auditRecords(control), [], tokens);
      console.log(`[reliability] ${name}: ${steps.length} steps over ${tabs.length} tabs`);
    });
  });

  // ---------------------------------------------------------------------------------
  describe('browser crash with live sessions, restart with the same profile', () => {
    let js7: Simulator;
    let legacy: Simulator;
    beforeAll(async () => {
      js7 = await startSim({ variant: 'js7', clientAuth: 'need' });
      // JobScheduler 1.x before 1.11: with Remember Me the token is kept in localStorage, across restarts.
      legacy = await startSim({ variant: '1x', clientAuth: 'need', legacyLocalStorageTokens: true });
      cleanups.push(() => js7.close(), () => legacy.close());
    });

    it(`every token live at the crash is invalidated at the next start and cleared wherever it comes back (seed ${SEED})`, async () => {
      const opts: LaunchOptions = {
        pki: await testPki(),
        client: 'rsa',
        withHelper: true,
        keepProfile: true,
        // Puppeteer turns Firefox's crash recovery off; a user's Firefox has it on.
        firefoxPrefs: { 'browser.sessionstore.resume_from_crash': true },
        chromiumArgs: ['--restore-last-session'],
      };
      const first = await launch(name, opts);
      let closedFirst = false;
      cleanups.push(async () => {
        if (!closedFirst) await first.close();
        await rm(first.profileDir, { recursive: true, force: true });
      });
      const control = await configure(first, js7.origin, settingsFor([js7.origin, legacy.origin], (s) => {
        const o = s.origins[1];
        if (o) o.rememberMe = 'allow';
      }));
      const b = await first.newPage(`${legacy.url}#!/login`);
      await guiLogin(b, { account: 'apmacwin', password: 'secret', variant: '1x', remember: true });
      await b.waitForFunction(() => (localStorage.getItem('$SOS$accessTokenId') ?? '') !== '');
      const tLegacy = (await readStorage(b)).local.$SOS$accessTokenId ?? '';
      const a = await first.newPage(`${js7.url}#/login`);
      await guiLogin(a, { account: 'apmacwin', password: 'secret', variant: 'js7' });
      const tJs7 = await waitForToken(a);
      const wrote = Date.now();
      await eventually(async () => (await state(control)).held.length >= 2, 'both sessions held');
      const before = await auditRecords(control);
      const fps = before.filter((r) => r.type === 'session.start').map((r) => r.fp ?? '');
      expect(fps).toHaveLength(2);
      // Browsers write storage to disk lazily: give them the time a user's session
      // would have had, so that the tabs and their storage can come back (measured:
      // Chromium's DOM storage needs ~5 s; Firefox's session store, every 500 ms here, and its localStorage less).
      await sleep(Math.max(0, wrote + (name === 'chromium' ? 5500 : 3000) - Date.now()));

      const pid = first.pid();
      if (pid === null) throw new Error('browser pid not found');
      process.kill(pid, 'SIGKILL');
      await eventually(() => !childPids().some((p) => p.pid === pid), 'browser process gone');
      await first.close(); // drops the automation handles; the profile stays
      closedFirst = true;
      expect(js7.isTokenValid(tJs7) && legacy.isTokenValid(tLegacy)).toBe(true); // nothing logged them out yet

      const second = await launch(name, { ...opts, profileDir: first.profileDir });
      cleanups.push(() => second.close());
      const control2 = await second.newPage(`${js7.origin}/__sim/blank`);
      // The essential case: at start, without any JOC page, both are logged out on the server.
      await eventually(() => !js7.isTokenValid(tJs7) && !legacy.isTokenValid(tLegacy), 'tokens of the crashed run invalidated at start', 20_000);

      // Tabs that come back (Chromium --restore-last-session; Firefox crash recovery,
      // whose restored tabs load when selected) hold no usable token.
      const facts: string[] = [];
      await viaHelper(second, control2, 'activate:/joc/', null);
      for (const part of ['/joc/#/', '/joc/#!/']) {
        const back = await second.findPage(part, 3000).catch(() => null);
        if (!back) {
          facts.push(`${part}: not restored`);
          continue;
        }
        const seen = await firstRead(back);
        facts.push(`${part}: restored, first page script read session=${seen.session ? 'token' : 'none'} local=${seen.local ? 'token' : 'none'}`);
        await eventually(async () => tokenIn(await readStorage(back)) === null, `restored ${part} holds no token`);
        if (name === 'firefox') {
          // Loaded after JOC Guard was ready: the document_start sweep ran first.
          expect(seen.session ?? '').toBe('');
          expect(seen.local ?? '').toBe('');
        }
      }
      // The 1.x localStorage token, opened fresh: gone before any page script runs.
      const fresh = await second.newPage(`${legacy.url}#!/dashboard`);
      expect((await firstRead(fresh)).local ?? '').toBe('');
      expect(tokenIn(await readStorage(fresh))).toBeNull();

      // The audit says so, and what was written before the crash is still there.
      await eventually(async () => {
        const all = await auditRecords(control2);
        return fps.every((fp) => all.some((r) => r.type === 'token.invalidated' && r.fp === fp && r.reason === 'stale-at-start'));
      }, 'audit: token.invalidated for both sessions', 15_000);
      const all = await auditRecords(control2);
      const swept = all.filter((r) => r.type === 'token.cleared' && r.reason === 'stale-at-start' && r.seq > Math.max(...before.map((x) => x.seq)));
      facts.push(`cleared after restart from: ${swept.map((r) => r.storage ?? '?').join(', ') || 'no page'}`);
      for (const fp of fps) expect(all.some((r) => r.type === 'session.end' && r.fp === fp && r.reason === 'stale-at-start')).toBe(true);
      expectAuditIntact(all, before.map((r) => r.id), [tJs7, tLegacy]);
      expect((await state(control2)).held).toEqual([]);
      console.log(`[reliability] ${name} after crash: ${facts.join('; ')}`);
    });
  });
});

function settingsFor(origins: string[], patch: (s: Settings) => void = () => undefined): Settings {
  const s = defaultSettings();
  s.origins = origins.map((origin, i) => ({ origin, label: `Simulator ${i + 1}`, generation: 'auto', rememberMe: 'default' }));
  patch(s);
  return s;
}
