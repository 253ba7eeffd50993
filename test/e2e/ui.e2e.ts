// Issue #8: the popup and the options page in both browsers, light and dark:
// axe-core finds no WCAG 2 A/AA violation, and screenshots of the main states
// are saved under test-output/screenshots/ for a reviewer.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, launch, type TestBrowser, type TestPage } from './support/browsers.ts';
import { configure, guiLogin, hook, openPopup, settingsFor, sleep, waitForToken } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = path.resolve(import.meta.dirname, '../../test-output/screenshots');

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

async function axe(page: TestPage): Promise<Violation[]> {
  await page.addScript(AXE);
  return page.evaluate(async () => {
    const api = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const r = await api.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

describe.each(BROWSERS.flatMap((b) => (['light', 'dark'] as const).map((scheme) => [b, scheme] as const)))('%s, %s theme', (name, scheme) => {
  let sim: Simulator;
  let browser: TestBrowser;
  let jocPage: TestPage;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    sim = await startSim({ variant: 'js7', clientAuth: 'need' });
    const pki = await testPki();
    browser = await launch(name, { pki, client: 'rsa', colorScheme: scheme });
    await configure(
      browser,
      sim.origin,
      settingsFor(sim.origin, (s) => {
        s.certificates.client = [{ origin: sim.origin, label: 'operator', pem: readFileSync(pki.clients.rsa.cert, 'utf8') }];
      }),
    );
    jocPage = await browser.newPage(`${sim.url}#/login`);
    await guiLogin(jocPage, { account: 'apmacwin', password: 'secret', variant: 'js7' });
    await waitForToken(jocPage);
    await sleep(500);
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  {
    it('popup with a live session: no accessibility violations', async () => {
      const popup = await openPopup(browser, jocPage);
      await popup.waitForFunction(() => document.querySelector('[data-testid="session-state"]')?.getAttribute('data-session') === 'live');
      await popup.screenshot(path.join(SHOTS, `${name}-popup-live-${scheme}.png`));
      expect(await axe(popup)).toEqual([]);
      await popup.close();
    });

    it('options page: no accessibility violations', async () => {
      await hook(jocPage, 'open-options');
      const options = await browser.findPage('options.html');
      await options.waitFor('#options[data-state="ready"]');
      await options.screenshot(path.join(SHOTS, `${name}-options-${scheme}.png`));
      expect(await axe(options)).toEqual([]);
      await options.close();
    });
  }

  it('login page hints render in the page', async () => {
    const page = await browser.newPage(`${sim.url}#/login`);
    await page.waitFor('input#account');
    await page.type('input#account', 'APMacWin');
    await page.waitForFunction(() => (document.querySelector('[data-joc-guard="hints"]')?.getAttribute('data-hints') ?? '').includes('account-case'));
    await page.screenshot(path.join(SHOTS, `${name}-login-hints-${scheme}.png`));
    await page.close();
  });
});
