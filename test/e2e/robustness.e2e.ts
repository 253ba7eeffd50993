// Bad input and failures around a session end: a JOC server that does not
// answer the logout call, a page that looks nothing like the JOC GUI, and a
// background that was suspended in the middle of a session.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, covers, launch, type TestBrowser } from './support/browsers.ts';
import { guiLogin, helper, readStorage, tokenIn, waitForToken } from './support/gui.ts';
import { auditRecords, configure, eventually, openPopup, settingsFor, sleep } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

describe.each(BROWSERS)('%s', (name) => {
  let sim: Simulator;
  let browser: TestBrowser;
  let hangLogout = false;
  const held: ServerResponse[] = [];
  beforeAll(async () => {
    sim = await startSim({
      variant: 'js7',
      clientAuth: 'need',
      extraHandler: (req: IncomingMessage, res: ServerResponse) => {
        if (hangLogout && req.url === '/joc/api/authentication/logout') {
          held.push(res); // never answered (until the test ends)
          return true;
        }
        if (req.url === '/joc/strange.html') {
          res.writeHead(200, { 'Content-Type': 'text/html' });
          res.end('<!doctype html><html><head><script src="/joc/probe.js"></script></head><body><h1>Maintenance</h1><script>window.__ok = true</script></body></html>');
          return true;
        }
        return false;
      },
    });
    browser = await launch(name, { pki: await testPki(), client: 'rsa' });
  });
  afterAll(async () => {
    for (const r of held) r.destroy();
    await browser?.close();
    await sim?.close();
  });

  it('server never answers the logout call: the page is cleared at once, the logout is kept pending and retried', async () => {
    const control = await configure(browser, sim.origin, settingsFor(sim.origin));
    const page = await browser.newPage(`${sim.url}#/login`);
    await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
    await waitForToken(page);
    await sleep(300);
    hangLogout = true;
    try {
      const popup = await openPopup(browser, page);
      await popup.waitForFunction(() => document.querySelector('[data-testid="session-state"]')?.getAttribute('data-session') === 'live');
      await popup.click('[data-testid="end-session"]');
      await eventually(async () => tokenIn(await readStorage(page)) === null, 'page cleared without waiting for the server', 2000);
      await eventually(
        async () => (await auditRecords(control)).some((r) => r.type === 'token.invalidation-pending' && r.result === 'timeout'),
        'audit: logout timed out, pending',
        10_000,
      );
      await popup.close();
    } finally {
      hangLogout = false;
    }
  });

  it('a page that looks different: stale token still removed first, the page runs normally', async () => {
    const control = await configure(browser, sim.origin, settingsFor(sim.origin));
    await control.evaluate(() => localStorage.setItem('$SOS$accessTokenId', 'stale-token-from-elsewhere-0001'));
    const page = await browser.newPage(`${sim.origin}/joc/strange.html`);
    await page.waitForFunction(() => (window as unknown as { __ok?: boolean }).__ok === true);
    const first = await page.evaluate(() => (window as unknown as { __simFirstRead: { local: string | null } }).__simFirstRead);
    expect(first.local).toBeNull();
    expect(await page.evaluate(() => document.querySelector('[data-joc-guard="hints"]'))).toBeNull();
    expect(await page.evaluate(() => document.querySelector('h1')?.textContent)).toBe('Maintenance');
  });
});

describe.runIf(covers('firefox'))('background suspended mid-session (Firefox event page)', () => {
  it('the last tab still gets its token invalidated after the background woke up', async () => {
    const sim = await startSim({ variant: 'js7', clientAuth: 'need' });
    const browser = await launch('firefox', { pki: await testPki(), client: 'rsa', withHelper: true, backgroundIdleMs: 1000 });
    try {
      await configure(browser, sim.origin, settingsFor(sim.origin));
      const page = await browser.newPage(`${sim.url}#/login`);
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
      const token = await waitForToken(page);
      await sleep(3500); // idle: the event page is suspended, its memory gone
      await helper(page, 'close-me');
      await eventually(() => !sim.isTokenValid(token), 'token invalidated by the woken background', 8000);
    } finally {
      await browser.close();
      await sim.close();
    }
  });
});
