// Smoke: the built extension loads in each real browser, its content script
// runs on an HTTPS JOC origin served with mutual TLS, and its popup renders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, launch, type TestBrowser } from './support/browsers.ts';
import { configure, expectGuardedLogin, openPopup, settingsFor } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

describe.each(BROWSERS)('smoke in %s', (name) => {
  let sim: Simulator;
  let browser: TestBrowser;
  beforeAll(async () => {
    sim = await startSim({ variant: 'js7', clientAuth: 'need' });
    browser = await launch(name, { pki: await testPki(), client: 'rsa' });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  it('loads, guards the login page over mTLS and renders the popup', async () => {
    await configure(browser, sim.origin, settingsFor(sim.origin));
    const page = await browser.newPage(`${sim.url}#/login`);
    // The content script disabled Remember Me (policy forbid is the default).
    await expectGuardedLogin(page, () => sim.requests.map((r) => r.clientCn));
    const popup = await openPopup(browser, page);
    expect(await popup.evaluate(() => document.querySelector('[data-testid="origin"]')?.textContent ?? '')).toContain('localhost');
    expect(await popup.evaluate(() => document.querySelector('[data-testid="policy-mode"]')?.getAttribute('data-mode'))).toBe('forbid');
  });
});
