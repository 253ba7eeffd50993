// Scenario helpers: talk to JOC Guard's E2E hooks (settings, audit trail),
// open its pages, and wait for what a scenario expects (gui.ts drives the
// simulator's GUI and reads what a page holds).
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
  // Not delivered (Firefox answers so while it suspends an idle event page): asked again, as
  // JOC Guard's own content script does (shared/messaging/unreachable.ts).
  for (let attempt = 1; ; attempt++) {
    try {
      return await hookOnce<T>(page, action, payload);
    } catch (err) {
      if (attempt >= 3 || !/Receiving end does not exist/.test(String(err))) throw err;
      await sleep(500);
    }
  }
}

async function hookOnce<T>(page: TestPage, action: string, payload?: unknown): Promise<T> {
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

/** The sequence number of the newest audit record (of `origin`, when given); 0 when there is none. */
export async function lastAuditSeq(page: TestPage, origin?: string): Promise<number> {
  return Math.max(0, ...(await auditRecords(page, origin)).map((r) => r.seq));
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
