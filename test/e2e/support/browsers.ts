// Real Firefox ESR (puppeteer-core over WebDriver BiDi) and real Chromium
// (playwright-core) with the E2E build of JOC Guard, a throw-away profile
// holding one client certificate, and automatic certificate selection.
// Recipes: shared/reference/browser-testing.md.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { cp, mkdtemp, rm, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// Each file drives one browser: its driver is imported when that browser is launched (launch()).
import type { BrowserContext, Page as PwPage } from 'playwright-core';
import type { Browser as PpBrowser, KeyInput, Page as PpPage } from 'puppeteer-core';
import { chromiumAutoSelectPrefs, createNssDb, type ClientName, type Pki } from '../../sim/pki.ts';
import { ensureFirefoxTemplate, FIREFOX_TEMPLATE, STAMP_FILE } from './firefox-template.ts';

export type BrowserName = 'chromium' | 'firefox';
/** The browsers this run covers: both, or the one JOCGUARD_BROWSER names (one vitest project per browser, see vitest.e2e.config.ts). */
export const BROWSERS: BrowserName[] = ((): BrowserName[] => {
  const only = process.env.JOCGUARD_BROWSER;
  if (only === undefined || only === '') return ['chromium', 'firefox'];
  if (only !== 'chromium' && only !== 'firefox') throw new Error(`JOCGUARD_BROWSER must be chromium or firefox, not '${only}'`);
  return [only];
})();

/** For scenarios that exist in one browser only (e.g. Firefox's managed storage and event page). */
export const covers = (b: BrowserName): boolean => BROWSERS.includes(b);

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const extDir = (b: BrowserName): string => path.join(ROOT, 'dist-e2e', b);
const HELPER_EXT = path.join(ROOT, 'test/e2e/helper-ext');
/** moz-extension://<this>/ is JOC Guard's base URL in Firefox (pinned by pref). */
export const FIREFOX_UUID = '6a7f3c1e-0b2d-4e5f-9a8b-1c2d3e4f5a6b';
/**
 * Waits are upper bounds: when files run side by side (vitest.e2e.config.ts)
 * a 2-core machine is slower, so every bound is scaled; a passing wait is not
 * made longer by it.
 */
export const TIME_SCALE = Math.max(1, Number(process.env.JOCGUARD_E2E_TIME_SCALE ?? 1));
export const scaled = (ms: number): number => ms * TIME_SCALE;
const LAUNCH_TIMEOUT = scaled(30_000);

// RENDERERS: fewer processes for web pages than the browsers' defaults. Every new process costs
// its start and its first touch of every memory page, and on the virtual machine kind CI runs on
// (PVM) a page fault costs about 17 µs (2.5 GB touched in 11 s): fewer renderers, less CPU, as
// the pairs below show. Chromium: `--process-per-site` (one renderer per site, as Chromium
// already does for extensions); Firefox: `dom.ipc.processCount` 1 (puppeteer already turns off
// one process per site). Neither changes what a page, a content script or JOC Guard
// can see: storage, sessionStorage per tab, tab restore and extension processes are as before.
// What they would hide is a defect that shows only when two JOC tabs run in separate processes.
// Measured, lifecycle.e2e.ts alone, two alternating pairs, machine CPU from /proc/stat:
// Chromium 56.1 and 55.3 → 48.6 and 46.9 CPU-s; Firefox 55.0 and 53.7 → 42.5 and 47.9 CPU-s.

/** A page in either browser, with just what the scenarios need. */
export interface TestPage {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  click(selector: string): Promise<void>;
  type(selector: string, text: string): Promise<void>;
  /** A key on the keyboard ('Tab', 'Enter', ' '), sent to the focused element. */
  press(key: string): Promise<void>;
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg?: A, timeoutMs?: number): Promise<void>;
  screenshot(file: string): Promise<void>;
  /** Runs a script source in the page (e.g. axe-core); CSP does not apply to the automation channel. */
  addScript(source: string): Promise<void>;
  close(): Promise<void>;
  url(): Promise<string>;
}

