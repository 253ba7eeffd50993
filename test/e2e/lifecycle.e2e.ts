// Issue #5: every way a JOC session ends leaves nothing usable behind — in
// both browsers and both GUI generations. Each scenario asserts what a user or
// an attacker could observe: the page's storages and cookies, what the first
// page script could read, the server's token registry and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/shared/audit/types.ts';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, launch, type TestBrowser, type TestPage } from './support/browsers.ts';
import { expireOnNextCall, guiLogin, helper, readStorage, tokenIn, waitForToken } from './support/gui.ts';
import { auditRecords, configure, eventually, lastAuditSeq, openPopup, settingsFor, sleep } from './support/jocguard.ts';
import { expectNoToken, restoreClosed } from './support/leftovers.ts';
import { startSim, testPki } from './support/sim.ts';

type Variant = 'js7' | '1x';
const VARIANTS: Variant[] = ['js7', '1x'];
const SLOW_LOGOUT_MS = 1500;
const loginRoute = (v: Variant): string => (v === 'js7' ? '#/login' : '#!/login');

describe.each(BROWSERS)('%s', (name) => {
  // One browser for every block; each block has its own simulator, and its audit checks look at its origin only.
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launch(name, { pki: await testPki(), client: 'rsa', withHelper: true });
  });
  afterAll(() => browser?.close());

  describe.each(VARIANTS)('session end, %s GUI', (variant) => {
    let sim: Simulator;
    let control: TestPage;

    /** While set, the simulator answers the GUI's logout call SLOW_LOGOUT_MS late (the logout itself takes effect then). */
    let slowLogout = false;
    let logoutHeld = 0;

    beforeAll(async () => {
      sim = await startSim({
        variant,
        clientAuth: 'need',
        idleTimeoutMs: 4000,
        extraHandler: async (req) => {
          if (slowLogout && /\/(authentication|security)\/logout$/.test(req.url ?? '')) {
            logoutHeld += 1;
            await sleep(SLOW_LOGOUT_MS);
          }
          return false;
        },
      });
      control = await configure(browser, sim.origin, settingsFor(sim.origin));
    });
    afterAll(async () => {
      await sim?.close();
    });

    async function loggedIn(idleMs = 600_000): Promise<{ page: TestPage; token: string }> {
      sim.setIdleTimeoutMs(idleMs);
      const page = await browser.newPage(`${sim.url}${loginRoute(variant)}`);
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant });
      const token = await waitForToken(page);
      expect(sim.isTokenValid(token)).toBe(true);
      await sleep(300); // let the content script report it
      return { page, token };
    }

    it('logout: both storages cleared, token invalid, audited', async () => {
      const { page, token } = await loggedIn();
      if (variant === '1x') {
        // The 1.x log window puts the token into a cookie (path=/).
        await page.click('#sim-open-log');
        expect((await readStorage(page)).cookies).toContain('$SOS$accessTokenId');
      }
      await page.click('#sim-logout');
      await eventually(() => !sim.isTokenValid(token), 'server-side logout');
      await eventually(async () => tokenIn(await readStorage(page)) === null, 'storage cleared');
      // The GUI blanks its own keys first; JOC Guard's clear (which also takes the 1.x cookie) follows.
      await eventually(async () => !(await readStorage(page)).cookies.includes('$SOS$accessTokenId'), 'token cookie removed', 3000);
      await expectNoToken(page);
      await eventually(async () => (await auditRecords(control, sim.origin)).some((r) => r.type === 'session.end' && r.reason === 'logout'), 'audit session.end logout');
      const text = JSON.stringify(await auditRecords(control)); // every record, of every origin
      expect(text).not.toContain(token);
    });

    it('logout clicked and the tab closed before the answer: audited as a logout, token invalid', async () => {
      const seq = await lastAuditSeq(control, sim.origin);
      const { page, token } = await loggedIn();
      slowLogout = true; // the server holds the GUI's logout answer: the tab closes while it is in flight
      try {
        await page.click('#sim-logout');
        await eventually(() => logoutHeld > 0, 'the GUI logout call reached the server');
        await helper(page, 'close-me');
        await eventually(() => !sim.isTokenValid(token), 'server-side logout', 8000);
        const ends = async (): Promise<AuditRecord[]> => (await auditRecords(control, sim.origin)).filter((r) => r.type === 'session.end' && r.seq > seq);
        await eventually(async () => (await ends()).length > 0, 'audit session.end');
        await sleep(SLOW_LOGOUT_MS); // the held answer (or its cut connection) is heard too: still one end
        expect((await ends()).map((r) => r.reason)).toEqual(['logout']);
      } finally {
        slowLogout = false;
      }
    });

    it('server expiry (440 on a data call): cleared at once', async () => {
      const { page, token } = await loggedIn();
      await expireOnNextCall(page, () => sim.expireToken(token));
      await eventually(async () => tokenIn(await readStorage(page)) === null, 'storage cleared after 440');
      await expectNoToken(page);
      await eventually(async () => (await auditRecords(control, sim.origin)).some((r) => r.type === 'session.end' && r.reason === 'server-expired'), 'audit server-expired');
    });

    it('last tab closed: token invalidated on the server; other tabs of the session keep working until then', async () => {
      const { page, token } = await loggedIn();
      // A second tab of the same session (window.open copies sessionStorage).
      await page.evaluate((url: string) => void window.open(url, '_blank'), `${sim.url}?tab=2${variant === 'js7' ? '#/dashboard' : '#!/dashboard'}`);
      const second = await browser.findPage('?tab=2');
      await second.waitFor('#sim-account');
      expect(tokenIn(await readStorage(second))).toBe(token);
      await sleep(500);
      await helper(page, 'close-me');
      await sleep(1500);
      expect(sim.isTokenValid(token)).toBe(true); // one tab still holds it
      await second.click('#sim-load');
      await second.waitForFunction(() => (document.getElementById('sim-data')?.textContent ?? '').startsWith('200'));
      await helper(second, 'close-me');
      await eventually(() => !sim.isTokenValid(token), 'server-side invalidation after the last tab closed', 5000);
      await eventually(
        async () => (await auditRecords(control, sim.origin)).some((r) => r.type === 'token.invalidated' && r.reason === 'tab-closed' && r.result === 'ok'),
        'audit token.invalidated tab-closed',
      );
    });

    it('closed tab restored: the stale token is gone before any page script runs', async () => {
      const { page, token } = await loggedIn();
      await sleep(1500); // the browser records the closed tab's state
      await helper(page, 'close-me');
      await eventually(() => !sim.isTokenValid(token), 'server-side invalidation', 5000);
      const { restored, firstRead } = await restoreClosed(browser, control);
      expect(firstRead).toEqual({ local: '', session: '' });
      await expectNoToken(restored);
      await restored.close();
    });

    it('rapid close and reopen: no usable token comes back', async () => {
      const { page, token } = await loggedIn();
      await helper(page, 'close-me');
      const { restored, firstRead } = await restoreClosed(browser, control); // at once, no pause
      expect(firstRead).toEqual({ local: '', session: '' });
      await eventually(() => !sim.isTokenValid(token), 'server-side invalidation', 5000);
      await expectNoToken(restored);
      await restored.close();
    });

    it('"End session now" in the popup: server logout, page cleared', async () => {
      const { page, token } = await loggedIn();
      const popup = await openPopup(browser, page);
      await popup.waitForFunction(() => document.querySelector('[data-testid="session-state"]')?.getAttribute('data-session') === 'live');
      await popup.click('[data-testid="end-session"]');
      await eventually(() => !sim.isTokenValid(token), 'server-side logout from the popup');
      await eventually(async () => tokenIn(await readStorage(page)) === null, 'page cleared');
      await popup.close();
    });

    it('reload of a live tab keeps the session', async () => {
      const { page, token } = await loggedIn();
      await page.reload();
      await page.waitFor('#sim-account');
      expect(tokenIn(await readStorage(page))).toBe(token);
      expect(sim.isTokenValid(token)).toBe(true);
    });
  });

  describe('idle timeout (JS7)', () => {
    let sim: Simulator;
    let control: TestPage;
    beforeAll(async () => {
      sim = await startSim({ variant: 'js7', clientAuth: 'need', idleTimeoutMs: 4000 });
      control = await configure(browser, sim.origin, settingsFor(sim.origin));
    });
    afterAll(async () => {
      await sim?.close();
    });

    it('clears both storages when the announced idle time passes, even in a background tab', async () => {
      const page = await browser.newPage(`${sim.url}#/login`);
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
      const token = await waitForToken(page);
      // Another tab in front: the JOC tab is in the background.
      const front = await browser.newPage(`${sim.origin}/__sim/blank`);
      await eventually(async () => tokenIn(await readStorage(page)) === null, 'cleared at idle timeout', 9000);
      expect(sim.isTokenValid(token)).toBe(false);
      await eventually(async () => (await auditRecords(front, sim.origin)).some((r) => r.type === 'session.end' && (r.reason === 'idle-timeout' || r.reason === 'logout')), 'audit');
      const ends = (await auditRecords(control, sim.origin)).filter((r) => r.type === 'session.end');
      expect(ends.some((r) => r.reason === 'idle-timeout')).toBe(true);
    });
  });
});
