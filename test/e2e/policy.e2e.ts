// Issue #7: an administrator's managed policy, applied in real Firefox through
// a managed-storage manifest in a temporary HOME (the system is untouched),
// and the audit export of a real session in both browsers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/shared/audit/types.ts';
import type { Simulator } from '../sim/server.ts';
import { axe } from './support/axe.ts';
import { BROWSERS, covers, launch, type TestBrowser, type TestPage } from './support/browsers.ts';
import { guiLogin, waitForToken } from './support/gui.ts';
import { auditRecords, configure, eventually, hook, openOptions, openPopup, settingsFor, shot, sleep } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

describe.runIf(covers('firefox'))('managed policy (Firefox, managed storage)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim({ variant: 'js7', clientAuth: 'need' });
  });
  afterAll(() => sim?.close());

  it('a locked forbid policy configures the origin and cannot be weakened', async () => {
    const browser = await launch('firefox', {
      pki: await testPki(),
      client: 'rsa',
      managedPolicy: { origins: [{ origin: sim.origin, label: 'Managed JOC', generation: 'js7', rememberMe: 'default' }], rememberMe: { mode: 'forbid' } },
    });
    try {
      const page = await browser.newPage(`${sim.url}#/login`);
      await page.waitForFunction(() => document.querySelector<HTMLInputElement>('label[name="rememberMe"] input')?.disabled === true);
      const popup = await openPopup(browser, page);
      expect(await popup.evaluate(() => document.querySelector('[data-testid="policy-mode"]')?.getAttribute('data-mode'))).toBe('forbid');
      expect(await popup.evaluate(() => document.querySelector('[data-testid="policy-locked"]') !== null)).toBe(true);
      await shot(browser, popup, 'popup-policy-locked');
      // The user's attempt to allow Remember Me is refused by the background.
      const reply = await popup.evaluate(async () => {
        const api = (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser;
        return api.runtime.sendMessage({ type: 'ui.settings.save', edit: { rememberMe: { mode: 'allow' } } });
      });
      expect((reply as { ok: boolean }).ok).toBe(false);
      await popup.close();
    } finally {
      await browser.close();
    }
  });

  it('a malformed policy falls back to the safest settings and says why', async () => {
    const browser = await launch('firefox', {
      pki: await testPki(),
      client: 'rsa',
      managedPolicy: { origins: [{ origin: sim.origin, label: 'x', generation: 'js7', rememberMe: 'default' }], rememberMe: { mode: 'sometimes' }, session: 'nope' },
    });
    try {
      const page = await browser.newPage(`${sim.url}#/login`);
      await page.waitForFunction(() => document.querySelector<HTMLInputElement>('label[name="rememberMe"] input')?.disabled === true);
      const popup = await openPopup(browser, page);
      expect(await popup.evaluate(() => document.querySelector('[data-testid="policy-mode"]')?.getAttribute('data-mode'))).toBe('forbid');
      expect(await popup.evaluate(() => document.querySelector('[data-testid="policy-errors"]')?.textContent ?? '')).toContain('rememberMe.mode');
      const audit = await auditRecords(page);
      expect(audit.some((r) => r.type === 'policy.invalid')).toBe(true);
      await shot(browser, popup, 'popup-policy-invalid');
      await popup.close();
    } finally {
      await browser.close();
    }
  });
});

