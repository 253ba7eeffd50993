// The release packages in the real browsers: the .crx (verified and unpacked,
// as Chromium's installer does) and the .xpi itself. Release builds have no
// test bridge, so JOC Guard is set up the way an administrator and a user do:
// the package is made with `--hosts https://localhost` (host access granted at
// install, as for a fleet), the simulator's origin is added on the options
// page, and the popup is opened as a page. Also: our CRX3 writer gives the
// same bytes as Chromium's own packer, and Chromium runs the extension under
// the id we put into update.xml.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageVersion } from '../../tools/build.ts';
import { readCrx3, unpackCrx3, writeCrx3 } from '../../tools/crx3.ts';
import { artifactName, packageRelease, type PackageResult } from '../../tools/package.ts';
import { run } from '../../tools/proc.ts';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, FIREFOX_UUID, launch, scaled, type TestBrowser, type TestPage } from './support/browsers.ts';
import { startSim, testPki } from './support/sim.ts';
import { expectGuardedLogin, openAndFind } from './support/jocguard.ts';

const VERSION = packageVersion();
let tmp: string;
let key: KeyObject;
let pkg: PackageResult;
let crxDir: string;

/**
 * The release packages of this run, made once for both browser projects (they run in
 * two workers of the same vitest process, mostly at the same time): the first worker
 * builds into .tmp/e2e-packaged-<vitest pid>/, the other waits for it. Directories
 * of earlier runs are removed. Each worker then works on its own copies.
 */
