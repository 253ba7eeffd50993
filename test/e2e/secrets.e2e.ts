// Issue 15 item 3: no secret within a content script's reach. JOC Guard's E2E
// build runs a content script of its own on the simulator's pages (the test
// bridge); what it can read is what a compromised JOC renderer could read
// through JOC Guard. After forwarding was configured with an authHeader and a
// session was fingerprinted, it lists every item of storage.local,
// storage.session and storage.managed it can read, and finds neither the
// authHeader value nor a fingerprint key (32 bytes, kept as 64 hex).
import { createHmac, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type SimCollector } from '../sim/collector.ts';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, extDir, launch, unpackedExtensionId, type TestBrowser } from './support/browsers.ts';
import { guiLogin, waitForToken } from './support/gui.ts';
import { auditRecords, configure, eventually, hook, settingsFor, sleep, waitForGuard } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

const AUTH = 'Bearer e2e-SECRET-forwarding-credential-4711';

type Dump = Record<'local' | 'session' | 'managed', { items: Record<string, unknown> } | { error: string }>;

describe.each(BROWSERS)('secrets and content scripts in %s', (name) => {
  let sim: Simulator;
  let collector: SimCollector;
  let browser: TestBrowser;

  beforeAll(async () => {
    const pki = await testPki();
    sim = await startSim({ variant: 'js7', clientAuth: 'need' });
    collector = await startCollector({ pki, auth: { 'joc-guard': AUTH } });
    // Chromium's profile is kept: the last scenario restarts the browser on it (an update taking effect).
    browser = await launch(name, { pki, client: 'rsa', keepProfile: name === 'chromium' });
  });
  afterAll(async () => {
    await browser?.close();
    if (name === 'chromium' && browser) await rm(browser.profileDir, { recursive: true, force: true });
    await collector?.close();
    await sim?.close();
  });

  it('a content script of JOC Guard can read neither the forwarding authHeader nor the fingerprint key', async () => {
    const control = await configure(
      browser,
      sim.origin,
      settingsFor(sim.origin, (s) => {
        s.audit.forward = { enabled: true, url: collector.url('joc-guard'), authHeader: AUTH, batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' };
      }),
    );
    const page = await browser.newPage(`${sim.url}#/login`);
    await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
    await waitForToken(page);
    await sleep(300);
    // The session was fingerprinted (so the key exists) and forwarding used the credential.
    await eventually(async () => (await auditRecords(control)).some((r) => r.type === 'session.start' && typeof r.fp === 'string'), 'session.start with a fingerprint');
    await eventually(() => collector.requests.some((r) => r.authorization === AUTH && r.status === 200), 'forwarding with the credential');

    const dump = await hook<Dump>(page, 'content-storage');
    const readable = Object.fromEntries(Object.entries(dump).map(([area, r]) => [area, 'items' in r ? Object.keys(r.items).sort() : `not readable (${r.error})`]));
    console.log(`[${name}] what a JOC Guard content script can read:`, JSON.stringify(readable));
    const text = JSON.stringify(dump);
    expect(text).not.toContain(AUTH.slice('Bearer '.length));
    expect(text).not.toMatch(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/); // a 32-byte key in hex
    for (const r of Object.values(dump)) if ('items' in r) expect(Object.keys(r.items)).not.toContain('fingerprintKey');
    // The bridge really reads what it can: in Firefox storage.local is readable (audit log, settings without the secret).
    if (name === 'firefox') expect(readable.local).toEqual(expect.arrayContaining(['settings']));
  });

  // Chromium only: the automation can run code in JOC Guard's own pages (Firefox's are out of reach here).
  // An extension page has the service worker's storage.local and IndexedDB. The new version takes
  // over at the next browser start, as a real update of an extension in use does, and its start-up
  // moves the secrets (the same start-up runs after an install or update: background/index.ts).
  // This scenario used to update with runtime.reload(). That failed twice in 15 suite runs with no
  // worker after the reload, and once more, with developer mode on, with nothing moved within 60 s
  // while the options page loaded. A restart on the same profile is what it tests now. A failure
  // names what the extension page saw.
  it.runIf(name === 'chromium')('an authHeader and a fingerprint key an earlier version left in storage.local are moved: same key, same fingerprints', async () => {
    if (browser.raw.kind !== 'chromium') return;
    const optionsUrl = `chrome-extension://${unpackedExtensionId(extDir('chromium'))}/options.html`;
    const legacyKey = randomBytes(32).toString('hex');
    const legacyAuth = 'Bearer legacy-e2e-credential-0815';
    const settings = settingsFor(sim.origin, (s) => {
      s.audit.forward = { enabled: true, url: collector.url('joc-guard'), authHeader: legacyAuth, batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' };
    });
    // What an earlier version left: both secrets in storage.local, nothing in IndexedDB. Then the browser restarts.
    const before = await browser.raw.ctx.newPage();
    await before.goto(optionsUrl);
    await before.evaluate(
      async ({ settings, key }) => {
        await new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('jocguard', 1);
          open.onsuccess = () => {
            const tx = open.result.transaction('kv', 'readwrite');
            tx.objectStore('kv').delete('secret:fingerprintKey');
            tx.objectStore('kv').delete('secret:forwardAuthHeader');
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(new Error('idb'));
          };
          open.onerror = () => reject(new Error('idb open'));
        });
        await chrome.storage.local.set({ settings, fingerprintKey: key });
      },
      { settings, key: legacyKey },
    );
    await before.close();
    const profileDir = browser.profileDir;
    await browser.close(); // orderly: the profile is kept
    browser = await launch(name, { pki: await testPki(), client: 'rsa', profileDir });
    if (browser.raw.kind !== 'chromium') return;
    const ctx = browser.raw.ctx;
    // The new background moves the secrets at its start-up. Read in a new extension page.
    type Seen = { local: Record<string, unknown>; idb: Record<string, unknown> };
    const state = async (): Promise<Seen | string> => {
      const p = await ctx.newPage();
      try {
        await p.goto(optionsUrl);
        return await p.evaluate(async () => {
          const local = await chrome.storage.local.get(['fingerprintKey', 'settings']);
          const idb = await new Promise<Record<string, unknown>>((resolve, reject) => {
            const open = indexedDB.open('jocguard', 1);
            open.onerror = () => reject(new Error('idb open'));
            open.onsuccess = () => {
              const store = open.result.transaction('kv', 'readonly').objectStore('kv');
              const out: Record<string, unknown> = {};
              const a = store.get('secret:fingerprintKey');
              const b = store.get('secret:forwardAuthHeader');
              b.onsuccess = () => {
                out.key = a.result as unknown;
                out.auth = b.result as unknown;
                open.result.close();
                resolve(out);
              };
            };
          });
          return { local, idb };
        });
      } catch (err) {
        return err instanceof Error ? err.message.split('\n')[0]!.slice(0, 160) : String(err);
      } finally {
        await p.close().catch(() => undefined);
      }
    };
    let last: Seen | string = 'not read yet';
    const moved = (st: Seen | string): st is Seen => typeof st !== 'string' && st.local.fingerprintKey === undefined && st.idb.key === legacyKey && st.idb.auth === legacyAuth;
    await eventually(
      async () => moved((last = await state())),
      'secrets moved to IndexedDB after the update',
      30_000,
      () => {
        const seen = typeof last === 'string' ? `the extension page failed: ${last}` : `storage.local fingerprintKey ${last.local.fingerprintKey === undefined ? 'gone' : 'still there'}, IndexedDB key ${last.idb.key === legacyKey ? 'moved' : 'not moved'}, credential ${last.idb.auth === legacyAuth ? 'moved' : 'not moved'}`;
        return Promise.resolve(seen);
      },
    );
    const st = await state();
    if (typeof st === 'string') throw new Error(`the extension page failed: ${st}`);
    expect((st.local.settings as { audit: { forward: { authHeader: string } } }).audit.forward.authHeader).toBe('');
    // Same key: a new session's fingerprint is the HMAC under the legacy key; forwarding still sends the moved credential.
    const page = await browser.newPage(`${sim.url}#/login`);
    await waitForGuard(page);
    await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
    const token = await waitForToken(page);
    const expected = createHmac('sha256', Buffer.from(legacyKey, 'hex')).update(token).digest('hex').slice(0, 12);
    await eventually(async () => (await auditRecords(page)).some((r) => r.type === 'session.start' && r.fp === expected), 'session.start fingerprinted with the moved key');
    await eventually(() => collector.requests.some((r) => r.authorization === legacyAuth), 'forwarding with the moved credential');
  });
});
