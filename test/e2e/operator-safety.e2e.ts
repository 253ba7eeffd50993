// Issue 18: operator safety, in both browsers. Each scenario logs in two JOC
// sessions on two origins (two simulators) and shows that both end as with
// "End session now": invalid on the server, nothing left in either storage of
// their tabs, audited with the scenario's reason.
//
// What is real here and what goes through a test hook (README, "Screen lock
// and system idle", has the measured table):
// - A private D-Bus session bus plays the desktop (support/dbus.ts): a screen
//   locker (org.freedesktop.ScreenSaver) and an idle monitor
//   (org.gnome.Mutter.IdleMonitor). The browsers ask these themselves.
// - Chromium, screen lock: REAL. The locker says "locked", Chromium's idle API
//   reports `locked`, JOC Guard's idle.onStateChanged listener ends the sessions.
//   Chromium, system idle: headless Chromium's idle time is always 0, so the
//   hook `idle-state` calls the listener's handler with `idle`.
// - Firefox, system idle: REAL. The idle monitor reports two hours without
//   input, Firefox's idle API reports `idle`, the listener ends the sessions.
//   Firefox never reports a locked screen (checked below).
// - The keyboard command: a key pressed in a headless page never reaches the
//   browser's extension shortcuts (checked below, both browsers), so the hook
//   `command` calls the commands listener's function. The badge is real.
// - The session cap: the timers, the notice in the pages and the end are real;
//   the hook `backdate` moves the login time back, as no test waits hours.
// - The popup's End all: real (popup opened as a tab, button clicked).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/shared/audit/types.ts';
import type { Session } from '../../src/shared/session/registry.ts';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, launch, scaled, type BrowserName, type TestBrowser, type TestPage } from './support/browsers.ts';
import { startDesktop, type Desktop } from './support/dbus.ts';
import { guiLogin, readStorage, tokenIn, waitForToken } from './support/gui.ts';
import { auditRecords, configure, eventually, hook, openPopup, settingsFor, shot, sleep } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

const H = 3_600_000;
/** How long the badge confirms the End-all shortcut (src/background/badge.ts). */
const END_ALL_HOLD_MS = 8000;
/** The End-all shortcut pressed in a page reaches the extension (measured: neither headless browser delivers it). */
const KEY_DELIVERED: Record<BrowserName, boolean> = { chromium: false, firefox: false };

interface Live {
  sim: Simulator;
  page: TestPage;
  token: string;
}