async function sharedPackage(): Promise<{ pkg: PackageResult; key: KeyObject }> {
  const base = path.resolve(import.meta.dirname, '../../.tmp');
  const dir = path.join(base, `e2e-packaged-${process.ppid}`);
  const result = path.join(dir, 'result.json');
  const failed = path.join(dir, 'failed');
  await mkdir(base, { recursive: true });
  let builder = true;
  await mkdir(dir).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    builder = false;
  });
  if (builder) {
    for (const old of (await readdir(base)).filter((d) => /^e2e-packaged-\d+$/.test(d) && path.join(base, d) !== dir)) {
      const pid = Number(old.slice('e2e-packaged-'.length));
      if (!existsSync(`/proc/${pid}`)) await rm(path.join(base, old), { recursive: true, force: true });
    }
    try {
      const k = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const made = await packageRelease({
        outDir: path.join(dir, 'artifacts'),
        buildRoot: path.join(dir, 'build'),
        hosts: ['https://localhost'],
        crxKey: k,
        baseUrl: 'https://updates.example.invalid/joc-guard/',
        log: () => undefined,
      });
      await writeFile(`${result}.part`, JSON.stringify({ pkg: made, key: k.export({ type: 'pkcs8', format: 'pem' }) }), { mode: 0o600 });
      await rename(`${result}.part`, result);
    } catch (err) {
      await writeFile(failed, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }
  for (;;) {
    if (existsSync(result)) {
      const r = JSON.parse(await readFile(result, 'utf8')) as { pkg: PackageResult; key: string };
      return { pkg: r.pkg, key: createPrivateKey(r.key) };
    }
    if (existsSync(failed)) throw new Error(`the other worker's package build failed: ${await readFile(failed, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'jg-packaged-'));
  ({ pkg, key } = await sharedPackage());
  crxDir = path.join(tmp, 'chromium-from-crx');
  unpackCrx3(await readFile(path.join(pkg.outDir, artifactName(VERSION, 'chromium.crx'))), crxDir, { addKey: true });
}, scaled(180_000)); // a hang guard: the release build shares the cores with three other files

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

it("writes the same CRX3 bytes as Chromium's own packer for the same key and archive", async () => {
  // Chromium packs the unpacked Chromium build with our key; we sign its zip again.
  const dir = path.join(tmp, 'chromium-pack');
  await mkdir(dir);
  const keyFile = path.join(dir, 'key.pem');
  await writeFile(keyFile, key.export({ type: 'pkcs8', format: 'pem' }));
  // Chromium writes <dir>.crx next to the directory: a copy of the build, as the other worker may pack it too.
  const build = path.join(dir, 'chromium');
  await cp(pkg.buildDirs.chromium, build, { recursive: true });
  await run(
    '/usr/bin/chromium',
    ['--headless', '--no-sandbox', `--user-data-dir=${path.join(dir, 'profile')}`, `--pack-extension=${build}`, `--pack-extension-key=${keyFile}`],
    { quiet: true, timeoutMs: 60_000, env: { ...process.env, HOME: dir } },
  );
  const theirs = await readFile(`${build}.crx`);
  await rm(`${build}.crx`);
  const verified = readCrx3(theirs);
  expect(verified.extensionId).toBe(pkg.extensionId);
  expect(writeCrx3(verified.zip, key).equals(theirs)).toBe(true);
});

/**
 * Opens an extension page the way a user types its URL (Firefox needs
 * -remote-allow-system-access for that). Firefox moves the tab into the
 * extension process; puppeteer then reports the navigation as aborted although
 * it succeeded, so the page is looked up among the browser's pages (openAndFind).
 */
function openExtensionPage(browser: TestBrowser, url: string): Promise<TestPage> {
  const open = async (): Promise<void> => {
    const page = await browser.newPage();
    void page.goto(url).catch(() => undefined);
  };
  return openAndFind(browser, open, url, (page) => page.waitForFunction(() => document.readyState === 'complete'), 15_000);
}

describe.each(BROWSERS)('packaged build in %s', (name) => {
  let sim: Simulator;
  let browser: TestBrowser;
  beforeAll(async () => {
    sim = await startSim({ variant: 'js7', clientAuth: 'need' });
    const extension = name === 'chromium' ? crxDir : path.join(pkg.outDir, artifactName(VERSION, 'firefox.xpi'));
    browser = await launch(name, { pki: await testPki(), client: 'rsa', extension, extensionPages: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  it('is configured on its options page, guards the login page over mTLS and shows its version in the popup', async () => {
    // Chromium: the id update.xml announces (from the CRX key) is the id Chromium gives the extension.
    const base = name === 'chromium' ? `chrome-extension://${pkg.extensionId}/` : `moz-extension://${FIREFOX_UUID}/`;
    const options = await openExtensionPage(browser, `${base}options.html`);
    await options.waitFor('[data-testid="origin-input"]');
    expect(await options.evaluate(() => document.querySelector('[data-testid="version"]')?.textContent ?? '')).toContain(VERSION);

    // Add the simulator's origin as a user does. The host permission was granted
    // at install (--hosts), so the browser's permission request answers yes at once.
    await options.type('[data-testid="origin-input"]', sim.origin);
    await options.click('[data-testid="origin-add"]');
    await options
      .waitForFunction(() => document.querySelector('[data-testid="origin-note"]')?.classList.contains('msg-ok') === true)
      .catch(async (err: unknown) => {
        const note = await options.evaluate(() => document.querySelector('[data-testid="origin-note"]')?.textContent ?? '(no note)');
        throw new Error(`adding ${sim.origin} on the options page did not succeed: ${note}`, { cause: err });
      });

    const page = await browser.newPage(`${sim.url}#/login`);
    await expectGuardedLogin(page, () => sim.requests.map((r) => r.clientCn));

    // No test bridge in a release package: nobody answers its event.
    await page.evaluate(() => document.dispatchEvent(new CustomEvent('jocguard-e2e', { detail: { id: 1, action: 'tabs' } })));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-jocguard-e2e'))).toBeNull();

    // The popup for the login page's tab, opened as a page.
    const origin = sim.origin;
    const tabId = await options.evaluate(async (o: string) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return (await api.tabs.query({})).find((t) => t.url?.startsWith(o))?.id ?? null;
    }, origin);
    expect(tabId).not.toBeNull();
    const popup = await openExtensionPage(browser, `${base}popup.html?tabId=${String(tabId)}`);
    await popup.waitFor('#popup[data-state="ready"]');
    expect(await popup.evaluate(() => document.querySelector('[data-testid="origin"]')?.textContent ?? '')).toContain('localhost');
    expect(await popup.evaluate(() => document.querySelector('[data-testid="policy-mode"]')?.getAttribute('data-mode'))).toBe('forbid');
    expect(await popup.evaluate(() => document.querySelector('[data-testid="version"]')?.textContent ?? '')).toContain(VERSION);
    // Access came with the install (--hosts): nothing to grant.
    expect(await popup.evaluate(() => document.querySelector('[data-testid="grant-origin"]') === null)).toBe(true);
  });
});
