// `npm start`: builds JOC Guard, starts the embedded JOC Cockpit simulator
// (JS7 GUI, HTTPS with required client certificates, generated PKI) and opens
// Chromium with the extension and the test client certificate in a temporary
// profile. Without a display (or with --headless) it walks a short scripted
// tour instead and prints what JOC Guard did.
//
// The demo uses the E2E build: identical code, plus the simulator origin
// pre-granted and a test bridge used to configure it (see README).
import { createHash } from 'node:crypto';
import { ensureSystemDeps } from './ensure-deps.ts';
import { build } from './build.ts';
import { launch, type TestBrowser } from '../test/e2e/support/browsers.ts';
import { guiLogin, helper, readStorage, tokenIn, waitForToken } from '../test/e2e/support/gui.ts';
import { configure, hook, openPopup, settingsFor, sleep } from '../test/e2e/support/jocguard.ts';
import { startSim, testPki } from '../test/e2e/support/sim.ts';
import type { AuditRecord } from '../src/shared/audit/types.ts';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const variant = process.argv.includes('--1x') ? '1x' : 'js7';
const say = (s: string): void => console.log(`• ${s}`);

async function main(): Promise<void> {
  await ensureSystemDeps(say);
  say('building the extension (dist-e2e/)…');
  await build({ e2e: true, quiet: true });
  const pki = await testPki();
  const sim = await startSim({ variant, clientAuth: 'need', idleTimeoutMs: 10 * 60_000 });
  say(`JOC Cockpit simulator (${variant === 'js7' ? 'JS7' : 'JobScheduler 1.x'} GUI, client certificate required): ${sim.url}`);
  say('accounts: apmacwin / secret (matches the client certificate CN), root / root');
  say(`client certificate (PKCS#12, empty password): ${pki.clients.rsa.p12}`);
  let browser: TestBrowser | null = null;
  const stop = async (): Promise<void> => {
    await browser?.close();
    await sim.close();
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));

  if (!headless) {
    browser = await launch('chromium', { pki, client: 'rsa', headful: true });
    const setup = await configure(browser, sim.origin, settingsFor(sim.origin));
    await setup.goto(`${sim.url}#/login`);
    say('Chromium is open with JOC Guard. Log in as apmacwin / secret; close the window or press Ctrl+C to stop.');
    await new Promise<void>(() => undefined);
    return;
  }

  say('no display: running the scripted tour in headless Chromium');
  browser = await launch('chromium', { pki, client: 'rsa', withHelper: true });
  await configure(browser, sim.origin, settingsFor(sim.origin));
  const page = await browser.newPage(`${sim.url}${variant === 'js7' ? '#/login' : '#!/login'}`);
  await page.waitForFunction(() => document.querySelector('[data-joc-guard="hints"]') !== null);
  const disabled = await page.evaluate(() => document.querySelector<HTMLInputElement>('label[name="rememberMe"] input, input[ng-model="lc.rememberMe"]')?.disabled);
  say(`login page: Remember Me checkbox ${disabled ? 'disabled by policy (forbid)' : 'NOT disabled'}`);
  await guiLogin(page, { account: 'apmacwin', password: 'secret', variant });
  const token = await waitForToken(page);
  const fp = createHash('sha256').update(token).digest('hex').slice(0, 8);
  say(`logged in as apmacwin over mutual TLS; token in sessionStorage (sha256 ${fp}…), valid on the server: ${sim.isTokenValid(token)}`);
  const popup = await openPopup(browser, page);
  const summary = await popup.evaluate(() => ({
    session: (document.querySelector<HTMLElement>('[data-testid="session-state"]')?.innerText ?? '').replace(/\s*\n+\s*/g, '; '),
    policy: (document.querySelector<HTMLElement>('[data-testid="policy-mode"]')?.innerText ?? '').trim(),
  }));
  say(`popup: ${summary.session} | ${summary.policy}`);
  await popup.close();
  say('closing the JOC tab without logging out…');
  await sleep(1500);
  const keep = await browser.newPage(`${sim.origin}/__sim/blank`);
  await helper(page, 'close-me');
  for (let i = 0; i < 50 && sim.isTokenValid(token); i++) await sleep(100);
  say(`after the last tab closed: token valid on the server: ${sim.isTokenValid(token)}`);
  await helper(keep, 'restore');
  await sleep(1500);
  const restored = await browser.findPage('/joc/');
  say(`tab restored: token visible to the page: ${tokenIn(await readStorage(restored)) !== null}`);
  const records = await hook<AuditRecord[]>(keep, 'audit');
  say('audit trail:');
  for (const r of records) console.log(`    ${r.ts} ${r.type.padEnd(20)} ${r.reason ?? r.result ?? ''} ${r.storage ?? ''} ${r.fp ?? ''}`);
  await stop();
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
