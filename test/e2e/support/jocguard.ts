// Scenario helpers: talk to JOC Guard's E2E hooks, read what a user or an
// attacker could see (storage, cookies), and drive the simulator's GUI.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AuditRecord } from '../../../src/shared/audit/types.ts';
import { defaultSettings, type Settings } from '../../../src/shared/settings/effective.ts';
import { scaled, type TestBrowser, type TestPage } from './browsers.ts';

let callId = 1000;

/**
 * Calls a test hook through the E2E bridge (any https://localhost page): one round trip that
 * dispatches the call and resolves when the bridge writes the reply with this call's id (a
 * MutationObserver; polling for it cost up to 100 ms a call).
 */
export async function hook<T = unknown>(page: TestPage, action: string, payload?: unknown): Promise<T> {
  const id = ++callId;
  const raw = await page.evaluate(
    ({ id, action, payload, waitMs }) =>
      // No named helpers inside: the test transpiler would wrap them in a function the page lacks.
      new Promise<string | null>((resolve) => {
        const root = document.documentElement;
        let timer = 0;
        const observer = new MutationObserver(() => {
          const raw = root.getAttribute('data-jocguard-e2e');
          if (raw === null || (JSON.parse(raw) as { id: number }).id !== id) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(raw);
        });
        observer.observe(root, { attributes: true, attributeFilter: ['data-jocguard-e2e'] });
        timer = window.setTimeout(() => {
          observer.disconnect();
          resolve(null);
        }, waitMs);
        document.dispatchEvent(new CustomEvent('jocguard-e2e', { detail: { id, action, payload } }));
      }),
    { id, action, payload, waitMs: scaled(10_000) },
  );
  if (raw === null) throw new Error(`hook ${action}: no reply from the E2E bridge within ${scaled(10_000)} ms`);
  const parsed = JSON.parse(raw) as { reply?: T; error?: string };
  if (parsed.error) throw new Error(`hook ${action}: ${parsed.error}`);
  return parsed.reply as T;
}

/** JOC Guard's audit records (hook `audit`); with `origin`, only that origin's (blocks that share a browser). */
export async function auditRecords(page: TestPage, origin?: string): Promise<AuditRecord[]> {
  const all = await hook<AuditRecord[]>(page, 'audit');
  return origin === undefined ? all : all.filter((r) => r.origin === origin);
}

export function settingsFor(origin: string, patch: (s: Settings) => void = () => undefined): Settings {
  const s = defaultSettings();
  s.origins = [{ origin, label: 'Simulator', generation: 'auto', rememberMe: 'default' }];
  patch(s);
  return s;
}

/** Opens a plain page on the simulator origin and configures JOC Guard for it. */
export async function configure(browser: TestBrowser, origin: string, settings: Settings): Promise<TestPage> {
  const page = await browser.newPage(`${origin}/__sim/blank`);
  const r = await hook<{ ok: boolean; errors: string[] }>(page, 'configure', settings);
  if (!r.ok) throw new Error(`configure: ${r.errors.join('; ')}`);
  return page;
}

export interface StorageView {
  local: Record<string, string>;
  session: Record<string, string>;
  cookies: string;
}

export function readStorage(page: TestPage): Promise<StorageView> {
  // No named inner functions here: tsx (npm start, npm run bench) would wrap them
  // in an esbuild helper that does not exist in the page.
  return page.evaluate(() => {
    const out = { local: {} as Record<string, string>, session: {} as Record<string, string>, cookies: document.cookie };
    for (const [s, o] of [[localStorage, out.local], [sessionStorage, out.session]] as const) {
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        if (k !== null) o[k] = s.getItem(k) ?? '';
      }
    }
    return out;
  });
}

export const TOKEN = '$SOS$accessTokenId';

export function tokenIn(view: StorageView): string | null {
  const v = view.session[TOKEN] || view.local[TOKEN] || '';
  return v === '' ? null : v;
}

/** Logs in through the simulator's GUI (either generation). */
export async function guiLogin(page: TestPage, o: { account: string; password: string; remember?: boolean; variant: 'js7' | '1x' }): Promise<void> {
  const acc = o.variant === 'js7' ? 'input#account' : 'input[ng-model="lc.user.username"]';
  const pwd = o.variant === 'js7' ? 'input#password' : 'input[ng-model="lc.user.password"]';
  await page.waitFor(acc);
  await page.type(acc, o.account);
  await page.type(pwd, o.password);
  if (o.remember) {
    const box = o.variant === 'js7' ? 'label[name="rememberMe"] input' : 'input[ng-model="lc.rememberMe"]';
    await page.evaluate((sel: string) => {
      const el = document.querySelector<HTMLInputElement>(sel);
      if (el && !el.checked && !el.disabled) el.click();
    }, box);
  }
  await page.click('button[type="submit"]');
}

/** For a failed login wait: where the page is and what its form shows (lengths only, never the values). */
async function loginPageState(page: TestPage): Promise<string> {
  return page
    .evaluate(() => {
      const inputs = [...document.querySelectorAll<HTMLInputElement>('input')].map((i) => `${i.id || i.name || i.type}:${i.type === 'checkbox' ? i.checked : i.value.length}${i.disabled ? '(disabled)' : ''}`);
      const error = document.querySelector('.error-input.show, .alert-danger')?.textContent?.trim().slice(0, 80) ?? 'none';
      return `${location.pathname}${location.hash}; inputs ${inputs.join(' ')}; error ${error}; readyState ${document.readyState}`;
    })
    .catch((e: unknown) => `page not readable: ${e instanceof Error ? e.message.slice(0, 80) : 'unknown'}`);
}