export interface TestBrowser {
  name: BrowserName;
  /** Firefox with deferExtension: installs JOC Guard now (a page may already be open). */
  installExtension?: () => Promise<void>;
  newPage(url?: string): Promise<TestPage>;
  /** Pages whose location starts with `prefix` (for tabs the browser opened itself). */
  findPage(part: string, timeoutMs?: number): Promise<TestPage>;
  close(): Promise<void>;
  profileDir: string;
  /** The automation handle, for browser-specific steps (kill a worker, CDP, BiDi). */
  raw: { kind: 'chromium'; ctx: BrowserContext } | { kind: 'firefox'; browser: PpBrowser };
  /** PID of the browser's main process (crash scenarios), null when unknown. */
  pid(): number | null;
}

export interface LaunchOptions {
  pki: Pki;
  client: ClientName | null;
  /** Firefox: HOME with ~/.mozilla/managed-storage/<id>.json (managed policy). */
  managedPolicy?: unknown;
  /** Reuse this profile (restart scenarios); default a fresh temp dir. */
  profileDir?: string;
  /** Keep a fresh profile on close, to start the browser again with it. */
  keepProfile?: boolean;
  withHelper?: boolean;
  /** Load this build of JOC Guard instead of dist-e2e/<browser>: an unpacked directory, or (Firefox) an .xpi. */
  extension?: string;
  /** Firefox: let the automation open moz-extension:// pages (-remote-allow-system-access); release builds have no test bridge for that. */
  extensionPages?: boolean;
  /** Show a window (demo); tests always run headless. */
  headful?: boolean;
  /** prefers-color-scheme for pages (default light). */
  colorScheme?: 'light' | 'dark';
  /** Firefox: suspend the background event page after this many ms idle (restart scenarios). */
  backgroundIdleMs?: number;
  /** Firefox: extra prefs (e.g. session restore after a crash, which puppeteer turns off). */
  firefoxPrefs?: Record<string, string | number | boolean>;
  /** Chromium: extra command-line switches (e.g. --restore-last-session). */
  chromiumArgs?: string[];
  /**
   * Chromium: JOC Guard's managed settings, through a policy file in
   * /etc/chromium/policies/managed/ (root only) naming a private copy of the
   * extension, so no other browser on the machine sees it. The file is removed on close.
   */
  chromiumPolicy?: unknown;
  /** Firefox: start without JOC Guard; TestBrowser.installExtension adds it later. */
  deferExtension?: boolean;
  /** Extra environment of the browser process (e.g. DBUS_SESSION_BUS_ADDRESS of a test desktop). */
  env?: Record<string, string>;
}

export const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';

/** Whether this run may write Chromium's machine-wide policy directory (root, as on CI). */
export function canWriteChromiumPolicy(): boolean {
  return process.getuid?.() === 0;
}