describe.each(BROWSERS)('%s', (name) => {
  let desktop: Desktop;
  let sims: Simulator[];
  let browser: TestBrowser;
  let control: TestPage;

  beforeAll(async () => {
    desktop = await startDesktop();
    sims = [await startSim({ variant: 'js7', clientAuth: 'need' }), await startSim({ variant: 'js7', clientAuth: 'need' })];
    browser = await launch(name, { pki: await testPki(), client: 'rsa', env: { DBUS_SESSION_BUS_ADDRESS: desktop.address } });
    const settings = settingsFor(sims[0]?.origin ?? '', (s) => {
      s.origins.push({ origin: sims[1]?.origin ?? '', label: 'Simulator 2', generation: 'auto', rememberMe: 'default' });
      Object.assign(s.session, { endOnLock: true, systemIdleMinutes: 1, maxHours: 1 });
    });
    control = await configure(browser, sims[0]?.origin ?? '', settings);
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of sims ?? []) await s.close();
    desktop?.close();
  });

  const audit = (): Promise<AuditRecord[]> => auditRecords(control);
  const liveSessions = async (): Promise<Session[]> => (await hook<{ sessions: Session[] }>(control, 'state')).sessions.filter((s) => s.state === 'live');

  /** One GUI login per simulator, each in its own tab; both known to JOC Guard with their tab. */
  async function twoSessions(): Promise<Live[]> {
    const out: Live[] = [];
    for (const sim of sims) {
      const page = await browser.newPage(`${sim.url}#/login`);
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
      const token = await waitForToken(page);
      expect(sim.isTokenValid(token)).toBe(true);
      out.push({ sim, page, token });
    }
    await eventually(async () => (await liveSessions()).filter((s) => s.tabs.length > 0).length === 2, 'two live sessions with their tabs');
    return out;
  }

  /** Both sessions ended: invalid on the server, both storages empty, one session.end with `reason` per origin. */
  async function expectEnded(live: Live[], reason: string, timeoutMs = 10_000): Promise<void> {
    for (const { sim, page, token } of live) {
      await eventually(() => !sim.isTokenValid(token), `${sim.origin}: token invalid on the server`, timeoutMs, () => whatGuardSaw(sim.origin));
      await eventually(async () => tokenIn(await readStorage(page)) === null, `${sim.origin}: storages cleared`);
      const left = await readStorage(page);
      for (const area of [left.local, left.session]) for (const k of ['$SOS$accessTokenId', '$SOS$permission']) expect(area[k] ?? '').toBe('');
    }
    await eventually(async () => {
      const ends = (await audit()).filter((r) => r.type === 'session.end' && r.reason === reason);
      return live.every((l) => ends.some((r) => r.origin === l.sim.origin));
    }, `session.end ${reason} audited for both origins`);
    const text = JSON.stringify(await audit());
    for (const { token } of live) expect(text).not.toContain(token);
    expect(await liveSessions()).toEqual([]);
  }

  /** For a failed wait: JOC Guard's sessions and its latest audit records of this origin. */
  async function whatGuardSaw(origin: string): Promise<string> {
    const { sessions } = await hook<{ sessions: Session[] }>(control, 'state');
    const mine = sessions.filter((x) => x.origin === origin).map((x) => `${x.state}, ${x.tabs.length} tab(s), started ${Math.round((Date.now() - x.startedAt) / 1000)} s ago`);
    const records = (await auditRecords(control, origin)).slice(-6).map((r) => `${r.type}${r.reason ? ` ${r.reason}` : ''}${r.detail ? ` (${r.detail})` : ''}`);
    return `sessions: ${mine.join('; ') || 'none'}; last records: ${records.join('; ') || 'none'}`;
  }

  async function closeAll(live: Live[]): Promise<void> {
    for (const { page } of live) await page.close();
  }

  it('the real idle API: active at rest; a locked screen is reported by Chromium only', async () => {
    desktop.setIdleMs(0);
    desktop.setLocked(false);
    const state = async (): Promise<string> => (await hook<{ state: string }>(control, 'idle-query', 15)).state;
    expect(await state()).toBe('active');
    desktop.setLocked(true);
    if (name === 'chromium') {
      await eventually(async () => (await state()) === 'locked', 'Chromium reports locked');
    } else {
      await sleep(2000);
      expect(await state()).toBe('active'); // Firefox has no `locked`
    }
    desktop.setLocked(false);
    await eventually(async () => (await state()) === 'active', 'active again after unlocking');
  });

  it('screen lock (Chromium, real) or system idle (Firefox, real) ends both sessions', { timeout: 180_000 }, async () => {
    const live = await twoSessions();
    if (name === 'chromium') {
      desktop.setLocked(true);
      await expectEnded(live, 'screen-locked');
      desktop.setLocked(false);
      expect((await audit()).find((r) => r.type === 'session.end' && r.reason === 'screen-locked')?.detail).toBe('the system reported the screen locked');
    } else {
      // Firefox looks at the system's idle time when its timer for the 60 s
      // detection interval comes round: up to a minute.
      desktop.setIdleMs(2 * H);
      await expectEnded(live, 'system-idle', 120_000);
      desktop.setIdleMs(0);
    }
    await closeAll(live);
  });

  it.runIf(name === 'chromium')('system idle (Chromium, through the hook) ends both sessions', async () => {
    const live = await twoSessions();
    // What idle.onStateChanged would deliver after a minute without input, and what idle.queryState would then say.
    await hook(control, 'idle-state', { event: 'idle', current: 'idle' });
    await expectEnded(live, 'system-idle');
    await closeAll(live);
  });

  it('the End-all keyboard command ends both sessions without opening anything; the badge confirms it', async () => {
    const live = await twoSessions();
    if (!KEY_DELIVERED[name]) {
      // The real key press first: it does not reach the extension in a headless browser.
      await pressEndAllKeys(browser);
      await sleep(1500);
      expect(live.every((l) => l.sim.isTokenValid(l.token))).toBe(true);
    }
    const r = await hook<{ ended: number }>(control, 'command', 'end-all-sessions');
    expect(r.ended).toBe(2);
    await expectEnded(live, 'user-ended-all');
    // What the operator sees on the control page's tab: END, held for its 8 s whatever else writes the
    // badge meanwhile, then the tab's own level again. Read from the tab's badge writes (a reading of the
    // badge at one moment failed under load: the answer came after the 8 s).
    let writes: { text: string; at: number; result: string }[] = [];
    const said = (): string => `the tab's last badge writes: ${JSON.stringify(writes)}`;
    // The first write of the END run (the first of the log only if the log, 20 writes, is not full).
    const endRun = (): number => writes.findIndex((w, i) => w.text === 'END' && (i === 0 ? writes.length < 20 : writes[i - 1]?.text !== 'END'));
    await eventually(
      async () => {
        writes = (await hook<{ writes: { text: string; at: number; result: string }[] }>(control, 'badge')).writes.filter((w) => w.result === 'ok');
        return endRun() >= 0 && writes.slice(endRun()).some((w) => w.text !== 'END');
      },
      'END on the badge, then the level again',
      20_000,
      () => Promise.resolve(said()),
    );
    const shown = writes[endRun()]?.at ?? 0;
    const replaced = writes.slice(endRun()).find((w) => w.text !== 'END')?.at ?? 0;
    expect(replaced - shown, said()).toBeGreaterThanOrEqual(END_ALL_HOLD_MS);
    expect((await audit()).filter((r) => r.type === 'session.end' && r.reason === 'user-ended-all').map((r) => r.detail)).toContain('keyboard shortcut');
    await closeAll(live);
  });

  it('session cap: a notice in every tab of both sessions, the popup shows the time left, then both end', async () => {
    const live = await twoSessions();
    // The popup lists both sessions with the time left under the cap. Read before the cap is made
    // near: under load the cap, 8 s away, once came before the popup was read.
    const popup = await openPopup(browser, control);
    await popup.waitForFunction(() => document.querySelectorAll('[data-testid="all-sessions-capleft"]').length === 2);
    const items = await popup.evaluate(() => [...document.querySelectorAll('[data-testid="all-sessions-item"]')].map((li) => li.getAttribute('data-origin')));
    expect([...items].sort()).toEqual(sims.map((s) => s.origin).sort());
    await popup.close();
    // Logged in (nearly) an hour ago: the notice is due now, the cap soon (scaled: the notices
    // must still be there when they are read).
    const capInMs = scaled(4000);
    expect((await hook<{ sessions: number }>(control, 'backdate', H - capInMs)).sessions).toBe(2);
    for (const { page } of live) {
      await page.waitFor('[data-joc-guard="cap-notice"]');
      const endsAt = Number(await page.evaluate(() => document.querySelector('[data-joc-guard="cap-notice"]')?.getAttribute('data-ends-at')));
      expect(endsAt - Date.now()).toBeLessThanOrEqual(capInMs);
    }
    if (live[0]) await shot(browser, live[0].page, 'cap-notice-light');
    await expectEnded(live, 'session-cap', 20_000);
    // The notice takes itself away when the time is up.
    for (const { page } of live) await eventually(async () => !(await page.evaluate(() => document.querySelector('[data-joc-guard="cap-notice"]') !== null)), 'notice gone');
    await closeAll(live);
  });

  it("the popup's End all, from a tab that is not a JOC page of either session, ends both", async () => {
    const live = await twoSessions();
    const popup = await openPopup(browser, control);
    await popup.waitForFunction(() => document.querySelectorAll('[data-testid="all-sessions-item"]').length === 2);
    await popup.click('[data-testid="end-all"]');
    await popup.waitFor('[data-testid="end-all-result"]');
    await expectEnded(live, 'user-ended-all');
    await popup.close();
    await closeAll(live);
  });
});

/** Alt+Shift+L, the default End-all shortcut, pressed in the last page. */
async function pressEndAllKeys(browser: TestBrowser): Promise<void> {
  const raw = browser.raw;
  if (raw.kind === 'chromium') {
    await raw.ctx.pages().at(-1)?.keyboard.press('Alt+Shift+L');
    return;
  }
  const page = (await raw.browser.pages()).at(-1);
  if (!page) return;
  await page.keyboard.down('Alt');
  await page.keyboard.down('Shift');
  await page.keyboard.press('L');
  await page.keyboard.up('Shift');
  await page.keyboard.up('Alt');
}
