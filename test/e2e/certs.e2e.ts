// Issue #6: what the badge, the popup and the login page say about the
// client certificate and about failed handshakes and logins, in both browsers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRAFTED_SAFES, craftedP12 } from '../sim/crafted-p12.ts';
import type { Pki, ClientName } from '../sim/pki.ts';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, launch, type TestBrowser, type TestPage } from './support/browsers.ts';
import { guiLogin, waitForToken } from './support/gui.ts';
import { configure, eventually, hook, openOptions, openPopup, settingsFor, shot, sleep } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

const attr = (p: TestPage, sel: string, name: string): Promise<string | null> =>
  p.evaluate(({ sel, name }) => document.querySelector(sel)?.getAttribute(name) ?? null, { sel, name });

function withCert(origin: string, pki: Pki, client: ClientName) {
  return settingsFor(origin, (s) => {
    s.certificates.client = [{ origin, label: client, pem: readFileSync(pki.clients[client].cert, 'utf8') }];
    s.certificates.caPem = [readFileSync(pki.rootCa.cert, 'utf8'), readFileSync(pki.intermediate.cert, 'utf8')];
  });
}

describe.each(BROWSERS)('%s', (name) => {
  let pki: Pki;
  let sim: Simulator; // JOC origin, certificate required
  let plain: Simulator; // a second origin without client auth, for control pages
  beforeAll(async () => {
    pki = await testPki();
    sim = await startSim({ variant: 'js7', clientAuth: 'need' });
    plain = await startSim({ variant: 'js7', clientAuth: 'none' });
  });
  afterAll(async () => {
    await sim?.close();
    await plain?.close();
  });

  async function failedTab(browser: TestBrowser, control: TestPage): Promise<number> {
    const page = await browser.newPage();
    await page.goto(`${sim.url}#/login`).catch(() => undefined); // the handshake fails
    // The tab shows the failed URL once its error page is committed; on a loaded machine that
    // can be well after goto gave up (a fixed 800 ms pause ran out in CI).
    let id: number | undefined;
    await eventually(async () => {
      const tabs = await hook<{ id: number; url?: string }[]>(control, 'tabs');
      id = tabs.find((t) => t.url?.startsWith(sim.origin))?.id;
      return id !== undefined;
    }, 'the tab of the failed handshake shows its URL');
    if (id === undefined) throw new Error('failed tab not found');
    return id;
  }

  describe('valid RSA certificate', () => {
    let browser: TestBrowser;
    beforeAll(async () => {
      browser = await launch(name, { pki, client: 'rsa' });
    });
    afterAll(() => browser?.close());

    it('good login: ok badge, certificate details in the popup', async () => {
      await configure(browser, sim.origin, withCert(sim.origin, pki, 'rsa'));
      const page = await browser.newPage(`${sim.url}#/login`);
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
      await waitForToken(page);
      await sleep(500);
      const popup = await openPopup(browser, page);
      expect(await attr(popup, '[data-testid="cert-level"]', 'data-level')).toBe('ok');
      expect(await popup.evaluate(() => document.querySelector('[data-testid="client-cert-cn"]')?.textContent)).toContain('apmacwin');
      expect(await popup.evaluate(() => document.querySelector('[data-testid="session-account"]')?.textContent)).toContain('apmacwin');
      if (name === 'chromium') expect(await popup.evaluate(() => document.querySelector('[data-testid="server-unsupported"]') !== null)).toBe(true);
      else expect(await popup.evaluate(() => document.querySelector('[data-testid="server-cert"]') !== null)).toBe(true);
      expect((await hook<{ text: string }>(page, 'badge')).text).toBe('✓');
      await popup.close();
    });

    // Runs right after a certificate was read: in Chromium the reader's offscreen document is open
    // (it closes 20 s after its last reading) and hears every runtime message the background hears.
    it('while the certificate reader is open, the background still answers the pages, the popup and the options page', async () => {
      const page = await browser.newPage(`${sim.url}#/login`);
      for (let i = 0; i < 5; i++) expect(Array.isArray(await hook<unknown>(page, 'tabs'))).toBe(true);
      expect((await hook<{ text?: unknown }>(page, 'badge')).text).toBeTypeOf('string');
      const options = await openOptions(browser, page);
      await options.close();
      const popup = await openPopup(browser, page);
      await popup.waitFor('[data-testid="cert-level"]');
      await popup.close();
    });

    it('CN mismatch: hint while typing, then 401 explained in the popup', async () => {
      const page = await browser.newPage(`${sim.url}#/login`);
      await page.waitFor('input#account');
      await page.type('input#account', 'APMacWin');
      await page.waitForFunction(() => (document.querySelector('[data-joc-guard="hints"]')?.getAttribute('data-hints') ?? '').includes('account-case'));
      await page.type('input#password', 'secret');
      await page.click('button[type="submit"]');
      await page.waitForFunction(() => document.querySelector('.error-input.show') !== null);
      const popup = await openPopup(browser, page);
      await popup.waitForFunction(() => document.querySelector('[data-testid="failure"]') !== null);
      expect(await attr(popup, '[data-testid="failure"]', 'data-code')).toBe('cn-mismatch-or-bad-credentials');
      await shot(browser, popup, 'popup-cn-mismatch');
      await popup.close();
    });

    // In the same browser (it holds the same certificate), with settings of its own.
    describe('options page: a crafted PKCS#12 file (issue 15.5)', () => {
      // 600 encrypted safes at 1,000,000 iterations each: hours of SHA-1 for a reader that does the
      // work, and it used to run on the page's main thread.
      // How fast the refusal comes is a benchmark figure, not a test bound: the wait below is the
      // usual scaled one (20-30 s side by side), hours short of what the work would take.
      it('is refused before the work, with the error shown, and the page stays responsive meanwhile', async () => {
        const control = await configure(browser, sim.origin, settingsFor(sim.origin));
        const options = await openOptions(browser, control);
        await options.evaluate(() => {
          const w = window as unknown as { __ticks: number };
          w.__ticks = 0;
          setInterval(() => void w.__ticks++, 20);
        });
        const b64 = Buffer.from(craftedP12({ safes: CRAFTED_SAFES, iterations: 1_000_000 })).toString('base64');
        // As if the user chose the file: a File in the input, then its change event.
        await options.evaluate((data: string) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="cert-file"]');
          if (!input) throw new Error('no file input');
          const dt = new DataTransfer();
          dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'crafted.p12', { type: 'application/x-pkcs12' }));
          input.files = dt.files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
        }, b64);
        const ticksAtUpload = await options.evaluate(() => (window as unknown as { __ticks: number }).__ticks);
        // A blocked main thread cannot even answer this poll: the wait then times out.
        await options.waitForFunction(() => document.querySelector('[data-testid="cert-error"]')?.getAttribute('data-code') === 'p12-too-costly');
        const text = await options.evaluate(() => document.querySelector('[data-testid="cert-error"]')?.textContent ?? '');
        expect(text).toContain('unreasonable amount of computation');
        expect(text).toContain(`${CRAFTED_SAFES} encrypted safes`);
        // The page kept working all along: its timer ticked.
        expect(await options.evaluate(() => (window as unknown as { __ticks: number }).__ticks)).toBeGreaterThan(ticksAtUpload);
        await shot(browser, options, 'options-p12-too-costly');
        await options.close();
      });
    });
  });

  describe('expired certificate', () => {
    let browser: TestBrowser;
    beforeAll(async () => {
      browser = await launch(name, { pki, client: 'expired' });
    });
    afterAll(() => browser?.close());

    it('the handshake is refused; the popup shows an error level and why', async () => {
      // The JOC origin refuses this certificate: set up from the other origin.
      const control = await browser.newPage(`${plain.origin}/__sim/blank`);
      await hook(control, 'configure', withCert(sim.origin, pki, 'expired'));
      const tabId = await failedTab(browser, control);
      const popup = await openPopup(browser, control, tabId);
      expect(await attr(popup, '[data-testid="cert-level"]', 'data-level')).toBe('error');
      expect(await attr(popup, '[data-testid="client-cert"]', 'data-level')).toBe('error');
      await eventually(async () => (await popup.evaluate(() => document.querySelector('[data-testid="failure"]')?.getAttribute('data-code') ?? null)) !== null, 'failure shown');
      expect(await attr(popup, '[data-testid="failure"]', 'data-code')).toMatch(/^client-cert-(expired|rejected|required)$/);
      expect((await hook<{ text: string }>(control, 'badge', tabId)).text).toBe('×');
      await shot(browser, popup, 'popup-cert-expired');
      await popup.close();
    });
  });

  describe('certificate without the clientAuth extended key usage', () => {
    let browser: TestBrowser;
    beforeAll(async () => {
      browser = await launch(name, { pki, client: 'noclientauth' });
    });
    afterAll(() => browser?.close());

    // Jetty (JOC Cockpit) refuses such a certificate at the handshake, and so does the simulator
    // (OpenSSL checks the purpose); Firefox does not even offer it. The popup must say why.
    it('the popup shows an error level and explains that JOC Cockpit refuses it', async () => {
      const control = await browser.newPage(`${plain.origin}/__sim/blank`);
      await hook(control, 'configure', withCert(sim.origin, pki, 'noclientauth'));
      const tabId = await failedTab(browser, control);
      const popup = await openPopup(browser, control, tabId);
      await popup.waitFor('[data-testid="client-cert"]');
      expect(await attr(popup, '[data-testid="client-cert"]', 'data-level')).toBe('error');
      expect(await attr(popup, '[data-testid="cert-level"]', 'data-level')).toBe('error');
      const finding = '[data-testid="client-cert"] [data-code="cert.no-client-auth-eku"]';
      expect(await attr(popup, finding, 'data-level')).toBe('error');
      expect(await popup.evaluate((sel) => document.querySelector(sel)?.textContent ?? '', finding)).toMatch(/Jetty/);
      await shot(browser, popup, 'popup-cert-no-client-auth');
      await popup.close();
    });
  });

  describe('no certificate, server requires one', () => {
    let browser: TestBrowser;
    beforeAll(async () => {
      browser = await launch(name, { pki, client: null });
    });
    afterAll(() => browser?.close());

    it('the popup says a client certificate is required', async () => {
      const control = await browser.newPage(`${plain.origin}/__sim/blank`);
      await hook(control, 'configure', settingsFor(sim.origin));
      const tabId = await failedTab(browser, control);
      const popup = await openPopup(browser, control, tabId);
      await eventually(async () => (await popup.evaluate(() => document.querySelector('[data-testid="failure"]')?.getAttribute('data-code') ?? null)) !== null, 'failure shown');
      // Firefox names the alert exactly; Chromium reports either ERR_SOCKET_NOT_CONNECTED
      // (TLS 1.3, "required") or ERR_BAD_SSL_CLIENT_AUTH_CERT ("rejected") for the same refusal.
      const code = await attr(popup, '[data-testid="failure"]', 'data-code');
      if (name === 'firefox') expect(code).toBe('client-cert-required');
      else expect(code).toMatch(/^client-cert-(required|rejected)$/);
      await popup.close();
    });
  });
});