/** Chromium's id for an unpacked extension: the SHA-256 of its absolute path, first 32 hex digits as a–p. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

function wrapPw(p: PwPage): TestPage {
  return {
    goto: async (url) => void (await p.goto(url, { waitUntil: 'domcontentloaded', timeout: scaled(20_000) })),
    reload: async () => void (await p.reload({ waitUntil: 'domcontentloaded' })),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => p.evaluate(fn as unknown as (a: unknown) => R, arg as unknown),
    click: (sel) => p.click(sel, { timeout: scaled(10_000) }),
    type: (sel, text) => p.fill(sel, text, { timeout: scaled(10_000) }).then(() => p.dispatchEvent(sel, 'input')),
    press: (key) => p.keyboard.press(key === ' ' ? 'Space' : key),
    waitFor: async (sel, t = scaled(10_000)) => void (await p.waitForSelector(sel, { timeout: t, state: 'attached' })),
    waitForFunction: async (fn, arg, t = scaled(10_000)) =>
      void (await p.waitForFunction(fn as unknown as (a: unknown) => unknown, arg as unknown, { timeout: t, polling: 100 })),
    screenshot: async (file) => void (await p.screenshot({ path: file })),
    addScript: async (source) => void (await p.evaluate(source)),
    close: () => p.close(),
    url: () => Promise.resolve(p.url()),
  };
}

function wrapPp(p: PpPage): TestPage {
  return {
    goto: async (url) => void (await p.goto(url, { waitUntil: 'domcontentloaded', timeout: scaled(20_000) })),
    reload: async () => void (await p.reload({ waitUntil: 'domcontentloaded' })),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
      p.evaluate(fn as unknown as (a: unknown) => R, arg) as Promise<R>,
    click: async (sel) => {
      await p.waitForSelector(sel, { timeout: scaled(10_000) });
      await p.click(sel);
    },
    // As Playwright's fill() does in Chromium: focus, select what the field holds and insert the
    // text at once, which fires the browser's own (trusted) beforeinput and input events. Typed
    // key by key, account and password cost 0.26-0.34 CPU-s and 620-680 ms per login on the PVM
    // machine kind; this way 0.04-0.06 CPU-s and 130-170 ms (three alternating rounds of 10
    // logins). Under load Firefox also lost the focus after a key. Keyboard behaviour itself is
    // driven with press().
    type: async (sel, text) => {
      const fill = (): Promise<void> =>
        p.$eval(
          sel,
          (el, want) => {
            const input = el as HTMLInputElement;
            input.focus();
            input.select();
            if (!document.execCommand('insertText', false, want) || input.value !== want) {
              input.value = want;
              input.dispatchEvent(new Event('input', { bubbles: true }));
            }
          },
          text,
        );
      // Waiting for the field only when it is not there yet: a wait costs a round trip of its own.
      await fill().catch(async () => {
        await p.waitForSelector(sel, { timeout: scaled(10_000) });
        await fill();
      });
    },
    press: (key) => p.keyboard.press(key as KeyInput),
    waitFor: async (sel, t = scaled(10_000)) => void (await p.waitForSelector(sel, { timeout: t })),
    waitForFunction: async (fn, arg, t = scaled(10_000)) => void (await p.waitForFunction(fn as (a: unknown) => unknown, { timeout: t, polling: 100 }, arg)),
    screenshot: async (file) => void (await p.screenshot({ path: file })),
    addScript: async (source) => void (await p.evaluate(source)),
    close: () => p.close(),
    // puppeteer reports moz-extension pages as about:blank; ask the page.
    url: () => p.evaluate(() => location.href),
  };
}

/**
 * Playwright gives no process for a persistent context: the main process is the
 * one whose command line names this profile and is not a child (no --type=).
 */
function chromiumPid(userData: string): number | null {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd: string[];
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (cmd.includes(`--user-data-dir=${userData}`) && !cmd.some((a) => a.startsWith('--type='))) return Number(pid);
  }
  return null;
}

/**
 * Developer mode on, as for anyone who loads an unpacked extension. Without it, Chromium 156 may
 * disable an unpacked extension that reloads itself (chrome://extensions: disable reason
 * "unsupportedDeveloperExtension"): in 7 reloads, 4 left it disabled for 10 s and more and 3 for
 * about 1.8 s; with it, 6 of 6 were back within 0.8 s. Only the tests reload JOC Guard this way.
 */
async function chromiumDeveloperMode(userData: string): Promise<void> {
  const file = path.join(userData, 'Default', 'Preferences');
  const prefs = JSON.parse(await readFile(file, 'utf8')) as { extensions?: { ui?: Record<string, unknown> } };
  prefs.extensions = { ...prefs.extensions, ui: { ...prefs.extensions?.ui, developer_mode: true } };
  await writeFile(file, JSON.stringify(prefs));
}