// Issue 15.4. Firefox only: Chromium reads a managed policy only from
// /etc/chromium/policies/managed/, which would change every Chromium on this
// machine (see SECURITY.md, "Weakening under a managed policy").
describe.runIf(covers('firefox'))('managed policy: optional fields and weakening (Firefox, managed storage)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim({ variant: 'js7', clientAuth: 'need' });
  });
  afterAll(() => sim?.close());

  /** The audit trail as the options page reads it (works without host access too). */
  function auditOf(options: TestPage, type: string): Promise<AuditRecord[]> {
    return options.evaluate(async (type: string) => {
      const api = (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser;
      return ((await api.runtime.sendMessage({ type: 'ui.audit.query', filter: { type } })) as { records: AuditRecord[] }).records;
    }, type);
  }

  it('removing an origin in the options page writes exactly one policy.weakened record, and the page says the administrator sees it', async () => {
    // Only Remember Me is managed: the origins stay the user's to change.
    const browser = await launch('firefox', { pki: await testPki(), client: 'rsa', managedPolicy: { rememberMe: { mode: 'forbid' } } });
    try {
      const control = await configure(browser, sim.origin, settingsFor(sim.origin));
      const options = await openOptions(browser, control);
      const note = await options.evaluate(() => document.querySelector('#origins [data-testid="weakening-note"]')?.textContent ?? '');
      expect(note).toMatch(/administrator will see/);
      expect(await axe(options)).toEqual([]);
      await options.click(`[data-testid="origin-row"][data-origin="${sim.origin}"] [data-testid="origin-remove"]`);
      await options.waitFor('#origins [data-testid="weakened-recorded"]');
      expect(await options.evaluate(() => document.querySelector('#origins [data-testid="weakened-recorded"]')?.textContent ?? '')).toMatch(/origins.*administrator will see/);
      expect(await axe(options)).toEqual([]);
      await shot(browser, options, 'options-weakened');
      const weakened = (await auditRecords(control)).filter((r) => r.type === 'policy.weakened');
      expect(weakened).toHaveLength(1);
      expect(weakened[0]).toMatchObject({ origin: sim.origin, reason: 'user', detail: `origins ${sim.origin} removed` });
      // A change that does not weaken anything (a larger audit trail) adds no record.
      await options.evaluate(() => {
        const input = document.querySelector<HTMLInputElement>('#f-maxRecords');
        if (input === null) throw new Error('no #f-maxRecords');
        input.value = '9000';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await options.click('[data-testid="policy-save"]');
      await options.waitFor('#policy [data-testid="save-status"][data-ok="true"]');
      expect(await options.evaluate(() => document.querySelector('#policy [data-testid="weakened-recorded"]') === null)).toBe(true);
      expect((await auditRecords(control)).filter((r) => r.type === 'policy.weakened')).toHaveLength(1);
    } finally {
      await browser.close();
    }
  });

  // One browser for the policy that names nothing but the origin: first what it configures, then
  // the user revoking its host access (last: it weakens the setup the first one looks at).
  describe('a policy with an origins entry and nothing else', () => {
    let browser: TestBrowser;
    beforeAll(async () => {
      browser = await launch('firefox', { pki: await testPki(), client: 'rsa', managedPolicy: { origins: [{ origin: sim.origin }] } });
    });
    afterAll(() => browser?.close());

    it('an origins entry with nothing but its origin is valid: no policy.invalid record, no policy error shown', async () => {
      const page = await browser.newPage(`${sim.url}#/login`);
      // The origin is protected (default Remember Me policy: forbid).
      await page.waitForFunction(() => document.querySelector<HTMLInputElement>('label[name="rememberMe"] input')?.disabled === true);
      const popup = await openPopup(browser, page);
      expect(await popup.evaluate(() => document.querySelector('[data-testid="policy-errors"]')?.textContent ?? null)).toBeNull();
      await popup.close();
      expect((await auditRecords(page)).filter((r) => r.type === 'policy.invalid')).toEqual([]);
      const options = await openOptions(browser, page);
      expect(await options.evaluate(() => document.querySelector('[data-testid="settings-errors"]')?.textContent ?? null)).toBeNull();
      const row = await options.evaluate(() => document.querySelector('[data-testid="origin-row"]')?.getAttribute('data-origin'));
      expect(row).toBe(sim.origin);
      await options.close();
      await page.close();
    });

    it('revoking host access for a configured origin writes one policy.weakened record', async () => {
      const page = await browser.newPage(`${sim.url}#/login`);
      await page.waitForFunction(() => document.querySelector<HTMLInputElement>('label[name="rememberMe"] input')?.disabled === true);
      const options = await openOptions(browser, page);
      // What the user does in about:addons → Permissions, done by the extension itself.
      const removed = await options.evaluate(async () => {
        const api = (globalThis as unknown as { browser: { permissions: { remove(p: unknown): Promise<boolean> } } }).browser;
        return api.permissions.remove({ origins: ['https://localhost/*'] });
      });
      expect(removed).toBe(true);
      await eventually(async () => (await auditOf(options, 'policy.weakened')).length > 0, 'policy.weakened recorded');
      const weakened = await auditOf(options, 'policy.weakened');
      expect(weakened).toHaveLength(1);
      expect(weakened[0]).toMatchObject({ origin: sim.origin, reason: 'host-access', detail: `host-access ${sim.origin} revoked` });
    });
  });
});

describe.runIf(covers('firefox'))('broken managed policy and a background that restarts (Firefox event page)', () => {
  it('is audited once per browser session, not at every wake-up of the background', async () => {
    const sim = await startSim({ variant: 'js7', clientAuth: 'need' });
    const browser = await launch('firefox', {
      pki: await testPki(),
      client: 'rsa',
      backgroundIdleMs: 1000,
      managedPolicy: { origins: [{ origin: sim.origin, label: 'x', generation: 'js7', rememberMe: 'default' }], rememberMe: { mode: 'sometimes' } },
    });
    try {
      const instance = async (): Promise<string> => {
        const page = await browser.newPage(`${sim.origin}/__sim/blank`);
        const r = await hook<{ instance: string }>(page, 'registered');
        await page.close();
        return r.instance;
      };
      const first = await instance();
      const seen = [first];
      // Idle: Firefox suspends the event page; the next page wakes a new one, which
      // reads the same broken policy again. Three rounds.
      for (let i = 0; i < 3; i++) {
        await sleep(3000);
        seen.push(await instance());
      }
      expect(new Set(seen).size).toBeGreaterThan(1); // the background really restarted
      const control = await browser.newPage(`${sim.origin}/__sim/blank`);
      const policyInvalid = async (): Promise<AuditRecord[]> => (await auditRecords(control)).filter((r) => r.type === 'policy.invalid');
      // The last wake-up may still be applying its settings; a record is never lost to a stop.
      await eventually(async () => (await policyInvalid()).length > 0, 'a policy.invalid record');
      const invalid = await policyInvalid();
      expect(invalid.length).toBe(1);
      expect(invalid[0]?.detail ?? '').toContain('rememberMe.mode');
    } finally {
      await browser.close();
      await sim.close();
    }
  });
});

describe.each(BROWSERS)('audit export in %s', (name) => {
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

  it('contains the session events of a real login/logout and never the token', async () => {
    const control = await configure(browser, sim.origin, settingsFor(sim.origin));
    const page = await browser.newPage(`${sim.url}#/login`);
    await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
    const token = await waitForToken(page);
    await sleep(500);
    await page.click('#sim-logout');
    await eventually(() => !sim.isTokenValid(token), 'logout');
    const options = await openOptions(browser, control);
    await eventually(async () => (await auditRecords(control)).some((r) => r.type === 'session.end'), 'session.end recorded');
    for (const format of ['jsonl', 'csv'] as const) {
      const out = await options.evaluate(async (format: string) => {
        const g = globalThis as unknown as { browser?: { runtime: { sendMessage(m: unknown): Promise<unknown> } }; chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
        const api = g.browser ?? g.chrome;
        return (await api.runtime.sendMessage({ type: 'ui.audit.export', format })) as { text: string };
      }, format);
      expect(out.text).toContain('session.start');
      expect(out.text).toContain('session.end');
      expect(out.text).toContain('apmacwin');
      expect(out.text).not.toContain(token);
      expect(out.text).not.toContain('secret');
      if (format === 'jsonl') {
        const lines = out.text.trim().split('\n');
        expect(lines.length).toBeGreaterThan(2);
        for (const l of lines) expect((JSON.parse(l) as { v: number }).v).toBe(1);
      } else {
        expect(out.text.split('\n')[0]).toMatch(/^v,seq,id,ts,type,origin/);
      }
    }
  });
});