export async function waitForToken(page: TestPage, timeoutMs = 10_000): Promise<string> {
  timeoutMs = scaled(timeoutMs);
  try {
    await page.waitForFunction(
      (key: string) => (sessionStorage.getItem(key) ?? '') !== '' || (localStorage.getItem(key) ?? '') !== '',
      TOKEN,
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`no token after login (${await loginPageState(page)}): ${err instanceof Error ? err.message : String(err)}`);
  }
  const t = tokenIn(await readStorage(page));
  if (!t) throw new Error('no token after login');
  return t;
}

/**
 * Opens a page with `open` and finds it among the browser's pages by `prefix`,
 * then waits until it is `ready`. Firefox under load: puppeteer has been seen to
 * keep a tab the extension opened as an about:blank it can never read ("no such
 * frame", or the page never listed), and to lose its handle on a tab Firefox
 * moved into the extension process ("Waiting failed"); `open` is then asked for
 * a second tab once.
 */
export async function openAndFind(browser: TestBrowser, open: () => Promise<void>, prefix: string, ready: (page: TestPage) => Promise<void>, firstWaitMs = 5000): Promise<TestPage> {
  for (let attempt = 0; ; attempt++) {
    await open();
    const page = await browser.findPage(prefix, scaled(attempt === 0 ? firstWaitMs : Math.max(firstWaitMs, 10_000))).catch((err: unknown) => {
      if (attempt > 0) throw err;
      return null;
    });
    if (!page) continue;
    await ready(page);
    return page;
  }
}

/** One of JOC Guard's pages, opened as a tab by the background (hook `open`). */
function openExtensionPage(browser: TestBrowser, via: TestPage, open: 'open-popup' | 'open-options', file: string, ready: string, arg?: unknown): Promise<TestPage> {
  return openAndFind(browser, () => hook(via, open, arg).then(() => undefined), file, (page) => page.waitFor(ready));
}

/** Opens the popup (as a tab) for `jocPage`'s tab, or for `tabId` through another page. */
export async function openPopup(browser: TestBrowser, jocPage: TestPage, tabId?: number): Promise<TestPage> {
  return openExtensionPage(browser, jocPage, 'open-popup', 'popup.html', '#popup[data-state="ready"]', tabId);
}

/** Opens the options page (as a tab) through a page of the extension's bridge. */
export async function openOptions(browser: TestBrowser, via: TestPage): Promise<TestPage> {
  return openExtensionPage(browser, via, 'open-options', 'options.html', '#options[data-state="ready"]');
}

/**
 * The smoke check of a guarded login page: Remember Me disabled and unchecked
 * (policy forbid), the hints say why, and the page came over mutual TLS with
 * the `apmacwin` client certificate.
 */
export async function expectGuardedLogin(page: TestPage, clientCns: () => (string | undefined)[]): Promise<void> {
  await page.waitForFunction(() => {
    const box = document.querySelector<HTMLInputElement>('label[name="rememberMe"] input');
    return box?.disabled === true && box.checked === false;
  });
  const hints = await page.evaluate(() => document.querySelector('[data-joc-guard="hints"]')?.getAttribute('data-hints') ?? '');
  if (!hints.includes('remember-forbidden')) throw new Error(`login hints without remember-forbidden: "${hints}"`);
  if (!clientCns().includes('apmacwin')) throw new Error('the simulator saw no request with the apmacwin client certificate');
}

/** Whether JOC Guard's content script runs in this page (the E2E bridge shares its world). */
export async function guarded(page: TestPage): Promise<boolean> {
  return (await hook<{ guarded: boolean }>(page, 'guarded')).guarded;
}

/**
 * Reloads a page of a configured origin until JOC Guard's content script runs
 * in it. After a browser start, Chromium re-installs an extension loaded with
 * --load-extension, and its scripts are active only once the background has
 * registered them again (an installed extension keeps its registrations
 * across restarts).
 */
export async function waitForGuard(page: TestPage, timeoutMs = 15_000): Promise<void> {
  timeoutMs = scaled(timeoutMs);
  await eventually(
    async () => {
      await page.reload();
      return guarded(page);
    },
    'JOC Guard content script active',
    timeoutMs,
  );
}

/** Saves a screenshot for reviewers under test-output/screenshots/<browser>-<state>.png. */
export async function shot(browser: TestBrowser, page: TestPage, state: string): Promise<void> {
  const dir = path.resolve(import.meta.dirname, '../../../test-output/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot(path.join(dir, `${browser.name}-${state}.png`));
}

export async function helper(page: TestPage, action: 'close-me' | 'restore'): Promise<void> {
  await page.evaluate((a: string) => document.dispatchEvent(new CustomEvent('e2e-helper', { detail: a })), action).catch(() => undefined);
}

/**
 * The server expires the token and the dashboard's next data call meets the 440: waits for the
 * dashboard, expires, then clicks its "Load data" button in the page. The dashboard's own first
 * call may meet the 440 before the click and take the GUI to its login page, button and all
 * (seen in repeats: a click waiting for the button failed): the trigger has happened either way.
 */
export async function expireOnNextCall(page: TestPage, expire: () => void): Promise<void> {
  await page.waitFor('#sim-load');
  expire();
  await page.evaluate(() => document.querySelector<HTMLButtonElement>('#sim-load')?.click());
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until `fn` returns true (server-side checks, audit contents). The bound
 * is scaled (TIME_SCALE); `explain` describes the state when it runs out.
 */
export async function eventually(fn: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000, explain?: () => Promise<string>): Promise<void> {
  const end = Date.now() + scaled(timeoutMs);
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}${explain ? ` (${await explain().catch(() => 'no explanation')})` : ''}`);
    await sleep(100);
  }
}