/** The Chrome DevTools Protocol id of a page's target. */
async function targetId(p: PwPage): Promise<string> {
  const cdp = await p.context().newCDPSession(p);
  try {
    return (await cdp.send('Target.getTargetInfo')).targetInfo.targetId;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * A new tab that loads `url` from the start. Playwright's newPage() opens about:blank and then
 * navigates; with --process-per-site that blank tab gets a renderer of its own, which the
 * navigation to an already open site throws away: one process started and discarded per tab
 * (24 renderers in one run of lifecycle.e2e.ts, 4 this way). A JOC login tab opened and closed
 * cost 0.85-0.87 CPU-s that way and 0.51-0.54 this way (PVM machine kind, three alternating
 * rounds of 10). The tab is created as Playwright creates its own (Target.createTarget), only
 * with the URL.
 */
async function openChromiumTab(ctx: BrowserContext, url: string): Promise<PwPage> {
  const browserCdp = await ctx.browser()!.newBrowserCDPSession(); // non-null: launchPersistentContext has a browser
  try {
    let created!: (id: string) => void;
    const id = new Promise<string>((resolve) => (created = resolve));
    const opened = ctx.waitForEvent('page', {
      predicate: async (p) => (await targetId(p).catch(() => '')) === (await id),
      timeout: scaled(20_000),
    });
    opened.catch(() => undefined); // awaited below; a failed createTarget must not leave it unhandled
    created((await browserCdp.send('Target.createTarget', { url })).targetId);
    const p = await opened;
    await p.waitForLoadState('domcontentloaded', { timeout: scaled(20_000) });
    if (p.url().startsWith('chrome-error:')) throw new Error(`${url}: the navigation failed (${p.url()})`);
    return p;
  } finally {
    await browserCdp.detach().catch(() => undefined);
  }
}

/**
 * Playwright's own `--disable-features` list (playwright-core 1.65, read off the browser's command
 * line). Chromium honours only the last `--disable-features` switch, so ours repeats this list and
 * Playwright's switch is left out (ignoreDefaultArgs); launchChromium checks that only one is left.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];
/**
 * Chromium 156 builds its address-bar popup (chrome://omnibox-popup.top-chrome/, a web UI in a
 * renderer of its own) at every start, even headless, where no one can type into it. About
 * 2.2 s of CPU per launch on the PVM machine kind (launch and the 6 s after it, three
 * alternating pairs: 6.3, 5.8 and 5.4 CPU-s with it, 3.7, 3.6 and 3.4 without). Nothing JOC
 * Guard does touches it.
 */
const UNUSED_BROWSER_UI = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

async function launchChromium(o: LaunchOptions): Promise<TestBrowser> {
  const profileDir = o.profileDir ?? (await mkdtemp(path.join(os.tmpdir(), 'jg-chromium-')));
  const home = path.join(profileDir, 'home');
  const userData = path.join(profileDir, 'user-data');
  if (!o.profileDir) {
    await mkdir(path.join(home, '.pki/nssdb'), { recursive: true });
    await createNssDb(path.join(home, '.pki/nssdb'), o.pki, o.client);
    await chromiumAutoSelectPrefs(userData);
    await chromiumDeveloperMode(userData);
  }
  let ext = o.extension ?? extDir('chromium');
  let policyFile: string | null = null;
  if (o.chromiumPolicy !== undefined) {
    ext = path.join(profileDir, 'extension');
    await cp(o.extension ?? extDir('chromium'), ext, { recursive: true });
    await mkdir(CHROMIUM_POLICY_DIR, { recursive: true });
    policyFile = path.join(CHROMIUM_POLICY_DIR, `jocguard-e2e-${unpackedExtensionId(ext)}.json`);
    await writeFile(policyFile, JSON.stringify({ '3rdparty': { extensions: { [unpackedExtensionId(ext)]: o.chromiumPolicy } } }));
  }
  const exts = [ext, ...(o.withHelper ? [HELPER_EXT] : [])].join(',');
  const { chromium: pwChromium } = await import('playwright-core');
  const launched = pwChromium.launchPersistentContext(userData, {
    executablePath: '/usr/bin/chromium',
    headless: !o.headful,
    colorScheme: o.colorScheme ?? 'light',
    timeout: LAUNCH_TIMEOUT,
    env: { ...process.env, HOME: home, ...o.env },
    args: [
      `--disable-extensions-except=${exts}`,
      `--load-extension=${exts}`,
      '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync',
      '--disable-background-networking', '--disable-component-update', '--disable-quic',
      // All tabs of one site in one renderer instead of one renderer per tab (RENDERERS above).
      '--process-per-site',
      `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...UNUSED_BROWSER_UI].join(',')}`,
      ...(o.chromiumArgs ?? []),
    ],
    ignoreDefaultArgs: [`--disable-features=${PLAYWRIGHT_DISABLED_FEATURES.join(',')}`],
  });
  const ctx: BrowserContext = await launched.catch(async (err: unknown) => {
    if (policyFile) await rm(policyFile, { force: true });
    throw err;
  });
  const close = async (): Promise<void> => {
    await ctx.close().catch(() => undefined);
    if (policyFile) await rm(policyFile, { force: true });
    if (!o.profileDir && !o.keepProfile) await rm(profileDir, { recursive: true, force: true });
  };
  const pid = chromiumPid(userData);
  const switches = pid === null ? [] : readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a.startsWith('--disable-features='));
  if (switches.length > 1) {
    await close();
    if (!o.profileDir) await rm(profileDir, { recursive: true, force: true }); // a kept profile too: nobody gets its path
    throw new Error('Chromium got two --disable-features switches and honours only the last: update PLAYWRIGHT_DISABLED_FEATURES (browsers.ts) to Playwright\'s list');
  }
  // Wait for our service worker: the extension is ready.
  const deadline = Date.now() + LAUNCH_TIMEOUT;
  while (!ctx.serviceWorkers().some((w) => w.url().endsWith('/background.js')) && Date.now() < deadline) {
    await ctx.waitForEvent('serviceworker', { timeout: 5_000 }).catch(() => undefined);
  }
  const findPage = async (prefix: string, timeoutMs = scaled(10_000)): Promise<TestPage> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = ctx.pages().find((p) => p.url().includes(prefix));
      if (hit) {
        await hit.waitForLoadState('domcontentloaded', { timeout: Math.max(scaled(5_000), end - Date.now()) });
        return wrapPw(hit);
      }
      if (Date.now() > end) throw new Error(`no page starting with ${prefix}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    name: 'chromium',
    profileDir,
    raw: { kind: 'chromium', ctx },
    pid: () => chromiumPid(userData),
    newPage: async (url) => wrapPw(url ? await openChromiumTab(ctx, url) : await ctx.newPage()),
    findPage,
    close,
  };
}

async function launchFirefox(o: LaunchOptions): Promise<TestBrowser> {
  const profileDir = o.profileDir ?? (await mkdtemp(path.join(os.tmpdir(), 'jg-firefox-')));
  const profile = path.join(profileDir, 'profile');
  const home = path.join(profileDir, 'home');
  if (!o.profileDir) {
    await mkdir(profile, { recursive: true });
    if (existsSync(path.join(FIREFOX_TEMPLATE, STAMP_FILE))) {
      // Replaced by another run meanwhile (Firefox changed): a fresh profile instead of half a template.
      await cp(path.join(FIREFOX_TEMPLATE, 'profile'), profile, { recursive: true }).catch(async () => {
        await rm(profile, { recursive: true, force: true });
        await mkdir(profile, { recursive: true });
      });
    }
    await createNssDb(profile, o.pki, o.client);
  }
  if (o.managedPolicy !== undefined) {
    const dir = path.join(home, '.mozilla/managed-storage');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'joc-guard@joc-guard.invalid.json'),
      JSON.stringify({ name: 'joc-guard@joc-guard.invalid', description: 'test policy', type: 'storage', data: o.managedPolicy }),
    );
  }
  await mkdir(home, { recursive: true });
  const { default: puppeteer } = await import('puppeteer-core');
  const browser: PpBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    timeout: LAUNCH_TIMEOUT,
    protocolTimeout: 60_000,
    ...(o.extensionPages ? { args: ['-remote-allow-system-access'] } : {}),
    env: { ...process.env, HOME: home, ...o.env },
    extraPrefsFirefox: {
      'security.default_personal_cert': 'Select Automatically',
      'extensions.webextensions.uuids': JSON.stringify({ 'joc-guard@joc-guard.invalid': FIREFOX_UUID }),
      'browser.sessionstore.interval': 500,
      // The add-on is installed temporarily; keep its storage and id across restarts like a real install.
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
      // All web pages in one content process instead of up to eight (RENDERERS above).
      'dom.ipc.processCount': 1,
      // No content processes started ahead of need: Firefox kept three idle ones, which one web
      // process never uses. Launch and the 4 s after it, three alternating pairs on the PVM
      // machine kind: 6.8/6.3/6.4 -> 5.6/5.6/5.8 CPU-s; two pages opened after it cost the same.
      'dom.ipc.processPrelaunch.enabled': false,
      ...(o.backgroundIdleMs ? { 'extensions.background.idle.timeout': o.backgroundIdleMs } : {}),
      ...o.firefoxPrefs,
      // 0 = dark, 1 = light (BiDi has no media emulation).
      'layout.css.prefers-color-scheme.content-override': o.colorScheme === 'dark' ? 0 : 1,
    },
  });
  const install = async (): Promise<void> => void (await browser.installExtension(o.extension ?? extDir('firefox')));
  if (!o.deferExtension) await install();
  if (o.withHelper) await browser.installExtension(HELPER_EXT);
  const findPage = async (prefix: string, timeoutMs = scaled(10_000)): Promise<TestPage> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const seen: string[] = [];
      for (const p of await browser.pages()) {
        const href = await p.evaluate(() => location.href).catch((e: unknown) => e);
        if (typeof href === 'string' && href.includes(prefix)) return wrapPp(p);
        seen.push(typeof href === 'string' ? href.replace(/[?#].*$/, '') : `${p.url().replace(/[?#].*$/, '')} (not readable: ${href instanceof Error ? href.message.slice(0, 60) : '?'})`);
      }
      if (Date.now() > end) throw new Error(`no page starting with ${prefix} (open: ${seen.join(', ')})`);
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  return {
    name: 'firefox',
    ...(o.deferExtension ? { installExtension: install } : {}),
    profileDir,
    raw: { kind: 'firefox', browser },
    pid: () => browser.process()?.pid ?? null,
    newPage: async (url) => {
      const p = wrapPp(await browser.newPage());
      if (url) await p.goto(url);
      return p;
    },
    findPage,
    close: async () => {
      const throwAway = !o.profileDir && !o.keepProfile;
      // A profile about to be removed needs no orderly shutdown: killing saves about 0.6 s of
      // CPU per launch (measured over 5 launches). Profiles kept for a restart close in order.
      if (throwAway) browser.process()?.kill('SIGKILL');
      await browser.close().catch(() => undefined);
      if (throwAway) await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/** Once per run (global setup): the Firefox profile template (firefox-template.ts). */
export async function prepareFirefoxTemplate(pki: Pki): Promise<void> {
  await ensureFirefoxTemplate(async (dir) => {
    const b = await launchFirefox({ pki, client: null, deferExtension: true, profileDir: dir });
    await new Promise((r) => setTimeout(r, 2000)); // the writes Firefox makes just after its start
    await b.close();
  });
}

export function launch(name: BrowserName, o: LaunchOptions): Promise<TestBrowser> {
  return name === 'chromium' ? launchChromium(o) : launchFirefox(o);
}
