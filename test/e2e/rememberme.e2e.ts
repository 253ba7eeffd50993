// Issue #5, Remember Me rows of the seed tables: what the login form and
// localStorage hold under each policy, in both browsers and both GUIs.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/shared/audit/types.ts';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, launch, type TestBrowser, type TestPage } from './support/browsers.ts';
import { guiLogin, readStorage, waitForToken } from './support/gui.ts';
import { auditRecords, configure, eventually, hook, settingsFor, sleep } from './support/jocguard.ts';
import { REMEMBER } from './support/leftovers.ts';
import { startSim, testPki } from './support/sim.ts';

type Variant = 'js7' | '1x';
const route = (v: Variant, r: string): string => (v === 'js7' ? `#/${r}` : `#!/${r}`);
const boxSel = (v: Variant): string => (v === 'js7' ? 'label[name="rememberMe"] input' : 'input[ng-model="lc.rememberMe"]');
const firstRead = (p: TestPage): Promise<{ rememberLocal: string | null }> =>
  p.evaluate(() => (window as unknown as { __simFirstRead: { rememberLocal: string | null } }).__simFirstRead);

describe.each(BROWSERS)('%s', (name) => {
  // One browser for both GUIs: every test has its own simulator (below), so the
  // two GUIs' tests share no more than the tests of one GUI already do.
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launch(name, { pki: await testPki(), client: 'rsa' });
  });
  afterAll(() => browser?.close());

  describe.each(['js7', '1x'] as Variant[])('Remember Me, %s GUI', (variant) => {
    // One simulator (origin, hence localStorage) per test: a page left open under
    // a looser policy keeps it until reloaded and would disturb the next test.
    let sim: Simulator;
    beforeEach(async () => {
      sim = await startSim({ variant, clientAuth: 'need' });
    });
    afterEach(() => sim?.close());
    /** The audit records of this test (its own simulator, hence origin). */
    const audit = (p: TestPage): Promise<AuditRecord[]> => auditRecords(p, sim.origin);

    it('forbid: remembered credentials removed before the page reads them, checkbox disabled, bypass undone', async () => {
      // Left behind by an earlier Remember Me login, while the policy allowed it (same origin → same
      // localStorage). Then the policy becomes forbid while no page of the origin is open: under forbid
      // an open page of the origin removes such credentials itself within a second (audited as a
      // bypass), which under load came before the login page below. The control page from here on is on
      // the same simulator by address (127.0.0.1): another origin, not guarded.
      const planting = await configure(browser, sim.origin, settingsFor(sim.origin, (s) => (s.rememberMe.mode = 'allow')));
      await planting.evaluate(() => {
        localStorage.setItem('$SOS$FOO', 'U2FsdGVkX1+account');
        localStorage.setItem('$SOS$BOO', 'U2FsdGVkX1+password');
        localStorage.setItem('$SOS$REMEMBER', 'true');
        localStorage.setItem('$SOS$THEME', 'dark'); // not ours: must survive
      });
      await planting.close();
      const control = await configure(browser, sim.origin.replace('localhost', '127.0.0.1'), settingsFor(sim.origin));
      const page = await browser.newPage(`${sim.url}${route(variant, 'login')}`);
      expect((await firstRead(page)).rememberLocal).toBeNull();
      const s = await readStorage(page);
      for (const k of REMEMBER) expect(s.local[k]).toBeUndefined();
      expect(s.local.$SOS$THEME).toBe('dark');
      await page.waitForFunction((sel: string) => {
        const b = document.querySelector<HTMLInputElement>(sel);
        return b?.disabled === true && !b.checked;
      }, boxSel(variant));
      // Something re-enables and ticks the box: JOC Guard unticks and disables it again.
      await page.evaluate((sel: string) => {
        const b = document.querySelector<HTMLInputElement>(sel);
        if (b) {
          b.disabled = false;
          b.click();
        }
      }, boxSel(variant));
      await page.waitForFunction((sel: string) => {
        const b = document.querySelector<HTMLInputElement>(sel);
        return b?.disabled === true && !b.checked;
      }, boxSel(variant));
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant });
      await waitForToken(page);
      // A modified GUI writes the credentials anyway: removed within a second and audited.
      await page.evaluate(() => {
        localStorage.setItem('$SOS$FOO', 'U2FsdGVkX1+account');
        localStorage.setItem('$SOS$BOO', 'U2FsdGVkX1+password');
        localStorage.setItem('$SOS$REMEMBER', 'true');
      });
      await eventually(async () => (await readStorage(page)).local.$SOS$BOO === undefined, 'password removed from localStorage', 3000);
      await eventually(async () => (await audit(control)).some((r) => r.type === 'rememberme.bypass'), 'audit bypass');
      await eventually(
        async () => (await audit(control)).some((r) => r.type === 'rememberme.enforced' && r.reason === 'credentials-removed'),
        'audit credentials-removed',
        10_000,
        async () => `audit: ${(await audit(control)).map((r) => `${r.type}/${r.reason ?? ''}`).join(', ')}`,
      );
      expect((await audit(control)).some((r) => r.type === 'rememberme.enforced' && r.reason === 'checkbox-disabled')).toBe(true);
      await page.close();
      await control.close();
    });

    it('allow → forbid while the login page is open: enforced at once, without a reload', async () => {
      const control = await configure(browser, sim.origin, settingsFor(sim.origin, (s) => (s.rememberMe.mode = 'allow')));
      const page = await browser.newPage(`${sim.url}${route(variant, 'login')}`);
      await page.waitForFunction((sel: string) => document.querySelector<HTMLInputElement>(sel)?.disabled === false, boxSel(variant));
      await page.evaluate(() => {
        (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
        localStorage.setItem('$SOS$FOO', 'U2FsdGVkX1+account');
        localStorage.setItem('$SOS$BOO', 'U2FsdGVkX1+password');
      });
      // The administrator tightens the policy; the page stays open.
      await hook(control, 'configure', settingsFor(sim.origin));
      await page.waitForFunction((sel: string) => {
        const b = document.querySelector<HTMLInputElement>(sel);
        return b?.disabled === true && !b.checked;
      }, boxSel(variant));
      await eventually(async () => (await readStorage(page)).local.$SOS$BOO === undefined, 'remembered password removed from the open page', 3000);
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      await eventually(
        async () => (await audit(control)).some((r) => r.type === 'rememberme.enforced' && r.reason === 'credentials-removed' && (r.detail ?? '').includes('policy changed')),
        'audit: credentials removed after the policy change',
      );
      await page.close();
      await control.close();
    });

    it('allow: the form is unchanged and remembers; tokens are still cleared at logout', async () => {
      const control = await configure(browser, sim.origin, settingsFor(sim.origin, (s) => (s.rememberMe.mode = 'allow')));
      const page = await browser.newPage(`${sim.url}${route(variant, 'login')}`);
      await page.waitFor(boxSel(variant));
      await sleep(500);
      expect(await page.evaluate((sel: string) => document.querySelector<HTMLInputElement>(sel)?.disabled, boxSel(variant))).toBe(false);
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant, remember: true });
      const token = await waitForToken(page);
      await sleep(300);
      await page.click('#sim-logout');
      await eventually(() => !sim.isTokenValid(token), 'logged out');
      // The server forgets the token before the page has its answer: wait for the page.
      await eventually(async () => ((await readStorage(page)).session.$SOS$accessTokenId ?? '') === '', 'token cleared in the page');
      expect((await readStorage(page)).local.$SOS$REMEMBER).toBe('true');
      await page.close();
      await control.close();
    });

    it('expire: remembered credentials removed once the configured time without a login has passed', async () => {
      const control = await configure(browser, sim.origin, settingsFor(sim.origin, (s) => (s.rememberMe = { mode: 'expire', expireAfterHours: 1 })));
      const page = await browser.newPage(`${sim.url}${route(variant, 'login')}`);
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant, remember: true });
      await waitForToken(page);
      await sleep(300);
      await page.click('#sim-logout');
      await eventually(async () => (await readStorage(page)).local.$SOS$REMEMBER === 'true', 'remembered after logout');
      // Within the time: the next visit still finds them.
      const again = await browser.newPage(`${sim.url}${route(variant, 'login')}`);
      await eventually(async () => (await readStorage(again)).local.$SOS$REMEMBER === 'true', 'kept within the time');
      await again.close();
      // Pretend the last login was long ago.
      await hook(control, 'age-remember');
      const later = await browser.newPage(`${sim.url}${route(variant, 'login')}`);
      expect((await firstRead(later)).rememberLocal).toBeNull();
      await sleep(500);
      const s = await readStorage(later);
      for (const k of REMEMBER) expect(s.local[k]).toBeUndefined();
      await eventually(async () => (await audit(control)).some((r) => r.type === 'rememberme.expired'), 'audit rememberme.expired');
      await later.close();
      await page.close();
      await control.close();
    });
  });
});
