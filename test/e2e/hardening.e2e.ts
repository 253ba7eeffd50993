// Issue #9, hardening: neither the JOC page itself (think XSS in the GUI) nor
// another installed extension can drive JOC Guard. Each tries every message
// JOC Guard understands — end the session, read the state and the audit,
// weaken the Remember Me policy, fake a token or a logout — and the test
// checks what an attacker wants to see changed: the session stays live on the
// server and in the page, the settings stay as they were, nothing is disclosed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, launch, type TestBrowser, type TestPage } from './support/browsers.ts';
import { guiLogin, readStorage, tokenIn, waitForToken } from './support/gui.ts';
import { configure, openPopup, settingsFor, sleep } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

/**
 * Every message type the background routes, each well-formed (with the live
 * token where one is asked for), so that only the sender check can refuse it.
 */
function attacks(tabId: number, token: string, href: string): unknown[] {
  const page = { href, generation: 'js7', timeoutMs: null, account: 'root', identityService: null };
  return [
    { type: 'ui.endSession', tabId },
    { type: 'ui.endAll' },
    { type: 'ui.state', tabId },
    { type: 'ui.settings.get' },
    { type: 'ui.settings.save', edit: { rememberMe: { mode: 'allow' } } },
    { type: 'ui.audit.query', filter: {} },
    { type: 'ui.audit.export', format: 'jsonl' },
    { type: 'ui.forward.test' },
    { type: 'ui.origins.changed' },
    { type: 'cs.gone', href, value: token, loginRoute: true },
    { type: 'cs.token', ...page, area: 'sessionStorage', value: 'planted-token-0000' },
    { type: 'cs.start', ...page, late: true, continuing: false, live: [{ area: 'sessionStorage', value: 'planted-token-0000' }], quarantined: [], rememberHeld: false },
    { type: 'cs.remember', href, event: 'bypass', detail: 'forged' },
    { type: 'cs.e2e', action: 'configure', payload: {} },
    { type: 'cs.e2e', action: 'audit' },
    { type: 'cs.e2e', action: 'command', payload: 'end-all-sessions' },
    { type: 'cs.e2e', action: 'idle-state', payload: { event: 'locked', current: 'locked' } },
  ];
}

/** Asks the helper extension (a foreign extension) to send `payload` to JOC Guard. */
async function fromForeignExtension(page: TestPage, to: string, payload: unknown): Promise<{ reply?: unknown; error?: string }> {
  await page.evaluate(() => document.documentElement.removeAttribute('data-e2e-helper'));
  await page.evaluate((m: string) => document.dispatchEvent(new CustomEvent('e2e-helper', { detail: m })), `external:${JSON.stringify({ to, payload })}`);
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-e2e-helper'));
  const raw = await page.evaluate(() => document.documentElement.getAttribute('data-e2e-helper') ?? '{}');
  return JSON.parse(raw) as { reply?: unknown; error?: string };
}

describe.each(BROWSERS)('%s', (name) => {
  let sim: Simulator;
  let browser: TestBrowser;
  let page: TestPage;
  let token: string;
  let tabId: number;
  let extensionId: string;

  beforeAll(async () => {
    sim = await startSim({ variant: 'js7', clientAuth: 'need' });
    browser = await launch(name, { pki: await testPki(), client: 'rsa', withHelper: true });
    await configure(browser, sim.origin, settingsFor(sim.origin));
    page = await browser.newPage(`${sim.url}#/login`);
    await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
    token = await waitForToken(page);
    await sleep(300);
    const popup = await openPopup(browser, page);
    const url = new URL(await popup.url());
    tabId = Number(url.searchParams.get('tabId'));
    await popup.close();
    // Chromium addresses extensions by their generated id, Firefox by the add-on id.
    extensionId = name === 'chromium' ? url.host : 'joc-guard@joc-guard.invalid';
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  async function stillIntact(): Promise<void> {
    expect(sim.isTokenValid(token)).toBe(true);
    expect(tokenIn(await readStorage(page))).toBe(token);
    const popup = await openPopup(browser, page);
    expect(await popup.evaluate(() => document.querySelector('[data-testid="session-state"]')?.getAttribute('data-session'))).toBe('live');
    expect(await popup.evaluate(() => document.querySelector('[data-testid="policy-mode"]')?.getAttribute('data-mode'))).toBe('forbid');
    await popup.close();
  }

  it('the JOC page cannot reach the extension: no runtime API, posted messages and events are ignored', async () => {
    const seen = await page.evaluate(async (tab: number) => {
      const g = globalThis as unknown as { chrome?: { runtime?: { sendMessage?: unknown } }; browser?: unknown };
      const apiVisible = typeof g.chrome?.runtime?.sendMessage === 'function' || g.browser !== undefined;
      const msgs = [{ type: 'ui.endSession', tabId: tab }, { type: 'cs.gone', href: location.href, value: sessionStorage.getItem('$SOS$accessTokenId'), loginRoute: true }, { type: 'ui.settings.save', edit: { rememberMe: { mode: 'allow' } } }];
      for (const m of msgs) {
        window.postMessage(m, '*');
        for (const name of ['jocguard', 'joc-guard', 'message', m.type]) document.dispatchEvent(new CustomEvent(name, { detail: m }));
      }
      await new Promise((r) => setTimeout(r, 1500));
      return apiVisible;
    }, tabId);
    expect(seen).toBe(false);
    await stillIntact();
  });

  it('another extension gets no answer to any message, changes nothing and learns nothing', async () => {
    const control = await browser.newPage(`${sim.origin}/__sim/blank`);
    for (const payload of attacks(tabId, token, `${sim.url}#/dashboard`)) {
      const r = await fromForeignExtension(control, extensionId, payload);
      // No onMessageExternal listener: the sender gets an error, never data.
      expect(r.reply ?? null, JSON.stringify(payload)).toBeNull();
      expect(r.error, JSON.stringify(payload)).toBeTruthy();
    }
    await sleep(500);
    await stillIntact();
    await control.close();
  });
});
